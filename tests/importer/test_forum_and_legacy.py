"""Agenda import: the forum's concept-note agenda reproduces the committed schedule; common variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FORUM, ROOT
from zoomops.importer import import_document
from zoomops.importer.text import slug
from zoomops.schedule.loader import load_schedule, load_schedule_text
from zoomops.schedule.yamlsource import load_yaml
from zoomops.show.model import Schedule

AGENDA = ROOT / "tests" / "fixtures" / "forum-agenda.md"


def _comparable(s: Schedule) -> Schedule:
    """Emails, the Zoom host, the interpreter team and people's languages and Hangul names are not in the concept
    note (the committed file has placeholders for them), nor is the shorter Zoom topic, so they are left out of
    the comparison."""
    s = s.model_copy(deep=True)
    s.event.host = None
    s.zoom.topic = None
    for p in s.people:
        p.email = None
        p.languages, p.name_local = [], None
    assert s.interpretation is not None
    s.interpretation.interpreters = []
    return s


def test_forum_agenda_reproduces_the_committed_schedule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = import_document(AGENDA.relative_to(ROOT), "2022-undesa-krila-forum")
    assert result.summary == "7 blocks, 18 people"
    assert [d.render() for d in result.diagnostics] == [
        "tests/fixtures/forum-agenda.md:6:1: warning: interpretation.interpreters: English-Korean interpretation: "
        "the document names no interpreters; add the team (id, name, email, languages) before provisioning"
    ]
    out = tmp_path / "forum.yaml"
    out.write_text(result.yaml_text, encoding="utf-8")
    imported = load_schedule(out)
    committed = load_schedule(FORUM)
    assert _comparable(imported.schedule) == _comparable(committed.schedule)
    assert imported.schedule.interpretation is not None
    assert imported.schedule.interpretation.pairs == [["English", "Korean"]]
    assert imported.schedule.interpretation.interpreters == []
    assert all(p.email is None for p in imported.schedule.people)
    # the YAML says what the data says
    parsed, _ = load_yaml(result.yaml_text, "x")
    parsed["event"]["dates"] = [d.isoformat() for d in parsed["event"]["dates"]]
    assert parsed == result.data
    # stable: importing twice gives the same text
    assert import_document(AGENDA.relative_to(ROOT), "2022-undesa-krila-forum").yaml_text == result.yaml_text


def test_forum_agenda_details() -> None:
    data = import_document(AGENDA, None).data
    assert data["event"]["id"] == "2022-un-desa-krila-forum-on-promoting-innovative-local"  # slug cut at 64
    assert data["event"]["timezone"] == "Asia/Seoul"
    assert data["event"]["dates"] == ["2022-09-06"]
    people = {p["id"]: p for p in data["people"]}
    assert people["michelle-l-oren"]["name"] == "Michelle L. Oren"
    assert people["alex-brillantes-jr"]["honorific"] == "Prof."
    assert people["lei-zheng"]["affiliation"] == (
        "Professor, School of International Relations and Public Affairs & Director, Lab for Digital and Mobile "
        "Governance, Fudan University, China"
    )
    shared = data["blocks"][5]["items"][2]
    assert shared == {
        "kind": "presentation",
        "title": "Presentation 3",
        "minutes": 20,
        "segments": [{"speaker": "soo-young-lee", "minutes": 10}, {"speaker": "seonju-choi", "minutes": 10}],
    }
    # the session split by the page break keeps its last items
    assert [it["title"] for it in data["blocks"][3]["items"]][-3:] == ["Presentation 4", "Moderated discussion", "Q&A"]
    assert data["blocks"][3]["moderator"] == data["blocks"][5]["moderator"] == "mi-kyoung-park"


def test_slug() -> None:
    assert slug("Michelle L. Oren") == "michelle-l-oren"
    assert slug("  José  Ñúñez--Jr. ") == "jose-nunez-jr"


LIST_DOC = (
    "# Regional Workshop on Data\r\n\r\nTime: Korea Time (GMT+9)\r\n\r\n"
    "Day 1 \u2014 6 September 2022\r\n\r\n"
    "10:00 \u2013 10:15 Opening remarks \u2014 Dr.\u00a0Jane Roe, Director, Stats Office\r\n"
    "10:15 \u2013 11:00 Session 1: Data for all (45 minutes)\r\n"
    "- Moderator: Mr. John Doe, UNSD\r\n"
    "- Presentation 1 (30 min): Ms. Ann Lee, KOSTAT\r\n"
    "- Q&A (15 mins)\r\n"
    "11:00 - 11:15 Coffee break\r\n\r\n"
    "Day 2 \u2014 7 September 2022\r\n\r\n"
    "10:00 to 10:30 Panel discussion\r\n"
    "  * Prof. Kim Lee, Seoul University\r\n"
    "  * Dr. Jane Roe, Director, Stats Office\r\n"
    "10:30-10:45 Closing remarks by H.E. Park Min, Minister\r\n\r\n"
    "Simultaneous interpretation in English and Korean.\r\n"
)


def test_plain_list_with_two_days_crlf_nbsp_and_dashes(tmp_path: Path) -> None:
    doc = tmp_path / "ws.md"
    doc.write_bytes(LIST_DOC.encode("utf-8"))
    result = import_document(doc, None)
    data = result.data
    assert data["event"] == {
        "id": "regional-workshop-on-data",
        "title": "Regional Workshop on Data",
        "dates": ["2022-09-06", "2022-09-07"],
        "timezone": "Asia/Seoul",
    }
    assert [(b["kind"], b.get("date"), b["start"], b["end"]) for b in data["blocks"]] == [
        ("opening", "2022-09-06", "10:00", "10:15"),
        ("session", "2022-09-06", "10:15", "11:00"),
        ("break", "2022-09-06", "11:00", "11:15"),
        ("session", "2022-09-07", "10:00", "10:30"),
        ("closing", "2022-09-07", "10:30", "10:45"),
    ]
    assert data["blocks"][0]["items"] == [
        {"kind": "remarks", "title": "Opening remarks", "minutes": 15, "speakers": ["jane-roe"]}
    ]
    assert data["blocks"][1]["moderator"] == "john-doe"
    assert data["blocks"][1]["items"] == [
        {"kind": "presentation", "title": "Presentation 1", "minutes": 30, "speakers": ["ann-lee"]},
        {"kind": "qa", "title": "Q&A", "minutes": 15},
    ]
    assert data["blocks"][3]["items"][0]["speakers"] == ["kim-lee", "jane-roe"]
    assert [p["id"] for p in data["people"]] == ["jane-roe", "john-doe", "ann-lee", "kim-lee", "park-min"]
    assert data["people"][4] == {
        "id": "park-min",
        "honorific": "H.E.",
        "name": "Park Min",
        "affiliation": "Minister",
        "email": "",
    }
    assert result.summary == "5 blocks, 5 people"
    loaded = load_schedule_text(result.yaml_text, "ws.yaml", tmp_path)
    assert loaded.schedule.block_start(loaded.schedule.blocks[3]).isoformat() == "2022-09-07T10:00:00+09:00"


@pytest.mark.parametrize(
    ("zone_line", "zone", "warnings"),
    [
        ("09:00-11:00 Seoul (KST), GMT+9", "Asia/Seoul", []),
        ("Times are KST", "Asia/Seoul", []),
        ("All times UTC+9 (Korea)", "Asia/Seoul", []),
        ("Times in Europe/Berlin", "Europe/Berlin", []),
        ("Geneva time (UTC+2)", "Europe/Zurich", []),
        (
            "All times GMT+9",
            "Etc/GMT-9",
            [
                "doc.md:3:11: warning: event.timezone: GMT+9 does not say which place; used the fixed zone Etc/GMT-9 "
                "(no daylight saving): set event.timezone to the city's zone, e.g. Asia/Seoul"
            ],
        ),
    ],
)
def test_time_zone_from_the_document(tmp_path: Path, zone_line: str, zone: str, warnings: list[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(f"# Summit\n\n{zone_line}\n\n6 September 2022\n\n09:00-09:30 Opening\n", encoding="utf-8")
    result = import_document(doc, "summit")
    assert result.data["event"]["timezone"] == zone
    assert [d.render().replace(str(tmp_path) + "/", "") for d in result.diagnostics] == warnings


@pytest.mark.parametrize(
    ("text", "minutes"), [("(30 min)", 30), ("(30 mins)", 30), ("(30 minutes)", 30), ("(1 hour)", 60)]
)
def test_duration_spellings(tmp_path: Path, text: str, minutes: int) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        f"# Forum\n\n6 Sept 2022, KST\n\n09:00-10:00 Session A\n- Talk {text}: Dr. A B, Org\n", encoding="utf-8"
    )
    item = import_document(doc, "f").data["blocks"][0]["items"][0]
    assert item == {"kind": "presentation", "title": "Talk", "minutes": minutes, "speakers": ["a-b"]}


def test_ambiguities_become_warnings_with_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_text(
        "# Forum\n\n6 September 2022 (GMT+9, Seoul)\n\n| Time | Agenda |\n|---|---|\n"
        "| 09:00-09:30 (45 mins) | <p>Opening</p> |\n"
        "| 09:30-10:00 | <p>Session 1</p> <ul> ■ Moderator: Dr. A B, Org ■ Moderator: Ms. C D, Org2 "
        "■ Talk (10 mins): TBC ■ Q&A (20 mins) |\n"
        "| 10:00-10:10 | Break ■ stray |\n"
        "| 10:10-10:40 | <p>Session 2</p> ■ Moderator: Dr. A B, Other Org |\n",
        encoding="utf-8",
    )
    result = import_document(Path("doc.md"), "f")
    assert [d.render() for d in result.diagnostics] == [
        "doc.md:7:3: warning: blocks[0].minutes: says 45 minutes but 09:00-09:30 is 30 minutes; kept the times",
        "doc.md:8:67: warning: blocks[1].moderator: a second moderator; kept a-b",
        "doc.md:8:94: warning: blocks[1].items[0]: speaker to be confirmed (TBC); add them when known",
        "doc.md:9:25: warning: blocks[2]: text in a break ignored: stray",
        "doc.md:10:47: warning: blocks[3].moderator: A B appears again with a different affiliation (Other Org); "
        "kept the first, from line 8",
    ]
    assert "minutes" not in result.data["blocks"][0]
    load_schedule_text(result.yaml_text, "f.yaml", tmp_path)  # the draft validates
