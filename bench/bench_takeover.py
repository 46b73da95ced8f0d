"""Takeover time of `zoomops serve` on PostgreSQL: two real instances run the faults forum in compressed time
against a served sandbox; the leader is SIGKILLed N times (seeded random points, the killed one restarted as the
standby) and the time from the kill to the standby holding the lease (its `acquired_at`, on the database's clock)
and to its first claim is measured. Side by side: the same with the lease the service had before the keeper
(30 s, renewed at each 5 s pass), and the configured lease as the floor (a lease cannot pass sooner).

    .venv/bin/python bench/bench_takeover.py [--kills 30] [--baseline-kills 3]

Needs Debian's PostgreSQL binaries (initdb, pg_ctl), as the tests do. Reuses the failover test's rig
(tests/service/failover_rig.py) and the faults suite's sandbox and forum (tests/faults/conftest.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' rig is a package of the repository, not of zoomops

from tests.faults.conftest import SHOW_YAML as FORUM  # noqa: E402
from tests.faults.conftest import STREAM, LoggedSandbox, World  # noqa: E402
from tests.service.failover_rig import Pair  # noqa: E402
from tests.service.postgres import throwaway_cluster  # noqa: E402
from zoomops.sandbox.server import SandboxServer  # noqa: E402


def world(tmp: Path, sandbox: LoggedSandbox) -> World:
    """The faults forum applied to the served sandbox, its webinar started (as the faults suite's fixture)."""
    schedule = tmp / "schedules" / "faults.yaml"
    schedule.parent.mkdir(parents=True)
    schedule.write_text(FORUM, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZOOM", "ZOOMOPS"))}
    env.update(sandbox.credentials().env())
    env.update({"ZOOMOPS_STATE_DIR": str(tmp / "state"), "PYTHONPATH": str(ROOT), "ZOOM_WEBHOOK_SECRET_TOKEN": ""})
    w = World(sandbox, schedule, tmp / "state", env)
    applied = w.zoomops("apply", str(schedule), "--yes", "--json")
    if applied.returncode != 0:
        raise SystemExit(f"apply failed: {applied.stderr[-2000:]}")
    [webinar_id] = json.loads(applied.stdout)["webinars"].values()
    w.webinar_id = str(webinar_id)
    with sandbox.transaction() as (st, _ids):
        st.webinars[w.webinar_id]["livestream"] = dict(STREAM)
    sandbox.start_webinar(webinar_id)
    return w


def series(dsn: str, lease: tuple[float, float, float], kills: int, speed: float, seed: int) -> dict[str, object]:
    """Kill the leader `kills` times; takeover and first-claim times in seconds, and what the database holds."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="zoomops-takeover-") as tmp, SandboxServer(sandbox := LoggedSandbox()):
        pair = Pair(world(Path(tmp), sandbox), dsn, Path(tmp), speed, lease=lease)
        taken: list[float] = []
        killed: dict[int, float] = {}
        try:
            lives = [pair.start("a"), pair.start("b")]
            pair.wait_for(lambda: pair.state() == "live" and pair.holder(), 60)
            pair.wait_for(pair.claims, 30)
            while len(taken) < kills and pair.state() == "live":
                for life in lives:
                    pair.wait_for(lambda life=life: pair.up(life), 30, poll=0.05)
                holder, token, _at = pair.holder() or ("", 0, 0.0)
                time.sleep(rng.uniform(0.1, 1.0))
                if (pair.holder() or ("",))[0] != holder:
                    continue
                leader = pair.life_of(holder)
                at = pair.kill(leader)
                lives = [life for life in lives if life is not leader] + [pair.start(leader.machine)]
                new = pair.wait_for(lambda token=token: (h := pair.holder()) is not None and h[1] > token and h,
                                    lease[0] * 3 + 10)
                taken.append(new[2] - at)
                killed[new[1]] = at
        finally:
            pair.stop_all()
        claims = pair.claims()
        firsts = [min(c[3] for c in claims if c[2] == t) - at for t, at in killed.items() if any(c[2] == t
                                                                                                 for c in claims)]
        return {"takeover": taken, "first_claim": firsts, "claims": len(claims),
                "distinct": len({c[0] for c in claims})}


def describe(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p99 = statistics.quantiles(ordered, n=100, method="inclusive")[98] if len(ordered) > 1 else ordered[0]
    return f"p50 {statistics.median(ordered):.2f} s, p99 {p99:.2f} s, max {ordered[-1]:.2f} s (n={len(ordered)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--baseline-kills", type=int, default=3)
    parser.add_argument("--speed", type=float, default=6.0, help="compressed time (the forum lasts 37 minutes)")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    configs = [("serve's defaults", (3.0, 1.0, 1.0), args.kills),
               ("as before the keeper (a 30 s lease, renewed every 5 s)", (30.0, 5.0, 1.0), args.baseline_kills)]
    with throwaway_cluster() as cluster:
        for name, lease, kills in configs:
            if kills <= 0:
                continue
            started = time.monotonic()
            got = series(cluster.fresh_dsn(), lease, kills, args.speed, args.seed)
            ttl, renew, margin = lease
            print(f"{name} (lease {ttl:g} s, renew every {renew:g} s, fence margin {margin:g} s; floor: the lease runs "
                  f"out {ttl:g} s after the last renewal, i.e. {ttl - renew:g}-{ttl:g} s after a kill):")
            print(f"  kill -> standby holds the lease: {describe(got['takeover'])}")  # type: ignore[arg-type]
            print(f"  kill -> its first claim (whenever a cue was due): {describe(got['first_claim'])}")  # type: ignore[arg-type]
            print(f"  {got['claims']} claims, {got['distinct']} distinct cues; {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
