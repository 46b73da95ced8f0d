"""What the tech host sees when `zoomops run` starts after the event, mid-event, or restarts after a crash."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from zoomops.common.clock import FakeClock
from zoomops.runner.actions import LiveState, RecordingExecutor
from zoomops.runner.engine import EventOver, Runner
from zoomops.runner.ledger import Ledger
from zoomops.runner.notify import ConsoleView, MemoryNotifier
from zoomops.show.model import Schedule


def z(hhmm: str, day: int = 6, sec: int = 0) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2022, 9, day, int(h), int(m), sec, tzinfo=UTC)


def runner_at(schedule: Schedule, state: Path, at: datetime, **kw) -> tuple[Runner, MemoryNotifier, FakeClock]:
    clock, notes = FakeClock(at), MemoryNotifier()
    kw.setdefault("executor", RecordingExecutor())
    return Runner(schedule, state, clock, kw.pop("executor"), notes, threaded=False, **kw), notes, clock


def test_first_run_after_the_event_is_refused_and_records_nothing(tiny: Schedule, tmp_path: Path) -> None:
    runner, notes, _ = runner_at(tiny, tmp_path, datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(EventOver) as err:
        runner.start()
    text = str(err.value)
    assert "tiny-forum is over: its last cue (close) was at 2022-09-06 09:20 Asia/Seoul" in text
    assert "nothing was run or recorded" in text
    assert "zoomops run FILE --start-at 2022-09-06T08:58:00+09:00" in text
    assert notes.events == []
    ledger = Ledger.in_dir(tmp_path)
    assert ledger.firings() == {}
    ledger.close()
    # the lock is free and the same state dir replays the event from its start
    replay, replay_notes, _ = runner_at(tiny, tmp_path, datetime(2025, 1, 1, tzinfo=UTC), start_at=z("23:58", day=5))
    replay.start()
    assert [e["cue"] for e in replay_notes.events if e["type"] == "cue"] == ["preflight"]
    replay.stop()


def test_run_within_grace_of_the_close_is_not_refused(tiny: Schedule, tmp_path: Path) -> None:
    runner, _, _ = runner_at(tiny, tmp_path, z("00:22"))  # close 00:20, 120 s grace
    runner.start()
    assert runner.report()["fired"] >= 1 and "close" not in runner.report()["missed"]
    runner.stop()


def test_restart_after_the_event_is_not_refused(tiny: Schedule, tmp_path: Path) -> None:
    first, _, _ = runner_at(tiny, tmp_path, z("23:50", day=5))
    first.start()
    first.advance_to(z("00:10"))
    first.stop()
    executor = RecordingExecutor()
    second, notes, _ = runner_at(tiny, tmp_path, z("03:00"), executor=executor)
    second.start()  # a crash recovery after the close: the rest is recorded missed and the run ends...
    report = second.report()
    assert second.finished and report["pending"] == [] and "b02.start" in report["missed"]
    # ...but the closing actions still run, however late: the recording resumed, the webinar ended
    assert executor.calls == [("b01.recording-resume", "recording_resume"), ("close", "end_webinar")]
    assert "close" not in report["missed"] and report["actions"]["close"] == {"status": "ok", "detail": ""}
    close = next(e for e in notes.events if e.get("cue") == "close" and e["type"] == "cue")
    assert close["status"] == "fired"
    assert close["note"] == "9600s late, beyond the 120s grace: a closing action runs however late"
    second.stop()


def test_a_skipped_closing_action_stays_skipped(tiny: Schedule, tmp_path: Path) -> None:
    first, _, _ = runner_at(tiny, tmp_path, z("23:50", day=5))
    first.start()
    first.advance_to(z("00:10"))
    first.skip("close")
    first.stop()
    executor = RecordingExecutor()
    second, _, _ = runner_at(tiny, tmp_path, z("03:00"), executor=executor)
    second.start()
    assert executor.calls == [("b01.recording-resume", "recording_resume")]
    assert "close" in second.report()["skipped"]
    second.stop()


def test_mid_event_start_catches_up_with_one_summary(tiny: Schedule, tmp_path: Path) -> None:
    runner, notes, _ = runner_at(tiny, tmp_path, z("00:06", sec=30))
    runner.start()
    summary = [e for e in notes.events if e.get("state") == "caught-up"]
    assert len(summary) == 1
    assert summary[0]["missed"][0] == "preflight" and summary[0]["missed"][-1] == "b00.i00.warn-1"
    assert summary[0]["summary"] == (
        f"{len(summary[0]['missed'])} cue(s) were more than 120s past when the runner started at 09:06 and did "
        "not fire (recorded as missed): preflight at 08:58 … b00.i00.warn-1 at 09:04"
    )
    quiet = [e for e in notes.events if e.get("catch_up")]
    assert [e["cue"] for e in quiet] == summary[0]["missed"] and {e["status"] for e in quiet} == {"missed"}
    # within the grace: fired late, as before
    fired = [e["cue"] for e in notes.events if e.get("status") == "fired"]
    assert fired == ["b00.i00.overtime", "b00.i01.start", "b00.i01.spotlight"]
    assert runner.report()["missed"] == sorted(summary[0]["missed"])
    runner.stop()


def test_console_shows_the_summary_not_each_missed_cue(tiny: Schedule, tmp_path: Path) -> None:
    out = io.StringIO()
    console = ConsoleView(stream=out, live=False)
    runner = Runner(tiny, tmp_path, FakeClock(z("00:06", sec=30)), RecordingExecutor(), console, threaded=False)
    runner.start()
    lines = out.getvalue().splitlines()
    assert not any("[MISSED]" in line for line in lines)
    assert sum("did not fire (recorded as missed)" in line for line in lines) == 1
    runner.stop()


def test_everything_missed_at_a_restart_finishes_the_run(tiny: Schedule, tmp_path: Path) -> None:
    first, _, _ = runner_at(tiny, tmp_path, z("23:50", day=5))
    first.start()
    first.advance_to(z("00:19"))
    first.stop()
    second, _, _ = runner_at(tiny, tmp_path, z("00:30"))
    second.start()
    assert second.finished and second.end_reason == "all cues done"
    second.stop()


def test_old_ledger_claim_without_outcome_is_reconciled(tiny: Schedule, tmp_path: Path) -> None:
    ledger = Ledger.in_dir(tmp_path)  # a ledger of an older runner: claimed, no outcome, no action row
    ledger.claim("b01.recording-pause", z("00:10"), z("00:10"), z("00:10"), "fired")
    ledger.announced("b01.recording-pause", z("00:10"))
    ledger.close()
    executor = RecordingExecutor(state=LiveState("started", "stopped", "paused"))  # Zoom shows it paused
    runner, notes, _ = runner_at(tiny, tmp_path, z("00:10", sec=30), executor=executor)
    runner.start()
    [done] = [e for e in notes.events if e.get("state") == "reconciled"]
    assert done["summary"] == (
        "1 Zoom action(s) left open by a crash reconciled with Zoom: b01.recording-pause (sending)")
    runner.advance_to(z("01:00"))
    assert ("b01.recording-pause", "recording_pause") not in executor.calls
    assert runner.report()["actions"]["b01.recording-pause"] == {
        "status": "ok", "detail": "reconciled after a restart: Zoom already shows recording paused; not sent again"}
    runner.stop()
