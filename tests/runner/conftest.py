"""Shared fixtures for the runner tests: the forum schedule and a tiny schedule."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoomops.schedule.loader import load_schedule
from zoomops.show.model import Schedule

ROOT = Path(__file__).resolve().parents[2]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"

TINY_YAML = """\
event: {id: tiny-forum, title: Tiny forum, dates: [2022-09-06], timezone: Asia/Seoul}
people:
  - {id: ana, name: Ana, email: ana@example.org}
  - {id: bo, name: Bo, email: bo@example.org}
  - {id: mod, name: Mo, email: mo@example.org}
blocks:
  - kind: session
    title: Session A
    start: "09:00"
    end: "09:10"
    moderator: mod
    items:
      - {kind: presentation, title: Talk A, minutes: 5, speakers: [ana]}
      - {kind: presentation, title: Talk B, minutes: 5, speakers: [bo]}
  - {kind: break, title: Break, start: "09:10", end: "09:15"}
  - kind: session
    title: Session B
    start: "09:15"
    end: "09:20"
    moderator: mod
    items:
      - {kind: presentation, title: Talk C, minutes: 5, speakers: [ana]}
run:
  preflight_minutes: 2
  practice_reminder_minutes: 1
  block_warnings: [1]
  speaker_warnings: [2, 1]
  actions: {end_webinar: true, pause_recording_in_breaks: true}
"""


@pytest.fixture(scope="session")
def forum() -> Schedule:
    return load_schedule(FORUM).schedule


@pytest.fixture
def tiny_path(tmp_path: Path) -> Path:
    path = tmp_path / "schedules" / "tiny.yaml"
    path.parent.mkdir()
    path.write_text(TINY_YAML, encoding="utf-8")
    return path


@pytest.fixture
def tiny(tiny_path: Path) -> Schedule:
    return load_schedule(tiny_path).schedule
