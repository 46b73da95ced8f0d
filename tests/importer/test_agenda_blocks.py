"""agenda.py, days.py, ends.py, blocks.py, build.py and yamlout.py on small documents: rows into blocks, days,
items and speakers, the YAML written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zoomops.importer import import_document
from zoomops.importer.agenda import read_agenda
from zoomops.importer.markdown import read_markdown
from zoomops.schedule.loader import load_schedule_text


def _import(tmp_path: Path, text: str, name: str = "note.md") -> tuple[dict[str, Any], list[str]]:
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    result = import_document(doc, "ev")
    load_schedule_text(result.yaml_text, "ev.yaml", tmp_path)
    return result.data, [d.render().replace(str(tmp_path) + "/", "") for d in result.diagnostics]


def test_hours_line_is_not_a_block_and_days_come_from_headings() -> None:
    agenda = read_agenda(
        read_markdown(
            "# X\n\n09:00-17:00 Seoul (KST), GMT+9\n\n## Day 1 — 6 May 2024\n\n09:00-10:00 A\n\n"
            "## Day 2 — 7 May 2024\n\n09:00-10:00 B\n- Dr. C D\n",
            "x.md",
        )
    )
    assert agenda.header_lines == [(3, 1, "09:00-17:00 Seoul (KST), GMT+9")]
    assert [(b.line, b.heading, str(b.date), [e.text for e in b.entries]) for b in agenda.blocks] == [
        (7, "A", "2024-05-06", []),
        (11, "B", "2024-05-07", ["Dr. C D"]),
    ]


def test_days_counted_from_the_header_and_restarting_times(tmp_path: Path) -> None:
    data, warnings = _import(
        tmp_path,
        "# Forum\n\n12-13 March 2024, CET (Paris)\n\n09:00-10:00 Opening\n10:00-11:00 Talks\n\n"
        "09:00-10:00 Field visit\n10:00-10:30 Closing\n",
    )
    assert [(b["date"], b["start"]) for b in data["blocks"]] == [
        ("2024-03-12", "09:00"),
        ("2024-03-12", "10:00"),
        ("2024-03-13", "09:00"),
        ("2024-03-13", "10:00"),
    ]
    assert warnings == ["note.md:8:1: warning: the times start again: put this block and those after it on 2024-03-13"]


def test_start_times_only(tmp_path: Path) -> None:
    data, warnings = _import(
        tmp_path, "# Forum\n\n6 May 2024, UTC\n\n| Time | Item |\n|--|--|\n| 09:00 | A |\n| 09:40 | B |\n"
    )
    assert [(b["start"], b["end"]) for b in data["blocks"]] == [("09:00", "09:40"), ("09:40", "10:10")]
    assert warnings == ["note.md:8:3: warning: blocks[1].end: no end time; the block ends at 10:10 (30 minutes)"]


def test_start_and_end_in_two_columns_without_headers(tmp_path: Path) -> None:
    data, warnings = _import(
        tmp_path,
        "# Forum\n\n6 May 2024, UTC\n\n| | | |\n|--|--|--|\n| 09:00 | 09:40 | A |\n| 09:40 | 10:00 | Break |\n",
    )
    assert [(b["kind"], b.get("title"), b["start"], b["end"]) for b in data["blocks"]] == [
        ("session", "A", "09:00", "09:40"),
        ("break", "Break", "09:40", "10:00"),
    ]
    assert warnings == []


def test_speaker_minutes_are_the_items_not_the_blocks(tmp_path: Path) -> None:
    data, warnings = _import(
        tmp_path,
        "# Forum\n\n6 May 2024, UTC\n\n10:00 – 10:15  Opening remarks — Dr. Ada Nwosu, Director, Lagos Hub (10 min)\n",
    )
    assert data["blocks"] == [
        {
            "kind": "opening",
            "title": "Opening remarks",
            "start": "10:00",
            "end": "10:15",
            "items": [{"kind": "remarks", "title": "Opening remarks", "minutes": 10, "speakers": ["ada-nwosu"]}],
        }
    ]
    assert warnings == []  # no "says 10 minutes but 10:00-10:15 is 15"


def test_shared_slot_and_roles_in_one_cell(tmp_path: Path) -> None:
    data, _ = _import(
        tmp_path,
        "# Forum\n\n6 May 2024, UTC\n\n| Time | Agenda |\n|---|---|\n"
        "| 10:00-11:00 | <p>Session 1</p><ul><li>Moderator: Dr. Ada Nwosu</li>"
        "<li>Joint talk (20 mins): Ms. Bo Lin (10 mins) &amp; Mr. Cy Dube (10 mins)</li>"
        "<li>Presenters: Dr. Eva Ruiz, Dr. Femi Ade</li></ul> |\n",
    )
    block = data["blocks"][0]
    assert block["moderator"] == "ada-nwosu"
    assert block["items"] == [
        {
            "kind": "presentation",
            "title": "Joint talk",
            "minutes": 20,
            "segments": [{"speaker": "bo-lin", "minutes": 10}, {"speaker": "cy-dube", "minutes": 10}],
        },
        {"kind": "presentation", "title": "Session 1", "speakers": ["eva-ruiz", "femi-ade"]},
    ]


def test_yaml_is_written_by_a_yaml_library_with_comments(tmp_path: Path) -> None:
    doc = tmp_path / "n.md"
    doc.write_text(
        "# Forum: “A & B”\n\n6 May 2024, UTC. English-French interpretation.\n\n10:00-10:30 Yes\n", encoding="utf-8"
    )
    result = import_document(doc, "ev")
    assert result.yaml_text.splitlines() == [
        "# Imported from n.md by `zoomops import`: a draft to review.",
        "# Emails are empty unless the document gives them: fill them in (`zoomops validate` lists who lacks one).",
        "# The document names no interpreters: add the team under interpretation.interpreters, e.g.",
        "#   - {id: interpreter-a, name: ..., email: ..., languages: [English, French]}",
        "event:",
        "  id: ev",
        "  title: 'Forum: “A & B”'",
        "  dates: [2024-05-06]",
        "  timezone: UTC",
        "people: []",
        "blocks:",
        "- kind: session",
        "  title: 'Yes'",
        '  start: "10:00"',
        '  end: "10:30"',
        "interpretation:",
        "  pairs:",
        "  - [English, French]",
        "  interpreters: []",
    ]  # 'Yes' and the times are quoted: a YAML 1.1 reader would take them for true and 600
    loaded = load_schedule_text(result.yaml_text, "ev.yaml", tmp_path)
    assert loaded.schedule.blocks[0].title == "Yes"


def test_dates_written_before_the_times(tmp_path: Path) -> None:
    data, _ = _import(
        tmp_path,
        "# Forum\n\nAll times CET (Paris).\n\n- 7 November 2023, 09:00 – 09:30: Opening — Dr. Ana Lima\n"
        "- Wednesday 8 November 2023 09:00-09:30 Closing\n\n"
        "| When | What |\n|--|--|\n| 9 Nov 2023, 10:00-11:00 | Extra |\n",
    )
    assert [(b["date"], b["start"], b["end"], b["title"]) for b in data["blocks"]] == [
        ("2023-11-07", "09:00", "09:30", "Opening"),
        ("2023-11-08", "09:00", "09:30", "Closing"),
        ("2023-11-09", "10:00", "11:00", "Extra"),
    ]
    assert data["event"]["timezone"] == "Europe/Paris"


def test_labels_on_their_own_line_and_descriptions(tmp_path: Path) -> None:
    data, _ = _import(
        tmp_path,
        "# Forum\n\n6 May 2024, UTC\n\n| Time | Session |\n|--|--|\n| 09:00-10:00 | <p>**Session 1: Cities**</p>"
        "<p>This session will discuss how cities share data across borders and sectors.</p><ul><li>Moderator:<ul>"
        "<li>Dr. Ada Nwosu, Lagos Hub</li></ul></li><li>Speakers:<ul><li>Ms. Bo Lin, Org A</li><li>Mr. Cy Dube, Org B"
        "</li></ul></li></ul> |\n",
    )
    assert data["blocks"][0] == {
        "kind": "session",
        "title": "Session 1: Cities",
        "start": "09:00",
        "end": "10:00",
        "moderator": "ada-nwosu",
        "items": [
            {"kind": "presentation", "title": "Session 1: Cities", "minutes": 60, "speakers": ["bo-lin", "cy-dube"]}
        ],
    }


def test_a_second_time_column_is_a_conversion(tmp_path: Path) -> None:
    data, _ = _import(
        tmp_path,
        "# Forum\n\n6 May 2024\n\n| Time (UTC) | Time (KST) | Session |\n|--|--|--|\n"
        "| 08:00-09:00 | 17:00-18:00 | Opening — Dr. Ada Nwosu |\n| 09:00-09:15 | 18:00-18:15 KST | Break |\n",
    )
    assert data["event"]["timezone"] == "UTC"
    assert [(b["kind"], b["title"], b["start"], b.get("items")) for b in data["blocks"]] == [
        (
            "opening",
            "Opening",
            "08:00",
            [{"kind": "remarks", "title": "Opening", "minutes": 60, "speakers": ["ada-nwosu"]}],
        ),
        ("break", "Break", "09:00", None),
    ]
