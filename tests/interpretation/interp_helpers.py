"""Small schedules for interpretation tests, written to a temporary directory and loaded for real."""

from __future__ import annotations

import textwrap
from pathlib import Path

from zoomops.schedule.loader import LoadedSchedule, load_schedule

REPO = Path(__file__).resolve().parents[2]
FORUM = REPO / "schedules" / "2022-undesa-krila-forum.yaml"

HEAD = """\
event: {id: t, title: Test, dates: [2022-09-06], timezone: Asia/Seoul}
people:
  - {id: p1, name: P One, email: p1@example.org}
  - {id: p2, name: P Two, email: p2@example.org}
  - {id: p3, name: P Three, email: p3@example.org}
"""

TEAM3 = """\
interpretation:
  pairs: [[English, Korean]]
  interpreters:
    - {id: a, name: A, email: a@example.org, languages: [English, Korean]}
    - {id: b, name: B, email: b@example.org, languages: [English, Korean]}
    - {id: c, name: C, email: c@example.org, languages: [Korean, English]}
"""


def schedule_text(blocks: str, interpretation: str = TEAM3) -> str:
    """A whole schedule: HEAD, then `blocks:` with the given entries, then the interpretation section."""
    return HEAD + "blocks:\n" + textwrap.indent(textwrap.dedent(blocks).strip("\n"), "  ") + "\n" + interpretation


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, blocks: str, interpretation: str = TEAM3) -> LoadedSchedule:
    return load_schedule(write(tmp_path, schedule_text(blocks, interpretation)))
