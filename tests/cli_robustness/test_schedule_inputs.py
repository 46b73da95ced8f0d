"""Schedules that are odd rather than wrong: ragged roster rows, events over several days."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_robustness.helpers import SMALL, run

TWO_DAYS = """\
event:
  id: two-days
  title: Two Days
  dates: [2030-05-01, 2030-05-02]
  timezone: Europe/Paris
people:
  - {id: ann, name: Ann, email: ann@example.org}
blocks:
  - {kind: opening, title: Late, date: 2030-05-01, start: "23:30", end: "23:50"}
  - {kind: closing, title: After midnight, date: 2030-05-02, start: "00:00", end: "00:05"}
"""


def _with_roster(csv_text: str) -> None:
    head, _, tail = SMALL.partition("people:\n")
    Path("c.yaml").write_text(head + "people: roster.csv\n" + tail[tail.index("blocks:"):], encoding="utf-8")
    Path("roster.csv").write_text(csv_text, encoding="utf-8")


def test_roster_row_with_more_values_than_columns(capsys: pytest.CaptureFixture[str]) -> None:
    _with_roster("id,name,email\nann,Ann,ann@example.org,Jr.,extra\nbob,Bob,bob@example.org\n")
    code, out, err = run(capsys, "validate", "c.yaml")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "roster.csv:2:4: row has 5 values but the header has 3 columns (id, name, email); quote values with commas",
        "1 error(s); nothing was changed.",
    ]


def test_roster_with_bom_and_short_row(capsys: pytest.CaptureFixture[str]) -> None:
    _with_roster("\ufeffid,name,email\nann,Ann,ann@example.org\nbob,Bob\n")
    code, out, err = run(capsys, "validate", "c.yaml")
    assert code == 0
    assert out == "c.yaml: ok — Small Event: 2 blocks, 2 people, 1 warning(s)\n"
    assert err == "roster.csv:3:3: warning: email: Bob is on stage and must become a panelist, but has no email\n"


def test_timeline_names_each_day(capsys: pytest.CaptureFixture[str]) -> None:
    Path("two.yaml").write_text(TWO_DAYS, encoding="utf-8")
    code, out, _ = run(capsys, "timeline", "two.yaml")
    assert code == 0
    assert out.splitlines() == [
        "Two Days",
        "Wednesday 01 May 2030, times in Europe/Paris (UTC in brackets)",
        "",
        "23:30-23:50 (21:30-21:50Z)  Late  [20 min]",
        "",
        "Thursday 02 May 2030",
        "",
        "00:00-00:05 (22:00-22:05Z)  After midnight  [5 min]",
        "",
    ]


def test_cues_name_each_day(capsys: pytest.CaptureFixture[str]) -> None:
    Path("two.yaml").write_text(TWO_DAYS, encoding="utf-8")
    code, out, _ = run(capsys, "timeline", "two.yaml", "--cues")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "Wednesday 01 May 2030"
    assert [n for n in lines if n.endswith("2030")] == ["Wednesday 01 May 2030", "Thursday 02 May 2030"]
    assert lines[lines.index("Thursday 02 May 2030") + 1].startswith("00:00 (22:00Z)  b01.start ")


def test_single_day_cues_have_no_date_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", "small.yaml", "--cues")
    assert code == 0
    assert not [n for n in out.splitlines() if n.endswith("2030")]
