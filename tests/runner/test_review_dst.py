"""A schedule in Europe/Berlin on the nights of a DST change: durations are real time, cues fire in real order.

Python's `+`/`-`/`<` on two datetimes of one ZoneInfo work on the wall clock; these pin the instants in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from zoomops.common.clock import FakeClock, elapsed, shifted
from zoomops.common.diagnostics import InputError
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.schedule.loader import load_schedule_text
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = """\
event: {{id: dst-night, title: DST night, dates: [{day}], timezone: Europe/Berlin}}
people:
  - {{id: ana, name: Ana, email: ana@example.org}}
  - {{id: bo, name: Bo, email: bo@example.org}}
blocks:
  - kind: session
    title: Night session
    start: "01:30"
    end: "03:30"
    items:
      - {{kind: presentation, title: Talk A, minutes: {minutes}, speakers: [ana]}}
      - {{kind: presentation, title: Talk B, minutes: {minutes}, speakers: [bo]}}
run: {{preflight_minutes: 60, practice_reminder_minutes: 30, block_warnings: [10], speaker_warnings: [2, 1]}}
"""


def night(tmp_path: Path, day: str, minutes: int) -> Schedule:
    return load_schedule_text(NIGHT.format(day=day, minutes=minutes), "night.yaml", tmp_path).schedule


def utc(h: int, m: int, day: int) -> datetime:
    """An instant in UTC on the spring-forward night (25/26 March 2023) or the fall-back one (29/30 October 2022)."""
    year, month = (2023, 3) if day in (25, 26) else (2022, 10)
    return datetime(year, month, day, h, m, tzinfo=UTC)


def instants(schedule: Schedule) -> dict[str, datetime]:
    return {c.id: c.at.astimezone(UTC) for c in compile_cues(schedule)}


def test_shifted_and_elapsed_are_real_time() -> None:
    start = datetime(2023, 3, 26, 1, 30, tzinfo=BERLIN)
    end = shifted(start, timedelta(minutes=60))
    assert end.isoformat() == "2023-03-26T03:30:00+02:00"  # wall-clock `+` would give 02:30, which does not exist
    assert end.tzinfo is BERLIN
    assert elapsed(start, end) == timedelta(hours=1)
    assert elapsed(start, datetime(2023, 3, 26, 3, 30, tzinfo=BERLIN)) == timedelta(hours=1)


def test_spring_forward_items_run_in_real_minutes(tmp_path: Path) -> None:
    at = instants(night(tmp_path, "2023-03-26", 30))  # 01:30 CET .. 03:30 CEST is one real hour
    assert at["b00.start"] == utc(0, 30, 26)
    assert at["b00.i00.warn-2"] == utc(0, 58, 26)
    assert at["b00.i01.start"] == utc(1, 0, 26)  # 03:00 CEST, not a local 02:00 that does not exist
    assert at["b00.i01.warn-2"] == utc(1, 28, 26)
    assert at["b00.t-10"] == utc(0, 20, 26) and at["preflight"] == utc(23, 30, 25)
    assert at["close"] == utc(1, 30, 26)


def test_spring_forward_block_is_one_hour_so_two_hours_of_items_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        night(tmp_path, "2023-03-26", 60)
    assert "items take 120 minutes but the block lasts 60" in str(err.value.diagnostics)


def test_fall_back_cues_are_in_real_order(tmp_path: Path) -> None:
    schedule = night(tmp_path, "2022-10-30", 90)  # 01:30 CEST .. 03:30 CET is three real hours
    cues = compile_cues(schedule)
    at = {c.id: c.at.astimezone(UTC) for c in cues}
    assert at["b00.i00.warn-2"] == utc(0, 58, 30)  # 02:58 CEST, the first 02:58 of the night
    assert at["b00.i01.start"] == utc(1, 0, 30)  # 02:00 CET, the second 02:00
    assert at["close"] == utc(2, 30, 30)
    order = [c.at.astimezone(UTC) for c in cues]
    assert order == sorted(order)


def test_fall_back_runner_fires_in_real_order_and_delays_in_real_minutes(tmp_path: Path) -> None:
    schedule = night(tmp_path, "2022-10-30", 90)
    clock = FakeClock(utc(22, 0, 29))
    notes = MemoryNotifier()
    runner = Runner(schedule, tmp_path, clock, RecordingExecutor(), notes, threaded=False)
    runner.start()
    runner.advance_to(utc(0, 50, 30))
    out = runner.delay(5)
    assert out["position"] == "b00.i00.warn-2"
    assert runner.effective("b00.i00.warn-2").astimezone(UTC) == utc(1, 3, 30)
    assert runner.effective("b00.i01.start").astimezone(UTC) == utc(1, 5, 30)
    runner.advance_to(utc(3, 0, 30))
    fired = [(e["cue"], datetime.fromisoformat(e["at"])) for e in notes.events if e["type"] == "cue"]
    assert [t for _, t in fired] == sorted(t for _, t in fired)
    assert {e["status"] for e in notes.events if e["type"] == "cue"} == {"fired"}
    assert runner.report()["lateness_ms"]["max"] == 0
    runner.stop()
