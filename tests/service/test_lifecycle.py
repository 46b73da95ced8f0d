"""The lifecycle on the embedded sandbox with an injected clock: draft → planned → (approve) provisioned → live
→ done; edits re-plan; a change made in Zoom is drift that waits for approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.service.conftest import Harness
from zoomops.common.gcpolicy import HeapPolicy
from zoomops.service.lifecycle import NotAllowed
from zoomops.service.store import Lifecycle

USER = "/v2/users/placeholder%2Bzoom-host@example.org"


def test_dropped_schedule_is_planned_then_approved_with_exactly_these_requests(harness: Harness) -> None:
    harness.drop()
    harness.service.scan()
    [draft] = harness.service.store.events()
    assert (draft.key, draft.state) == ("forum.yaml", Lifecycle.DRAFT)
    harness.service.tick()
    rec = harness.service.store.get("forum.yaml")
    assert rec is not None and rec.state is Lifecycle.PLANNED and rec.plan_changes and not rec.drift
    assert rec.plan_text is not None and "+ create webinar" in rec.plan_text
    assert (rec.starts_at, rec.preflight_at) == ("2022-09-06T00:00:00+00:00", "2022-09-05T23:00:00+00:00")
    assert harness.calls == [("GET", f"{USER}", 404),  # the sandbox account gets the schedule's host once
                             ("GET", f"{USER}/webinars", 200)]
    harness.calls.clear()
    harness.service.tick()  # nothing happens without an approval
    assert harness.calls == [] and harness.service.store.get("forum.yaml").state is Lifecycle.PLANNED  # type: ignore[union-attr]
    done = harness.service.approve("forum.yaml", rec.plan_digest or "", "organizer")
    assert done.state is Lifecycle.PROVISIONED and done.approved_by == "organizer" and done.last_error is None
    [wid] = list(harness.sandbox.snapshot()["webinars"])
    assert [(m, p, s) for m, p, s in harness.calls] == [
        ("GET", f"{USER}/webinars", 200),  # plan again: still the approved plan
        ("POST", f"{USER}/webinars", 201),
        ("POST", f"/v2/webinars/{wid}/panelists", 201),
        ("GET", f"/v2/webinars/{wid}", 200),  # read back and verify
        ("GET", f"/v2/webinars/{wid}/panelists", 200),
    ]


def test_approving_another_digest_is_refused(harness: Harness) -> None:
    harness.drop()
    harness.service.tick()
    with pytest.raises(NotAllowed):
        harness.service.approve("forum.yaml", "0000000000000000", "organizer")
    assert harness.sandbox.snapshot()["webinars"] == {}


def _provision(harness: Harness) -> None:
    harness.drop()
    harness.service.tick()
    rec = harness.service.store.get("forum.yaml")
    assert rec is not None
    harness.service.approve("forum.yaml", rec.plan_digest or "", "organizer")


def test_edited_file_replans_and_shows_the_diff(harness: Harness) -> None:
    _provision(harness)
    path = harness.schedules / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("Post-COVID-19 Era\"\n") == 1  # the zoom.topic line, the file's last
    path.write_text(text.replace("Post-COVID-19 Era\"\n", "Post-COVID-19 Era (rev)\"\n"), encoding="utf-8")
    harness.calls.clear()
    harness.service.tick()
    rec = harness.service.store.get("forum.yaml")
    assert rec is not None and rec.state is Lifecycle.PLANNED and not rec.drift
    assert rec.plan_text is not None
    lines = rec.plan_text.splitlines()
    assert lines[0].startswith("~ webinar event (id ") and lines[1].startswith("    topic: '2022 UN DESA-KRILA Forum")
    assert "Plan: 0 to create, 1 to update, 0 panelist(s) to add, 0 to remove; 1 write call(s)." in lines
    assert all(m == "GET" for m, _, _ in harness.calls)  # planning only reads
    harness.service.approve("forum.yaml", rec.plan_digest or "", "organizer")
    [record] = harness.sandbox.snapshot()["webinars"].values()
    assert record["webinar"]["topic"].endswith("Post-COVID-19 Era (rev)")


def test_change_made_in_zoom_is_drift_waiting_for_approval_never_overwritten(harness: Harness) -> None:
    _provision(harness)
    [wid] = list(harness.sandbox.snapshot()["webinars"])
    harness.app.client().update_webinar(wid, {"duration": 30})  # someone edits the webinar in Zoom's portal
    harness.clock.advance(14 * 60)
    harness.calls.clear()
    harness.service.tick()
    assert harness.calls == []  # the next read of Zoom is 15 minutes after the last
    harness.clock.advance(60)
    harness.service.tick()
    rec = harness.service.store.get("forum.yaml")
    assert rec is not None and rec.state is Lifecycle.PLANNED and rec.drift
    assert rec.plan_text is not None and "duration: 30 → 300" in rec.plan_text
    assert all(m == "GET" for m, _, _ in harness.calls)
    harness.clock.advance(3600)
    harness.service.tick()  # still waiting: drift is never applied by itself
    assert harness.sandbox.webinar_record(wid)["webinar"]["duration"] == 30
    harness.service.approve("forum.yaml", rec.plan_digest or "", "organizer")
    assert harness.sandbox.webinar_record(wid)["webinar"]["duration"] == 300


def test_runner_starts_at_preflight_and_the_event_is_done_after_its_end(harness: Harness) -> None:
    _provision(harness)
    harness.clock.set(datetime(2022, 9, 5, 22, 58, 59, tzinfo=UTC))
    harness.service.tick()
    assert harness.service.store.get("forum.yaml").state is Lifecycle.PROVISIONED  # type: ignore[union-attr]
    assert harness.service.runners == {}
    harness.clock.advance(1)  # 22:59Z: a minute (runner_lead) before pre-flight (T-60 minutes)
    harness.service.tick()
    assert harness.service.store.get("forum.yaml").state is Lifecycle.LIVE  # type: ignore[union-attr]
    ledger = harness.state / "events" / "forum" / "events.jsonl"
    assert ledger.is_file()
    harness.clock.set(datetime(2022, 9, 6, 5, 5, tzinfo=UTC))  # 14:05 Seoul: five minutes after the end
    harness.service.tick()
    assert harness.service.store.get("forum.yaml").state is Lifecycle.DONE  # type: ignore[union-attr]
    assert harness.service.runners == {}


def test_auto_apply_at_the_lead_time(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.service.conftest import T0, make_harness
    from zoomops.common.clock import FakeClock

    monkeypatch.delenv("ZOOMOPS_STATE_DIR", raising=False)
    h = make_harness(tmp_path, FakeClock(T0), auto_apply_lead=timedelta(days=2))
    h.drop()
    h.service.tick()
    h.clock.set(datetime(2022, 9, 3, 23, 59, tzinfo=UTC))
    h.service.tick()
    assert h.service.store.get("forum.yaml").state is Lifecycle.PLANNED  # type: ignore[union-attr]
    h.clock.advance(60)
    h.service.tick()
    rec = h.service.store.get("forum.yaml")
    assert rec is not None and rec.state is Lifecycle.PROVISIONED and rec.approved_by == "auto"
    h.ops.close()
    h.app.close()


def test_invalid_schedule_fails_with_located_errors(harness: Harness) -> None:
    (harness.schedules / "bad.yaml").write_text("event:\n  title: x\n", encoding="utf-8")
    harness.service.tick()
    rec = harness.service.store.get("bad.yaml")
    assert rec is not None and rec.state is Lifecycle.FAILED
    assert rec.last_error is not None and rec.last_error.startswith(str(harness.schedules / "bad.yaml") + ":")


def test_an_edit_of_the_same_size_is_seen_by_its_modification_time(harness: Harness) -> None:
    import os

    path = harness.drop()
    harness.service.tick()
    before = harness.service.store.get("forum.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Post-COVID-19 Era\"\n", "Post-COVID-19 Erb\"\n"), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    harness.service.scan()
    after = harness.service.store.get("forum.yaml")
    assert before is not None and after is not None
    assert after.content_hash != before.content_hash and after.state is Lifecycle.DRAFT


def test_a_lease_lost_mid_step_leaves_the_event_to_its_new_holder(harness: Harness) -> None:
    from zoomops.service.store import Lease

    harness.drop()
    harness.service.scan()
    store = harness.service.store
    original = store.acquire

    def taken_meanwhile(key: str, holder: str, now, ttl):  # type: ignore[no-untyped-def]
        lease = original(key, holder, now, ttl)
        store.release(key, holder)
        assert original(key, "beta", now, ttl) is not None  # beta takes it before alpha writes
        return Lease(key, holder, now + ttl, lease.token) if lease else None

    store.acquire = taken_meanwhile  # type: ignore[method-assign]
    harness.service.tick()
    store.acquire = original  # type: ignore[method-assign]
    rec = store.get("forum.yaml")
    assert rec is not None and rec.state is Lifecycle.DRAFT and rec.last_error is None
    assert store.lease("forum.yaml").holder == "beta"  # type: ignore[union-attr]


def test_done_and_failed_events_are_left_alone_until_their_file_changes(harness: Harness) -> None:
    (harness.schedules / "bad.yaml").write_text("event:\n  title: x\n", encoding="utf-8")
    harness.service.tick()
    lease = harness.service.store.lease("bad.yaml")
    assert lease is not None
    harness.clock.advance(3600)
    harness.calls.clear()
    harness.service.tick()
    assert harness.service.store.lease("bad.yaml") == lease and harness.calls == []  # not renewed, no call
    (harness.schedules / "bad.yaml").write_text("event:\n  title: y\n", encoding="utf-8")  # edited: checked again
    harness.service.tick()
    rec = harness.service.store.get("bad.yaml")
    assert rec is not None and rec.state is Lifecycle.FAILED
    assert harness.service.store.lease("bad.yaml").expires_at > lease.expires_at  # type: ignore[union-attr]


def test_under_a_scaled_clock_the_runner_plays_at_the_service_speed(harness: Harness) -> None:
    """A compressed week (bench/bench_fleet.py): the service reads event time through a ScaledClock; the runner
    it starts gets the wall clock, the same speed, and starts at the service's event instant."""
    from zoomops.app.serviceops import AppEventOps
    from zoomops.common.clock import FakeClock
    from zoomops.runner.timebase import ScaledClock, TimeBase

    _provision(harness)
    wall = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
    event_now = datetime(2022, 9, 5, 23, 0, tzinfo=UTC)  # pre-flight
    harness.app.clock = ScaledClock(wall, TimeBase(1000.0, event_now, wall.now()))
    ops = AppEventOps(harness.app, threaded=False)
    handle = ops.start_runner("forum.yaml", harness.schedules / "forum.yaml")
    try:
        runner = handle.runner
        assert (runner.clock, runner.speed) == (wall, 1000.0)
        assert runner.timebase == TimeBase(1000.0, event_now, wall.now())
        wall.advance(3.6)  # 3.6 s of wall time: one hour of the event
        assert runner.event_now() == datetime(2022, 9, 6, 0, 0, tzinfo=UTC) == harness.app.clock.now()
        assert wall.sleeps == []
        harness.app.clock.sleep(2.0)  # sleeps (Zoom's retry waits) stay wall time
        assert wall.sleeps == [2.0]
    finally:
        handle.stop()
        ops.close()


