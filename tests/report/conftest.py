"""A run of the forum on an injected clock, its ledger left in a state directory for the report to read."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.schedule.loader import load_schedule
from zoomops.show.model import Schedule

ROOT = Path(__file__).resolve().parents[2]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
KST = ZoneInfo("Asia/Seoul")


def kst(h: int, m: int, s: int = 0) -> datetime:
    return datetime(2022, 9, 6, h, m, s, tzinfo=KST)


@dataclass
class ForumRun:
    schedule: Schedule
    state: Path


def forum_with_actions() -> Schedule:
    schedule = load_schedule(FORUM).schedule.model_copy(deep=True)
    schedule.run.actions.end_webinar = True
    schedule.run.actions.pause_recording_in_breaks = True
    return schedule


@pytest.fixture(scope="module")
def forum_run(tmp_path_factory: pytest.TempPathFactory) -> ForumRun:
    """The forum run on a fake clock: +5 min pressed at 09:20 (absorbed by the first break), Session 2's T-10
    skipped, recording pauses accepted, the second break's resume refused by Zoom."""
    schedule = forum_with_actions()
    state = tmp_path_factory.mktemp("forum-run")
    executor = RecordingExecutor({"recording_pause": {"status": "ok", "detail": ""}})
    clock = FakeClock(kst(7, 55))
    with pytest.MonkeyPatch.context() as mp:  # a module fixture runs before the per-test private runtime dir:
        mp.setenv("TMPDIR", str(tmp_path_factory.mktemp("runtime")))  # its own, or another test run on this
        mp.setattr(tempfile, "tempdir", None)  # machine holding the forum's event lock makes start() refuse
        runner = Runner(schedule, state, clock, executor, MemoryNotifier(), threaded=False)
        runner.start()
        runner.advance_to(kst(9, 20))
        runner.delay(5, source="api")
        runner.advance_to(kst(10, 0))
        runner.skip("b03.t-10", source="board")
        runner.advance_to(kst(12, 25))
        executor.outcomes["recording_resume"] = {"status": "warning", "detail": "Zoom rejected recording.resume"}
        runner.advance_to(kst(14, 30))
        runner.stop()
    return ForumRun(schedule, state)
