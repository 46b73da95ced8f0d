"""Board fixtures: a small interpreted schedule and a runner on a FakeClock (or a sped-up real one)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from zoomops.board.hub import BoardHub
from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import FanOut, MemoryNotifier
from zoomops.schedule.loader import load_schedule
from zoomops.show.model import Schedule

SEOUL = ZoneInfo("Asia/Seoul")
BOARD_YAML = """\
event: {id: board-forum, title: Board forum, dates: [2022-09-06], timezone: Asia/Seoul}
people:
  - {id: ana, name: Ana, email: ana@example.org}
  - {id: bo, name: Bo, email: bo@example.org}
  - {id: mod, name: Mo, email: mo@example.org}
blocks:
  - kind: session
    title: Session A
    start: "09:00"
    end: "09:30"
    moderator: mod
    items:
      - {kind: presentation, title: Talk A, minutes: 15, speakers: [ana]}
      - kind: presentation
        title: Talk B
        minutes: 15
        segments:
          - {speaker: bo, minutes: 10}
          - {speaker: ana, minutes: 5}
  - {kind: break, title: Break, start: "09:30", end: "09:40"}
  - kind: session
    title: Session B
    start: "09:40"
    end: "10:00"
    moderator: mod
    items:
      - {kind: discussion, title: Panel, minutes: 20}
run:
  preflight_minutes: 2
  practice_reminder_minutes: 1
  block_warnings: [1]
  speaker_warnings: [2, 1]
  actions: {end_webinar: true, pause_recording_in_breaks: true}
interpretation:
  pairs: [[English, Korean]]
  turn_minutes: 15
  interpreters:
    - {id: int-a, name: Interpreter A, languages: [English, Korean]}
    - {id: int-b, name: Interpreter B, languages: [English, Korean]}
"""


def kst(hh: int, mm: int, ss: int = 0) -> datetime:
    """An instant on 2022-09-06 in Seoul, as UTC."""
    return datetime(2022, 9, 6, hh, mm, ss, tzinfo=SEOUL).astimezone(UTC)


@pytest.fixture
def board_path(tmp_path: Path) -> Path:
    path = tmp_path / "schedules" / "board.yaml"
    path.parent.mkdir()
    path.write_text(BOARD_YAML, encoding="utf-8")
    return path


@pytest.fixture
def board_schedule(board_path: Path) -> Schedule:
    return load_schedule(board_path).schedule


@pytest.fixture
def make_runner(board_schedule: Schedule, tmp_path: Path) -> Iterator[Callable[..., tuple[Runner, FakeClock]]]:
    """A runner (threaded=False) on a FakeClock started at `start`; the hub, if given, hears its events."""
    made: list[Runner] = []

    def make(start: datetime, hub: BoardHub | None = None) -> tuple[Runner, FakeClock]:
        clock = FakeClock(start)
        state = tmp_path / f"state{len(made)}"
        notifier = FanOut(MemoryNotifier(), hub) if hub is not None else MemoryNotifier()
        runner = Runner(board_schedule, state, clock, RecordingExecutor(), notifier, threaded=False)
        runner.start()
        made.append(runner)
        return runner, clock

    yield make
    for runner in made:
        runner.stop()
