"""The lease keeper, with an injected clock: `keep_leases()` renews every lease an instance holds in one call and
takes over a live event no runner acts on; a lease whose renewal is refused fences the instance's runner, which
the next pass lets go; the fence's deadline is the last renewal plus the lease minus the margin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.service.conftest import Harness
from zoomops.runner.ledger import LeaseLost
from zoomops.service.lifecycle import Service, ServiceOptions
from zoomops.service.metrics import ServiceMetrics
from zoomops.service.store import Lifecycle, SqliteServiceStore

KEY = "forum.yaml"


def _live(harness: Harness) -> None:
    harness.drop()
    harness.service.tick()
    rec = harness.service.store.get(KEY)
    assert rec is not None
    harness.service.approve(KEY, rec.plan_digest or "", "organizer")
    harness.clock.set(datetime(2022, 9, 5, 23, 0, tzinfo=UTC))
    harness.service.tick()
    assert harness.service.store.get(KEY).state is Lifecycle.LIVE  # type: ignore[union-attr]


def _standby(harness: Harness) -> Service:
    return Service(harness.schedules, SqliteServiceStore(harness.state), harness.ops, harness.clock,
                   ServiceOptions("beta"))


def _keep(service: Service) -> None:
    service.keep_leases()
    if service._taking is not None:
        service._taking.join(30)


def test_the_keeper_renews_and_a_standby_takes_over_only_a_lease_that_ran_out(harness: Harness) -> None:
    _live(harness)
    standby = _standby(harness)
    alpha = harness.service
    fence = alpha.fences[KEY]
    harness.clock.advance(20)
    assert fence.remaining() == pytest.approx(9.0)  # 30 s lease, 1 s margin, renewed 20 s ago
    _keep(alpha)  # renewed: until 50 s, and the fence's deadline moves with it
    assert fence.remaining() == pytest.approx(29.0)
    harness.clock.advance(20)
    _keep(standby)  # 40 s: alpha's lease runs to 50 s, so the standby leaves the event alone
    assert standby.runners == {} and standby.store.lease(KEY).holder == "alpha"  # type: ignore[union-attr]

    alpha.runners.pop(KEY).stop()  # alpha dies: no runner, no renewal
    harness.clock.advance(10)
    _keep(standby)  # 50 s: the lease ran out; the standby takes it and starts the runner on the same ledger
    lease = standby.store.lease(KEY)
    assert lease is not None and (lease.holder, lease.token) == ("beta", 2)
    assert list(standby.runners) == [KEY] and standby.fences[KEY].token == 2

    _keep(alpha)  # alpha comes back: its renewal is refused, its fence is lost for good
    assert KEY not in alpha.fences
    with pytest.raises(LeaseLost, match=r"renewal of the lease of forum\.yaml was refused"):
        fence.check()
    standby.stop()


def test_a_runner_whose_lease_passed_is_let_go_at_the_next_pass(harness: Harness) -> None:
    _live(harness)
    alpha = harness.service
    runner = alpha.runners[KEY]
    harness.clock.advance(31)  # alpha stalls past its lease; another instance takes the event
    beta = SqliteServiceStore(harness.state)
    assert beta.acquire(KEY, "beta", harness.clock.now(), timedelta(seconds=30)) is not None
    _keep(alpha)
    assert alpha.fences == {}
    alpha.tick()  # the pass finds the lease taken: the runner is stopped (on a side thread) and forgotten
    alpha._stopping[KEY].join(30)
    assert alpha.runners == {} and runner.finished()
    beta.close()


def test_fenced_runners_are_counted_in_the_metrics() -> None:
    metrics = ServiceMetrics()
    metrics.runner_event("forum.yaml", {"type": "run", "state": "fenced", "summary": "FENCED: ..."})
    metrics.runner_event("forum.yaml", {"type": "run", "state": "started", "summary": "..."})
    assert metrics.fenced.labels("forum.yaml")._value.get() == 1.0


def test_a_fence_past_its_deadline_stays_lost_and_its_runner_is_replaced(harness: Harness) -> None:
    _live(harness)
    alpha = harness.service
    runner, fence = alpha.runners[KEY], alpha.fences[KEY]
    harness.clock.advance(29.5)  # the keeper stalled: past the fence's deadline (29 s), the lease runs to 30 s
    with pytest.raises(LeaseLost, match=r"last renewed 29\.5s ago"):
        fence.check()  # what the runner's shared ledger does before a write: the runner stops acting for good
    assert not fence.renewed(fence.token, harness.clock.monotonic())  # a renewal that comes late changes nothing
    assert fence.lost is not None
    _keep(alpha)  # the lease is still alpha's: it renews it with a new fence; the fenced runner is let go
    alpha._stopping[KEY].join(30)
    alpha.tick()  # the runner let go has stopped: a new one resumes the ledger under the new fence
    assert runner.finished() and alpha.runners[KEY] is not runner
    new = alpha.fences[KEY]
    assert new is not fence and new.lost is None and new.token == fence.token
    assert alpha._runner_fences[KEY] is new
