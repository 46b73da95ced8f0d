"""Failover with real processes: two `zoomops serve` instances on one PostgreSQL run the faults forum in
compressed time; the leader is SIGKILLed at seeded random points (half of them right after it claimed a Zoom
action) 20+ times, and restarted each time so that there is always a standby. The standby takes the lease within
5 s of the kill every time; the database holds exactly one claim per cue, each made while its fencing token held
the lease; the sandbox's request log shows every Zoom action exactly once; Zoom ends in the right state."""

from __future__ import annotations

import contextlib
import random
import time

import pytest

from tests.faults.conftest import World, world  # noqa: F401  (the served sandbox with the forum provisioned)
from tests.service.failover_rig import EXPECTED_ACTIONS, KEY, Pair, exactly_once, figures
from tests.service.postgres import Cluster
from zoomops.schedule.loader import load_schedule
from zoomops.show.timeline import compile_cues

pytestmark = pytest.mark.postgres
KILLS = 20
SPEED = 27.0  # the forum's 37 minutes in about 82 s: room for 20 takeovers of about 3 s each, on a loaded machine
TAKEOVER_LIMIT = 5.0  # seconds from the kill to the standby holding the lease


def test_the_standby_takes_over_after_every_kill_and_nothing_is_done_twice(world: World,  # noqa: F811
                                                                           postgres_cluster: Cluster) -> None:
    pair = Pair(world, postgres_cluster.fresh_dsn(), world.schedule.parent.parent, SPEED)
    rng = random.Random(20261130)
    cues = [c.id for c in compile_cues(load_schedule(world.schedule).schedule)]
    tokens: dict[int, float] = {}  # fencing token: when it took the lease (database clock)
    kills: dict[int, float] = {}  # the token that took over: when its predecessor was killed (wall clock)
    try:
        lives = [pair.start("a"), pair.start("b")]
        _holder, token, acquired = pair.wait_for(lambda: pair.state() == "live" and pair.holder(), 30)
        tokens[token] = acquired
        pair.wait_for(pair.claims, 15)
        while len(kills) < KILLS and pair.state() == "live":
            for life in lives:  # the standby is up (it renews and takes over from its first pass on)
                pair.wait_for(lambda life=life: pair.up(life), 20, poll=0.05)
            holder, token, _acquired = pair.holder() or ("", 0, 0.0)
            if rng.random() < 0.5:  # right after the leader claimed a Zoom action: it may be anywhere in flight
                known = set(pair.actions())
                with contextlib.suppress(AssertionError):  # no action due soon: a random point it is
                    pair.wait_for(lambda known=known: set(pair.actions()) - known, 1.5, poll=0.005)
            else:
                time.sleep(rng.uniform(0.1, 1.0))
            if (pair.holder() or ("",))[0] != holder:
                continue  # the lease moved meanwhile (the leader stalled): not a kill of the leader
            leader = pair.life_of(holder)
            killed_at = pair.kill(leader)
            lives = [life for life in lives if life is not leader] + [pair.start(leader.machine)]
            taken = pair.wait_for(lambda token=token: ((h := pair.holder()) is not None and h[1] > token and h)
                                  or pair.state() == "done", 15)
            if taken is True:
                break  # the event ended (its last cues fired) before anyone had to take it over
            tokens[taken[1]] = taken[2]
            kills[taken[1]] = killed_at
        pair.wait_for(lambda: pair.state() == "done", 60, poll=0.2)
    finally:
        pair.stop_all()

    claims = pair.claims()
    takeovers = [tokens[t] - killed for t, killed in kills.items()]
    firsts = {t: min(at for _c, _s, token, at in claims if token == t) for t in kills
              if any(token == t for *_rest, token, _at in claims)}
    first_claims = [firsts[t] - kills[t] for t in firsts]
    print(f"\nfailover: {len(takeovers)} kills; standby holds the lease after the kill: {figures(takeovers)}; "
          f"its first claim: {figures(first_claims)}; lease ttl {pair.lease[0]}s, renew {pair.lease[1]}s, "
          f"margin {pair.lease[2]}s; {len(claims)} cues, {len(pair.actions())} Zoom actions checked")
    assert len(takeovers) >= KILLS, f"the event ended after {len(takeovers)} kills"
    assert max(takeovers) <= TAKEOVER_LIMIT, figures(takeovers)

    assert sorted(c[0] for c in claims) == sorted(cues)  # every cue claimed, once (the key is event + cue)
    assert {c[1] for c in claims} == {"fired"}  # the forum's grace is an hour: nothing missed, however late
    for cue, _status, token, at in claims:  # each claim made while its token held the lease (fencing)
        assert tokens[token] <= at, (cue, token)
        later = [acquired for t, acquired in tokens.items() if t > token]
        assert not later or at < min(later), (cue, token)
    assert exactly_once(world, pair.writes()) == EXPECTED_ACTIONS
    actions = pair.actions()
    assert {state for state, _t, _o in actions.values()} == {"settled"}
    assert all((outcome or {}).get("status") == "ok" for _s, _t, outcome in actions.values()), actions
    record = world.record()
    assert (record["status"], record["livestream_status"], record["recording"]) == ("ended", "stopped", "recording")
    on_time = [e["cue"] for e in pair.announcements() if not e.get("late")]
    assert len(on_time) == len(set(on_time)), "a cue announced on time twice"
    assert {e["cue"] for e in pair.announcements()} == set(cues)
    assert {r[0] for r in pair.rows("SELECT key FROM zoomops_leases")} == {KEY}
    logs = "".join(life.log.read_text(errors="replace") for life in pair.lives)
    assert "report written" in logs and "report not written" not in logs  # from the copy its last runner left