class _CountingHeap(HeapPolicy):
    """The collector's policy with its steps counted, not run (tests/common/test_gcpolicy.py runs them)."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[str] = []

    def _settle(self) -> None:
        self.steps.append("settle")

    def _freeze(self) -> None:
        self.steps.append("freeze")

    def _refresh(self) -> None:
        self.steps.append("refresh")


def test_a_started_runner_is_frozen_and_collections_wait_for_a_gap_between_cues(harness: Harness) -> None:
    heap = harness.service.heap = _CountingHeap()
    _provision(harness)
    harness.clock.set(datetime(2022, 9, 5, 22, 58, 59, tzinfo=UTC))
    harness.service.tick()
    assert heap.steps == []  # provisioned, no runner yet
    harness.clock.advance(1)
    harness.service.tick()  # 22:59Z: the runner starts; its first cue (pre-flight) is a minute away: a gap
    assert list(harness.service.runners) == ["forum.yaml"]
    assert heap.steps == ["freeze", "refresh"]
    harness.clock.advance(60)
    harness.service.tick()  # live, nothing started or stopped: nothing to do
    assert heap.steps == ["freeze", "refresh"]
    harness.clock.set(datetime(2022, 9, 6, 5, 5, tzinfo=UTC))
    harness.service.tick()  # done: the runner stopped, its cycles are frozen garbage
    assert harness.service.runners == {}
    assert heap.steps == ["freeze", "refresh", "refresh"]
    harness.service.tick()
    assert heap.steps == ["freeze", "refresh", "refresh"]


@dataclass
class _Due:
    """A live runner whose next cue is due at `at` (wall)."""

    at: datetime | None

    def next_wakeup(self) -> datetime | None:
        return self.at


def test_a_full_collection_waits_until_no_cue_is_due_within_two_seconds(harness: Harness) -> None:
    heap = harness.service.heap = _CountingHeap()
    runners: dict[str, Any] = harness.service.runners
    now = harness.clock.now()
    runners["a.yaml"] = _Due(now + timedelta(seconds=30))
    harness.service._mind_heap()
    assert heap.steps == ["freeze", "refresh"]
    runners["b.yaml"] = _Due(now + timedelta(seconds=1.9))  # started beside a.yaml: freeze only, never collect
    harness.service._mind_heap()
    assert heap.steps == ["freeze", "refresh", "freeze"]
    harness.service._mind_heap()  # b.yaml's cue is still due within 2 s
    assert heap.steps == ["freeze", "refresh", "freeze"]
    runners["b.yaml"] = _Due(now + timedelta(seconds=2))
    harness.service._mind_heap()
    assert heap.steps == ["freeze", "refresh", "freeze", "refresh"]
    heap.longest_ms = 1000.0  # collections have taken a second: wait for a 3 s gap
    del runners["a.yaml"]
    harness.service._mind_heap()
    assert heap.steps == ["freeze", "refresh", "freeze", "refresh"]
    runners["b.yaml"] = _Due(None)  # nothing left to fire
    harness.service._mind_heap()
    assert heap.steps == ["freeze", "refresh", "freeze", "refresh", "refresh"]
    runners.clear()  # not real runners: nothing for the teardown to stop
