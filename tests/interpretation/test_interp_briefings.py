"""Per-interpreter briefings: Markdown content and .ics calendars that parse with the right UTC instants."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from icalendar import Calendar

from tests.interpretation.interp_helpers import FORUM
from zoomops.briefings.briefing import write_briefings
from zoomops.briefings.interpreters import interpreter_briefings
from zoomops.schedule.loader import load_schedule
from zoomops.show.rota import build_rota

STAMP = datetime(2022, 9, 1, 8, 0, tzinfo=UTC)


def write_forum(out: Path, paris_for_b: bool = False) -> list[Path]:
    s = load_schedule(FORUM).schedule
    assert s.interpretation is not None
    if paris_for_b:
        s.interpretation.interpreters[1].timezone = "Europe/Paris"
    return write_briefings(interpreter_briefings(s, build_rota(s), {}), out, STAMP)


def events(path: Path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def test_one_markdown_and_one_calendar_per_interpreter(tmp_path) -> None:
    paths = write_forum(tmp_path / "out")
    assert [p.name for p in paths] == [
        "interpreter-a.md",
        "interpreter-a.ics",
        "interpreter-b.md",
        "interpreter-b.ics",
        "interpreter-c.md",
        "interpreter-c.ics",
    ]
    assert all(p.parent == tmp_path / "out" and p.is_file() for p in paths)


def test_calendars_parse_and_hold_each_turn_in_utc(tmp_path) -> None:
    write_forum(tmp_path)
    practice, *a = events(tmp_path / "interpreter-a.ics")
    assert (practice.decoded("dtstart"), practice.decoded("dtend")) == (
        datetime(2022, 9, 5, 23, 30, tzinfo=UTC), datetime(2022, 9, 6, 0, 0, tzinfo=UTC))  # the runner's T-30 cue
    assert str(practice["uid"]) == "2022-undesa-krila-forum.interpreter-a.practice@zoomops"
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in a] == [
        (datetime(2022, 9, 6, 0, 0, tzinfo=UTC), datetime(2022, 9, 6, 0, 30, tzinfo=UTC)),
        (datetime(2022, 9, 6, 1, 30, tzinfo=UTC), datetime(2022, 9, 6, 1, 45, tzinfo=UTC)),
        (datetime(2022, 9, 6, 2, 55, tzinfo=UTC), datetime(2022, 9, 6, 3, 20, tzinfo=UTC)),
        (datetime(2022, 9, 6, 4, 30, tzinfo=UTC), datetime(2022, 9, 6, 5, 0, tzinfo=UTC)),
    ]
    assert [str(e["uid"]) for e in a] == [
        f"2022-undesa-krila-forum.interpreter-a.en-ko-{t}@zoomops" for t in ("t01", "t04", "t07", "t10")
    ]
    assert {e.decoded("dtstamp") for e in [practice, *a]} == {STAMP}
    assert str(a[0]["summary"]) == (
        "2022 UN DESA-KRILA Forum: Promoting Innovative Local Govern…: "
        "Interpreting English ↔ Korean, turn 1 (Interpreter B (placeholder) next) / "
        "영어 ↔ 한국어 통역 1번째 차례 (다음 차례: Interpreter B (placeholder))")  # no preferred language: both
    assert [str(alarm["trigger"].to_ical(), "ascii") if hasattr(alarm["trigger"], "to_ical") else alarm["trigger"]
            for e in a for alarm in e.walk("VALARM")][:1] == ["-PT10M"]
    english, korean = str(a[0]["description"]).split("\n\n")[1:]
    assert english.splitlines() == [
        "Tue, Sep 6, 2022, 9:00\u202fAM–9:30\u202fAM (Asia/Seoul)",  # CLDR: a narrow no-break space
        "Boothmate: Interpreter B (placeholder). After your turn: Interpreter B (placeholder) takes over at 09:30.",
        "Opening Session (moderator: Mr. Jae-hee Park, Korean)",
        "- 09:00 Opening Remarks — Mr. Kyu Chang Ko: Korean, KO→EN",
        "- 09:05 Opening Remarks — Mr. Iljae Kim: Korean, KO→EN",
        "- 09:10 Opening Remarks — Mr. Kim Kwan-Young: Korean, KO→EN",
        "- 09:15 Keynote Speech — Prof. Alex Brillantes Jr: English, EN→KO",
        "- 09:25 Group photo — Mr. Jae-hee Park (moderator): Korean, KO→EN",
        "Join with the Zoom desktop client, signed in with your assigned email.",
    ]
    assert korean.splitlines()[:2] == [
        "2022년 9월 6일 (화) 오전 9:00–오전 9:30 (Asia/Seoul)",
        "부스 동료: Interpreter B (placeholder). "
        "차례가 끝나면: 09:30에 Interpreter B (placeholder)이(가) 이어받습니다.",
    ]
    assert b"DTSTART:20220906T000000Z" in (tmp_path / "interpreter-a.ics").read_bytes()


def test_calendars_are_the_same_bytes_on_a_second_run(tmp_path) -> None:
    write_forum(tmp_path / "one")
    write_forum(tmp_path / "two")
    for name in ("interpreter-a.ics", "interpreter-b.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_markdown_briefing_gives_channel_join_turns_boothmate_and_own_time_zone(tmp_path) -> None:
    write_forum(tmp_path, paris_for_b=True)
    text = (tmp_path / "interpreter-b.md").read_text(encoding="utf-8")
    assert text.startswith("# Interpretation briefing: Interpreter B (placeholder)\n")
    assert "- English ↔ Korean (Zoom pair `US,KR`), booth A.\n" in text
    assert "signed in with **placeholder+interpreter-b@example.org**" in text
    assert "cannot be managed from the mobile app or the web client" in text
    assert "the host starts interpretation" in text
    assert "## Your turns (3, 90 minutes)\n" in text
    assert "### Turn 5: 11:00–11:30 Asia/Seoul (04:00–04:30 Europe/Paris), 02:00–02:30 UTC\n" in text
    assert (
        "- Boothmate: Interpreter C (placeholder). After your turn: Interpreter C (placeholder) takes over at 11:30.\n"
        "- Session 2: Promoting Social Inclusion & Leaving No One Behind in Local Governance"
        " (moderator: Ms. Mi Kyoung Park, Korean)\n"
        "  - 11:00 Presentation 1 — Dr. Bernadia Irawati Tjandradewi: English, EN→KO\n"
        "  - 11:15 Presentation 2 — Dr. Michelle L. Oren: English, EN→KO\n"
    ) in text
    a = (tmp_path / "interpreter-a.md").read_text(encoding="utf-8")
    assert "### Turn 4: 10:30–10:45 Asia/Seoul, 01:30–01:45 UTC\n" in a
    assert "After your turn: break; Interpreter B (placeholder) resumes at 11:00." in a
    assert "After your turn: end of interpreting." in a
    assert "Europe/Paris" not in a


def test_no_interpretation_writes_nothing(tmp_path) -> None:
    s = load_schedule(FORUM).schedule
    s.interpretation = None
    assert write_briefings(interpreter_briefings(s, build_rota(s), {}), tmp_path / "x", STAMP) == []
    assert not (tmp_path / "x").exists()
