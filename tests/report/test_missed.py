"""A runner down across a block start: the start is recorded as missed, its actual instant estimated."""

from __future__ import annotations

from pathlib import Path

from tests.report.conftest import KST, forum_with_actions, kst
from zoomops.common.clock import FakeClock
from zoomops.report.build import build_report
from zoomops.report.ledger_reader import read_ledger
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier


def test_a_start_missed_while_the_runner_was_down_is_estimated(tmp_path: Path) -> None:
    schedule = forum_with_actions()
    clock = FakeClock(kst(7, 55))
    first = Runner(schedule, tmp_path, clock, RecordingExecutor(), MemoryNotifier(), threaded=False)
    first.start()
    first.advance_to(kst(9, 10))
    first.stop()
    clock.set(kst(9, 20))  # down from 09:10 to 09:20: the keynote's start (09:15) is beyond the 120 s grace
    second = Runner(schedule, tmp_path, clock, RecordingExecutor(), MemoryNotifier(), threaded=False)
    second.start()
    second.advance_to(kst(14, 30))
    second.stop()
    report = build_report(schedule, read_ledger(tmp_path), None, now=kst(15, 0), recording_start=kst(9, 0))
    keynote = report.asrun.row("b00.i01")
    assert (keynote.start_status, keynote.estimated) == ("missed", True)
    assert keynote.actual_start is not None and keynote.actual_start.astimezone(KST) == kst(9, 15)
    missed = [p["cue"] for p in report.asrun.problems if p["status"] == "missed"]
    assert "b00.i01.start" in missed and all(p["note"].endswith("beyond the 120s grace") for p in
                                             report.asrun.problems if p["status"] == "missed")
    assert report.youtube.splitlines()[1] == "15:00 Opening Session — Keynote Speech"
