"""Two service instances on one store: each event is acted on by the lease holder only; a takeover waits for
the lease to expire, raises the fencing token, resumes a live event's runner; the old holder can no longer write."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.service.conftest import Harness
from zoomops.service.lifecycle import Service, ServiceOptions
from zoomops.service.store import Lifecycle, SqliteServiceStore, StaleFence


def _standby(harness: Harness) -> Service:
    return Service(harness.schedules, SqliteServiceStore(harness.state), harness.ops, harness.clock,
                   ServiceOptions("beta"))


def test_standby_waits_for_the_lease_then_takes_over_with_a_larger_token(harness: Harness) -> None:
    harness.drop()
    harness.service.tick()  # alpha plans and holds the lease for 30 s
    standby = _standby(harness)
    harness.clock.advance(29)
    standby.tick()
    lease = standby.store.lease("forum.yaml")
    assert lease is not None and (lease.holder, lease.token) == ("alpha", 1)
    harness.clock.advance(1)  # alpha stopped renewing: its lease expires 30 s after its last pass
    standby.tick()
    lease = standby.store.lease("forum.yaml")
    assert lease is not None and (lease.holder, lease.token) == ("beta", 2)
    rec = standby.store.get("forum.yaml")
    assert rec is not None
    with pytest.raises(StaleFence):
        harness.service.store.update("forum.yaml", 1, harness.clock.now(), state=Lifecycle.FAILED)
    harness.service.tick()  # alpha comes back: beta's lease is valid, alpha leaves the event alone
    assert standby.store.lease("forum.yaml").holder == "beta"  # type: ignore[union-attr]
    standby.approve("forum.yaml", rec.plan_digest or "", "organizer")
    assert standby.store.get("forum.yaml").state is Lifecycle.PROVISIONED  # type: ignore[union-attr]
    standby.stop()


def test_takeover_of_a_live_event_resumes_its_runner(harness: Harness) -> None:
    harness.drop()
    harness.service.tick()
    rec = harness.service.store.get("forum.yaml")
    assert rec is not None
    harness.service.approve("forum.yaml", rec.plan_digest or "", "organizer")
    harness.clock.set(datetime(2022, 9, 5, 23, 0, tzinfo=UTC))
    harness.service.tick()
    assert harness.service.store.get("forum.yaml").state is Lifecycle.LIVE  # type: ignore[union-attr]
    harness.service.runners.pop("forum.yaml").stop()  # the leader dies (its runner's lock is let go)
    standby = _standby(harness)
    harness.clock.advance(30)
    standby.tick()
    lease = standby.store.lease("forum.yaml")
    assert lease is not None and (lease.holder, lease.token) == ("beta", 2)
    assert list(standby.runners) == ["forum.yaml"]
    standby.stop()
