"""Chaos bench: `zoomops apply` of the forum against the sandbox served over HTTP (real mode) with faults on the
token endpoint and the API; how many tries until it converges, and whether a webinar is ever created twice.

Run: .venv/bin/python bench/bench_chaos.py [--runs 30] [--seed 1]

Each run: a fresh sandbox with a seeded fault plan (POST /oauth/token: 30% 503, 10% dropped connection, 10% 429;
API: 15% 503, 5% dropped, the webinar create committed then its answer lost half the time), then `apply --yes`
(in-process, real HTTP) up to 5 times until one exits 0 (applied and verified by read-back). Side by side, the
same runs with the token request sent once (the behaviour before it was retried): the baseline.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from zoomops.cli.main import cli  # noqa: E402
from zoomops.common.clock import SystemClock  # noqa: E402
from zoomops.sandbox.app import ZoomSandbox  # noqa: E402
from zoomops.sandbox.faults import FaultPlan, FaultRule  # noqa: E402
from zoomops.sandbox.server import SandboxServer  # noqa: E402
from zoomops.zoom import auth  # noqa: E402

FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
TRIES = 5


def fault_plan(seed: int) -> FaultPlan:
    token = r"^/oauth/token$"
    return FaultPlan(seed=seed, rules=[
        FaultRule("error", method="POST", path=token, probability=0.3, status=503),
        FaultRule("drop", method="POST", path=token, probability=0.1),
        FaultRule("rate_limit", method="POST", path=token, probability=0.1),
        FaultRule("commit_then_fail", method="POST", path=r"^/v2/users/[^/]+/webinars$", probability=0.5,
                  outcome="timeout"),
        FaultRule("error", path=r"^/v2/", probability=0.15, status=503),
        FaultRule("drop", path=r"^/v2/", probability=0.05),
    ])


def one_run(seed: int, work: Path) -> tuple[int | None, int, int]:
    """Tries until converged (None: not within TRIES), webinars carrying the marker, token requests sent."""
    sandbox = ZoomSandbox(SystemClock(), faults=fault_plan(seed))
    sandbox.add_user("placeholder+zoom-host@example.org")
    project = work / f"run{seed}"
    shutil.copytree(ROOT / "schedules", project / "schedules")
    shutil.copytree(ROOT / "config", project / "config")
    tokens_before = 0
    with SandboxServer(sandbox):
        env = {k: None for k in os.environ if k.startswith(("ZOOM", "ZOOMOPS"))}
        env.update(sandbox.credentials().env())
        env["ZOOMOPS_STATE_DIR"] = str(project / "state")
        converged = None
        for attempt in range(1, TRIES + 1):
            with contextlib.chdir(project):
                result = CliRunner().invoke(cli, ["apply", "schedules/" + FORUM.name, "--yes", "--json"], env=env)
            if result.exit_code == 0:
                converged = attempt
                break
        snapshot = sandbox.snapshot()
    webinars = sum(1 for w in snapshot["webinars"].values()
                   if not w["deleted"] and "zoomops-event:" in (w["webinar"].get("agenda") or ""))
    tokens = sum(1 for _ in snapshot["tokens"]) - tokens_before
    return converged, webinars, tokens


def single_shot_tokens() -> Any:
    """The baseline: the token request sent once, as before it was retried."""
    original = auth.TokenManager._fetch

    def fetch_once(self: auth.TokenManager) -> Any:
        response = self._post()
        if response.status_code != 200:
            raise self._failure(response)
        token = self._parse(response)
        self.fetches += 1
        return token

    auth.TokenManager._fetch = fetch_once  # type: ignore[method-assign]
    return original


def campaign(runs: int, seed: int, work: Path) -> dict[str, Any]:
    started = time.perf_counter()
    tries, dupes, failed = [], 0, 0
    for n in range(runs):
        with contextlib.redirect_stderr(io.StringIO()):
            converged, webinars, _tokens = one_run(seed + n, work)
        if converged is None:
            failed += 1
        else:
            tries.append(converged)
        dupes += max(webinars - 1, 0)
    return {"converged": len(tries), "runs": runs, "failed": failed, "duplicates": dupes,
            "tries": {k: tries.count(k) for k in range(1, TRIES + 1)}, "seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        retried = campaign(args.runs, args.seed, work / "retried")
        original = single_shot_tokens()
        try:
            baseline = campaign(args.runs, args.seed, work / "baseline")
        finally:
            auth.TokenManager._fetch = original  # type: ignore[method-assign]
    print(f"apply of the forum under chaos (token endpoint and API faults), {args.runs} seeded runs, "
          f"<= {TRIES} tries each")
    for name, r in (("token request retried (now)", retried), ("token request sent once (baseline)", baseline)):
        print(f"  {name:<36} converged {r['converged']}/{r['runs']}, duplicate webinars {r['duplicates']}, "
              f"tries to converge {r['tries']}, {r['seconds']:.0f} s")


if __name__ == "__main__":
    main()
