"""The sandbox's synthetic attendance for rehearsals: deterministic, shaped as Zoom's records, with its cases."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.report.conftest import kst
from zoomops.report import attendance as att
from zoomops.sandbox.attendance import Session, synthesize

SESSIONS = [Session("b00", "Opening", kst(9, 0), kst(9, 30)), Session("b01", "Session 1", kst(9, 30), kst(10, 45)),
            Session("b02", "Break", kst(10, 45), kst(11, 0), is_break=True),
            Session("b03", "Session 2", kst(11, 0), kst(12, 20)), Session("b04", "Closing", kst(12, 20), kst(12, 40))]
REPORT_FIELDS = {"id", "participant_user_id", "user_id", "registrant_id", "name", "user_email", "join_time",
                 "leave_time", "duration", "failover", "status", "customer_key"}


def _blocks() -> list[att.BlockAttendance]:
    return [att.BlockAttendance(s.key, s.label, "break" if s.is_break else "session", s.start, s.end, 0, 0)
            for s in SESSIONS]


def test_same_seed_same_attendance_and_zoom_shaped_records() -> None:
    one, two = synthesize(SESSIONS, seed=3, registration=True), synthesize(SESSIONS, seed=3, registration=True)
    assert one == two and one != synthesize(SESSIONS, seed=4, registration=True)
    assert {k for r in one["participants"] for k in r} == REPORT_FIELDS
    first = one["participants"][0]
    assert datetime.fromisoformat(first["join_time"].replace("Z", "+00:00")).tzinfo == UTC
    assert first["join_time"].endswith("Z") and isinstance(first["duration"], int)
    assert len(one["absentees"]) == 5 and synthesize(SESSIONS, seed=3)["absentees"] == []


def test_the_cases_a_report_must_get_right() -> None:
    data = synthesize(SESSIONS, seed=0)
    persons = {p.name: p for p in att.people(data["participants"])}
    blocks = _blocks()
    reconnect = persons["Reconnecting Attendee"]
    assert reconnect.joins == 2 and len(reconnect.intervals) == 2
    assert att.sessions_of(reconnect, blocks) == ["b00"]
    through = persons["Guest Through The Break"]
    assert through.key == "name:guest through the break" and through.intervals == [(kst(9, 0), kst(12, 20))]
    assert att.sessions_of(through, blocks) == ["b00", "b01", "b03"]  # one record across the break
    assert att.sessions_of(persons["Two Sessions Attendee"], blocks) == ["b00", "b03"]
    assert "Waiting Room Guest" not in persons
    assert [q["name"] for q in data["qa"]] == ["Questioner 1a", "Questioner 1b", "Questioner 2a", "Questioner 2b",
                                               "Questioner 3a", "Questioner 3b", "Questioner 4a", "Questioner 4b"]
    assert data["recording"]["recording_files"][0]["recording_start"] == "2022-09-05T23:58:30Z"
