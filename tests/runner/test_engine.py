"""The engine driven by a FakeClock: once-only firing, restarts from the ledger, grace, lock, control."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner, RunnerError
from zoomops.runner.ledger import Ledger
from zoomops.runner.lock import RunnerBusy
from zoomops.runner.notify import MemoryNotifier
from zoomops.show.model import Schedule


def z(hhmm: str, day: int = 6, sec: int = 0) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2022, 9, day, int(h), int(m), sec, tzinfo=UTC)


class Rig:
    """A runner with a fake clock, a recording executor and an in-memory notifier."""

    def __init__(self, schedule: Schedule, state: Path, at: datetime, executor: RecordingExecutor | None = None):
        self.clock = FakeClock(at)
        self.executor = executor or RecordingExecutor()
        self.notes = MemoryNotifier()
        self.runner = Runner(schedule, state, self.clock, self.executor, self.notes, threaded=False)

    def fired(self) -> list[str]:
        return [e["cue"] for e in self.notes.events if e["type"] == "cue" and e["status"] == "fired"]

    def statuses(self) -> dict[str, str]:
        return {e["cue"]: e["status"] for e in self.notes.events if e["type"] == "cue"}


def test_every_cue_fires_once_in_order_on_time(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("01:00"))
    fired = rig.fired()
    assert fired == [c.id for c in sorted(rig.runner.cues, key=lambda c: c.at)]
    assert len(fired) == len(set(fired)) == 28
    ledger = rig.runner.ledger
    assert ledger is not None
    rows = ledger.firings()
    assert {r.status for r in rows.values()} == {"fired"} and {r.lateness_ms for r in rows.values()} == {0}
    assert rig.executor.calls == [
        ("preflight", "preflight"),
        ("b01.recording-pause", "recording_pause"),
        ("b01.recording-resume", "recording_resume"),
        ("close", "end_webinar"),
    ]
    assert rows["close"].outcome == {"status": "ok", "detail": ""}
    assert rig.runner.finished and rig.runner.end_reason == "all cues done"
    report = rig.runner.report()
    assert report["fired"] == 28 and report["missed"] == [] and report["pending"] == []
    rig.runner.stop()


def test_nothing_fires_before_its_time(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    assert rig.runner.run_pending() == []
    rig.clock.set(z("23:58", day=5, sec=59))
    assert rig.runner.run_pending() == ["preflight"]
    rig.clock.set(z("23:59", day=5))
    assert rig.runner.run_pending() == ["practice-reminder", "b00.t-1", "b00.panelists"]
    rig.runner.stop()


def test_restart_fires_nothing_twice_and_loses_nothing(tiny: Schedule, tmp_path: Path) -> None:
    first = Rig(tiny, tmp_path, z("23:50", day=5))
    first.runner.start()
    first.runner.advance_to(z("00:04", sec=30))  # fired up to b00.i00.warn-1 (00:04)
    before = first.fired()
    assert before[-1] == "b00.i00.warn-1"
    first.runner.stop()  # "crash": down from 00:04:30 to 00:06:30

    second = Rig(tiny, tmp_path, z("00:06", sec=30), first.executor)
    second.runner.start()
    # b00.i00.overtime and b00.i01.start (00:05) are 90 s late: within the 120 s grace, fired late
    assert second.fired() == ["b00.i00.overtime", "b00.i01.start", "b00.i01.spotlight"]
    late = [e["lateness_ms"] for e in second.notes.events if e["type"] == "cue"]
    assert late == [90_000, 90_000, 90_000]
    second.runner.advance_to(z("01:00"))
    second.runner.stop()

    third = Rig(tiny, tmp_path, z("02:00"), first.executor)  # a restart after the end: nothing at all
    third.runner.start()
    assert third.notes.events[-1]["type"] == "run" and third.fired() == []
    report = third.runner.report()
    assert report["fired"] == 28 and report["pending"] == [] and report["missed"] == []
    assert sorted(before + second.fired()) == sorted(c.id for c in third.runner.cues)
    assert report["late"] == ["b00.i00.overtime", "b00.i01.spotlight", "b00.i01.start"]
    assert [c for c, _ in first.executor.calls] == ["preflight", "b01.recording-pause", "b01.recording-resume", "close"]
    third.runner.stop()


def test_restart_beyond_grace_records_missed(tiny: Schedule, tmp_path: Path) -> None:
    first = Rig(tiny, tmp_path, z("23:50", day=5))
    first.runner.start()
    first.runner.advance_to(z("00:07"))
    first.runner.stop()
    second = Rig(tiny, tmp_path, z("00:10", sec=30))  # 00:08 and 00:09 are 150 s / 90 s late
    second.runner.start()
    st = second.statuses()
    assert st["b00.i01.warn-2"] == "missed"
    assert st["b00.i01.warn-1"] == "fired"
    assert st["b00.i01.overtime"] == "fired" and st["b01.recording-pause"] == "fired"
    missed = [e for e in second.notes.events if e.get("status") == "missed"]
    assert missed[0]["note"] == "150s late, beyond the 120s grace"
    assert second.runner.report()["missed"] == ["b00.i01.warn-2"]
    second.runner.stop()


def test_second_runner_refused_by_the_lock(tiny: Schedule, tmp_path: Path) -> None:
    one = Rig(tiny, tmp_path, z("23:50", day=5))
    one.runner.start()
    two = Rig(tiny, tmp_path, z("23:50", day=5))
    with pytest.raises(RunnerBusy, match="another zoomops runner"):
        two.runner.start()
    one.runner.stop()
    two.runner.start()  # free again once the first has stopped
    two.runner.stop()


def test_delay_reschedules_and_break_absorbs(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:06"))
    out = rig.runner.delay(3)
    assert out["position"] == "b00.i01.warn-2"
    r = rig.runner
    assert r.effective("b00.i01.warn-2") == z("00:11") and r.effective("b01.break-start") == z("00:13")
    assert r.effective("b02.start") == z("00:15")  # 5-minute break absorbed the 3 minutes
    assert r.effective("b02.t-1") == z("00:14")
    assert r.advance_to(z("00:10", sec=59)) == []
    assert r.advance_to(z("00:11")) == ["b00.i01.warn-2"]
    r.stop()


def test_next_fires_the_next_item_now_and_skips_moot_warnings(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:02"))
    out = rig.runner.next()
    assert out["cue"] == "b00.i01.start" and out["shift_seconds"] == -180
    st = rig.statuses()
    assert [st[c] for c in ("b00.i00.warn-2", "b00.i00.warn-1", "b00.i00.overtime")] == ["skipped"] * 3
    assert st["b00.i01.start"] == "fired" and st["b00.i01.spotlight"] == "fired"
    assert rig.runner.effective("b00.i01.warn-2") == z("00:05")
    assert rig.runner.effective("b02.start") == z("00:15")  # published: the 3-minute lead ends there
    ahead = rig.runner.status()["ahead"]
    assert ahead["seconds"] == 180 and ahead["held_by"] == "b02.start" and ahead["held_at"] == "09:15"
    assert ahead["summary"] == "3.0 min ahead of plan; Session B keeps its published 09:15"
    rig.runner.stop()


def test_next_does_not_start_a_published_block_early_unless_forced(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:11"))
    with pytest.raises(RunnerError, match=r"Session B is published for 09:15, 4.0 min from now.*--allow-early"):
        rig.runner.next()
    assert rig.statuses().get("b02.start") is None
    assert rig.runner.next(allow_early=True)["cue"] == "b02.start"
    assert rig.runner.effective("close") == z("00:16")  # forced: the close moves with it
    rig.runner.stop()


def test_next_into_a_break_keeps_the_recording_action(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:11"))
    assert rig.runner.next(allow_early=True)["cue"] == "b02.start"
    st = rig.statuses()
    assert st["b02.t-1"] == "skipped" and st["b01.recording-resume"] == "fired"
    assert rig.executor.calls[-1] == ("b01.recording-resume", "recording_resume")
    rig.runner.stop()


def test_skip(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.skip("close")
    with pytest.raises(RunnerError, match="already skipped"):
        rig.runner.skip("close")
    with pytest.raises(RunnerError, match="no cue"):
        rig.runner.skip("b99.start")
    rig.runner.advance_to(z("01:00"))
    assert "close" not in rig.fired() and ("close", "end_webinar") not in rig.executor.calls
    assert rig.runner.report()["skipped"] == ["close"]
    rig.runner.stop()


def test_webinar_started_late_anchors_and_ended_stops(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:02"))
    assert rig.runner.webinar_started(z("00:02"))["shift_seconds"] == 120
    assert rig.runner.webinar_started(z("00:03"))["anchored"] is False
    assert rig.runner.effective("b00.i00.warn-2") == z("00:05")
    rig.runner.advance_to(z("00:05"))
    out = rig.runner.webinar_ended()
    assert rig.runner.finished and rig.runner.end_reason == "webinar ended"
    assert "close" in out["report"]["skipped"] and out["report"]["pending"] == []
    assert ("close", "end_webinar") not in rig.executor.calls
    rig.runner.stop()


def test_failed_action_is_recorded_and_the_run_goes_on(tiny: Schedule, tmp_path: Path) -> None:
    class Boom(RecordingExecutor):
        def execute(self, cue):  # type: ignore[no-untyped-def]
            super().execute(cue)
            raise RuntimeError("Zoom said no")

    rig = Rig(tiny, tmp_path, z("00:09"), Boom())
    rig.runner.start()
    rig.runner.advance_to(z("01:00"))
    ledger = Ledger.in_dir(tmp_path)
    assert ledger.firings()["b01.recording-pause"].outcome == {
        "status": "error",
        "detail": "RuntimeError: Zoom said no",
    }
    assert rig.runner.finished
    assert set(rig.runner.report()["action_problems"]) == {"b01.recording-pause", "b01.recording-resume", "close"}
    ledger.close()
    rig.runner.stop()


def test_speed_maps_event_time(tiny: Schedule, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2030, 1, 1, tzinfo=UTC))
    runner = Runner(tiny, tmp_path, clock, RecordingExecutor(), MemoryNotifier(), speed=300, threaded=False)
    runner.start()
    assert runner.event_now() == z("23:57", day=5, sec=59)  # one second before the first cue
    clock.advance(1)  # one wall second = five event minutes
    assert runner.event_now() == z("00:02", sec=59)
    runner.stop()
