"""A network partition between the leader and PostgreSQL (its connection goes through a TCP proxy the test cuts):
the leader stops acting before its lease can pass — no claim reaches the database after the cut, no Zoom call
from it after its lease's deadline — and the standby takes the lease only after that deadline, then finishes
the event. When the proxy is restored, what the old leader had queued reaches the database under a stale
fencing token and is refused: it never acts again."""

from __future__ import annotations

import random
import time

import pytest

from tests.faults.conftest import World, world  # noqa: F401  (the served sandbox with the forum provisioned)
from tests.service.failover_rig import EXPECTED_ACTIONS, KEY, Pair, exactly_once
from tests.service.postgres import Cluster
from tests.service.proxy import Proxy
from zoomops.schedule.loader import load_schedule
from zoomops.show.timeline import compile_cues

pytestmark = pytest.mark.postgres
SPEED = 60.0


def test_a_leader_cut_off_from_the_database_stops_before_the_standby_starts(world: World,  # noqa: F811
                                                                           postgres_cluster: Cluster) -> None:
    dsn = postgres_cluster.fresh_dsn()
    proxy = Proxy(str(postgres_cluster.sockets / f".s.PGSQL.{postgres_cluster.port}"))
    dbname = dsn.rsplit("dbname=", 1)[1]
    pair = Pair(world, dsn, world.schedule.parent.parent, SPEED,
                dsns={"a": f"host=127.0.0.1 port={proxy.port} user=postgres dbname={dbname}"})
    rng = random.Random(20260906)
    cues = [c.id for c in compile_cues(load_schedule(world.schedule).schedule)]
    try:
        pair.start("a")
        pair.wait_for(lambda: pair.state() == "live" and (pair.holder() or ("",))[0] == "a1", 30)
        pair.start("b")
        pair.wait_for(lambda: pair.up(pair.lives[-1]), 30, poll=0.1)
        known = set(pair.actions())
        pair.wait_for(lambda: len(set(pair.actions()) - known) >= 2, 20)  # the leader is well into the show
        time.sleep(rng.uniform(0.0, 1.0))
        leader_calls = {r.caller for r in pair.writes()}
        proxy.cut()
        cut_at = time.time()
        [(deadline,)] = pair.rows("SELECT extract(epoch FROM expires_at) FROM zoomops_leases WHERE key = %s", KEY)
        _holder, token, acquired = pair.wait_for(lambda: (h := pair.holder()) is not None and h[0] == "b1" and h,
                                                 15)
        first = min(pair.wait_for(lambda: [c[3] for c in pair.claims() if c[2] == token], 15))
        time.sleep(2.0)  # the partition lasts on while the standby runs the event
        proxy.restore()
        restored_at = time.time()
        pair.wait_for(lambda: "was refused" in pair.lives[0].log.read_text(errors="replace"), 15, poll=0.1)
        pair.wait_for(lambda: pair.state() == "done", 60, poll=0.2)
    finally:
        pair.stop_all()
        proxy.close()

    deadline = float(deadline)
    print(f"\npartition: cut at +0.00s, old lease deadline +{deadline - cut_at:.2f}s, standby took the lease "
          f"+{acquired - cut_at:.2f}s (token {token}), its first claim +{first - cut_at:.2f}s, "
          f"restored +{restored_at - cut_at:.2f}s")
    claims = pair.claims()
    old = [c for c in claims if c[2] == token - 1]
    assert old and max(at for *_rest, at in old) < cut_at  # no claim of the old leader after the cut
    old_calls = [r for r in pair.writes() if r.caller in leader_calls]
    margin = pair.lease[2]  # the old leader's fence stops it this long before its lease's deadline, at the latest
    assert old_calls and max(r.at for r in old_calls) < deadline - margin  # no Zoom call from it after that
    assert deadline <= acquired <= first  # ... and the standby acted only once the lease had run out
    assert all(r.at >= acquired for r in pair.writes() if r.caller not in leader_calls)
    assert not [r for r in old_calls if r.at >= cut_at + 0.5]  # nor after the restore (stale fence)
    assert {c[2] for c in claims if c[3] > cut_at} == {token}
    log = pair.lives[0].log.read_text(errors="replace")
    assert "lease lost: the renewal of the lease of faults.yaml was refused" in log

    assert sorted(c[0] for c in claims) == sorted(cues) and {c[1] for c in claims} == {"fired"}
    assert exactly_once(world, pair.writes()) == EXPECTED_ACTIONS
    record = world.record()
    assert (record["status"], record["livestream_status"], record["recording"]) == ("ended", "stopped", "recording")
