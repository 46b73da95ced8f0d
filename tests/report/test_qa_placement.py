"""Placing Q&A questions and poll answers in sessions (pure: no Zoom)."""

from __future__ import annotations

from tests.report.conftest import kst
from zoomops.common.clock import utc_z
from zoomops.report import attendance as att
from zoomops.report.build import UNPLACED, _place_polls, _place_qa

BLOCKS = [att.BlockAttendance("b00", "Opening", "opening", kst(9, 0), kst(9, 30), 0, 0),
          att.BlockAttendance("b01", "Break", "break", kst(9, 30), kst(9, 45), 0, 0),
          att.BlockAttendance("b02", "Session 1", "session", kst(9, 45), kst(11, 0), 0, 0)]


def test_a_question_with_a_time_goes_where_it_was_asked() -> None:
    """Newer Zoom reports add `create_time` to each question; when present it decides."""
    records = [{"name": "X", "email": "", "question_details": [
        {"question": "early", "create_time": utc_z(kst(9, 10))},
        {"question": "in the break", "create_time": utc_z(kst(9, 40))},
        {"question": "after the end", "create_time": utc_z(kst(11, 30))}]}]
    placed = _place_qa(records, [], BLOCKS)
    assert [(g["key"], [q["question"] for q in g["questions"]], g["session"]) for g in placed] == [
        ("b00", ["early"], "Opening"), ("b01", ["in the break"], "Break"), (UNPLACED, ["after the end"], UNPLACED)]


def test_poll_answers_with_zoom_time_formats() -> None:
    records = [{"question_details": [
        {"question": "Q", "answer": "A", "date_time": "2022-09-06T00:05:00Z"},
        {"question": "Q", "answer": "B", "date_time": "2022-09-06 01:00:00"},  # no zone: UTC
        {"question": "Q", "answer": "B"}]}]
    assert _place_polls(records, BLOCKS) == [
        {"key": "b00", "session": "Opening", "polls": [{"question": "Q", "answers": {"A": 1}, "responses": 1}]},
        {"key": "b02", "session": "Session 1", "polls": [{"question": "Q", "answers": {"B": 1}, "responses": 1}]},
        {"key": UNPLACED, "session": UNPLACED, "polls": [{"question": "Q", "answers": {"B": 1}, "responses": 1}]}]


def test_people_are_one_across_reconnects_and_devices() -> None:
    def r(**kw: str) -> dict[str, str]:
        return {"join_time": utc_z(kst(9, 0)), "leave_time": utc_z(kst(9, 10)), "status": "in_meeting", **kw}

    persons = att.people([
        r(id="U1", name="A"), r(id="U1", name="A (phone)", join_time=utc_z(kst(9, 5)), leave_time=utc_z(kst(9, 20))),
        r(user_email="B@Example.org", name="B"), r(user_email="b@example.org", name="B2"),
        r(name="  Guest   C "), r(name="guest c"), r(registrant_id="R9", name="D"),
        r(name="W", status="in_waiting_room")])
    assert [(p.key, p.joins, [(a.astimezone(kst(9, 0).tzinfo).strftime("%H:%M"),
                               b.astimezone(kst(9, 0).tzinfo).strftime("%H:%M")) for a, b in p.intervals])
            for p in persons] == [
        ("email:b@example.org", 2, [("09:00", "09:10")]), ("name:guest c", 2, [("09:00", "09:10")]),
        ("registrant:R9", 1, [("09:00", "09:10")]), ("user:U1", 2, [("09:00", "09:20")])]
    assert att.window_figures(persons, kst(9, 0), kst(9, 30)) == {"unique": 4, "peak": 4}
    assert att.window_figures(persons, kst(9, 10), kst(9, 30)) == {"unique": 1, "peak": 1}
