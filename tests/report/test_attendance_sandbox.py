"""Attendance, Q&A and polls read from the sandbox per Zoom's spec, placed on the forum run's actual blocks.

The forum run (tests/report/conftest.py) started Session 1 at 09:35 after a +5 delay; its blocks ran
Opening 09:00–09:35, Session 1 09:35–10:50, Break 10:50–11:00, Session 2 11:00–12:20, Break 12:20–12:30,
Session 3 12:30–13:45, Closing 13:45–14:00 (Seoul). Zoom's records, one per join:
  Ana   signed in; 09:00–09:20, reconnects 09:22–09:38 (3 minutes into Session 1: not "attended")
  Bo    a guest without account or email; one record 10:30–11:30, through the first break
  Cy    signed in; Session 1 09:35–10:50, comes back for Session 3 12:30–13:45
  Di    left in the waiting room 09:00–09:05 (not attendance)
  Ed    signed in on two devices at once: 11:00–12:00 and 11:30–12:20
  Fa    no account id, only an email; all day 09:00–14:00
  301 guests 13:50–13:58 in the Closing (more than one page of 300)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.provision.conftest import sandbox_client
from tests.report.conftest import ForumRun, kst
from zoomops.common.clock import FakeClock, utc_z
from zoomops.report.build import UNPLACED, build_report
from zoomops.report.ledger_reader import read_ledger
from zoomops.report.zoomdata import fetch_zoom_data
from zoomops.sandbox.adapter import SandboxAdapter
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.credentials import SANDBOX_ORIGIN
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.models import WebinarCreate


def rec(name: str, start: datetime, end: datetime, *, uid: str = "", email: str = "", user_id: str,
        status: str = "in_meeting") -> dict[str, Any]:
    return {"id": uid, "participant_user_id": uid, "user_id": user_id, "name": name, "user_email": email,
            "registrant_id": f"reg-{name}", "join_time": utc_z(start), "leave_time": utc_z(end),
            "duration": int((end - start).total_seconds()), "failover": False, "status": status}


PARTICIPANTS = [
    rec("Ana", kst(9, 0), kst(9, 20), uid="uA", email="ana@example.org", user_id="1"),
    rec("Ana", kst(9, 22), kst(9, 38), uid="uA", email="ana@example.org", user_id="2"),
    rec("Bo Guest", kst(10, 30), kst(11, 30), user_id="3"),
    rec("Cy", kst(9, 35), kst(10, 50), uid="uC", email="cy@example.org", user_id="4"),
    rec("Cy", kst(12, 30), kst(13, 45), uid="uC", email="cy@example.org", user_id="5"),
    rec("Di", kst(9, 0), kst(9, 5), user_id="6", status="in_waiting_room"),
    rec("Ed", kst(11, 0), kst(12, 0), uid="uE", email="ed@example.org", user_id="7"),
    rec("Ed", kst(11, 30), kst(12, 20), uid="uE", email="ed@example.org", user_id="8"),
    rec("Fa", kst(9, 0), kst(14, 0), email="fa@example.org", user_id="9"),
    *[rec(f"Guest {n:03d}", kst(13, 50), kst(13, 58), user_id=str(100 + n)) for n in range(301)],
]
QA = [
    {"name": "Ana", "email": "ana@example.org", "question_details": [{"question": "Is the keynote online?",
                                                                       "answer": "Yes, on the forum page"}]},
    {"name": "Cy", "email": "cy@example.org", "question_details": [{"question": "Where are the slides?"}]},
    {"name": "Ed", "email": "ed@example.org", "question_details": [{"question": "How were citizens involved?",
                                                                      "answer": ""}]},
]
POLLS = [
    {"name": "Fa", "email": "fa@example.org", "question_details": [
        {"question": "Useful?", "answer": "Yes", "date_time": utc_z(kst(10, 0)), "polling_id": "p1"},
        {"question": "Useful?", "answer": "No", "date_time": utc_z(kst(11, 15)), "polling_id": "p2"}]},
    {"name": "Cy", "email": "cy@example.org", "question_details": [
        {"question": "Useful?", "answer": "No", "date_time": utc_z(kst(10, 5)), "polling_id": "p1"}]},
    {"name": "Ed", "email": "ed@example.org", "question_details": [
        {"question": "Useful?", "answer": "Yes", "date_time": utc_z(kst(11, 10)), "polling_id": "p2"}]},
]
ABSENTEES = [{"id": "r1", "first_name": "Gil", "last_name": "Absent", "email": "gil@example.org", "country": "KR"},
             {"id": "r2", "first_name": "Hye", "last_name": "Absent", "email": "hye@example.org", "country": "US"}]
RECORDING = {"start_time": utc_z(kst(8, 59)), "recording_files": [
    {"id": "f1", "file_type": "MP4", "file_extension": "MP4", "recording_start": utc_z(kst(8, 59)),
     "recording_end": utc_z(kst(14, 1)), "recording_type": "shared_screen_with_speaker_view", "file_size": 10}]}


class LoggingAdapter(SandboxAdapter):
    """The in-process sandbox, remembering every request's method, path, query and answer status."""

    def __init__(self, sandbox: ZoomSandbox) -> None:
        super().__init__(sandbox)
        self.seen: list[tuple[str, str, dict[str, str], int]] = []

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().send(request, *args, **kwargs)
        url = urlsplit(request.url)
        if url.path.startswith("/v2/"):
            self.seen.append((request.method, url.path, dict(parse_qsl(url.query)), response.status_code))
        return response


@pytest.fixture
def zoom(tmp_path: Path) -> Iterator[tuple[ZoomSandbox, ZoomClient, LoggingAdapter, int]]:
    clock = FakeClock(datetime(2022, 9, 6, 6, 0, tzinfo=UTC))
    sandbox = ZoomSandbox(clock)
    client = sandbox_client(sandbox, clock, tmp_path)
    adapter = LoggingAdapter(sandbox)
    client.session.mount(f"{SANDBOX_ORIGIN}/", adapter)
    webinar = client.create_webinar("me", WebinarCreate.model_validate(
        {"topic": "Forum", "type": 5, "start_time": "2022-09-06T00:00:00Z", "duration": 300,
         "timezone": "Asia/Seoul", "settings": {"approval_type": 0}}))
    sandbox.start_webinar(webinar.id)
    client.end_webinar(webinar.id)
    sandbox.set_reports(webinar.id, {"participants": PARTICIPANTS, "qa": QA, "polls": POLLS,
                                     "absentees": ABSENTEES, "recording": RECORDING})
    adapter.seen.clear()
    yield sandbox, client, adapter, webinar.id


def figures(report: Any) -> dict[str, tuple[int, int]]:
    return {b.key: (b.unique, b.peak) for b in report.attendance.blocks}


def test_per_block_figures_from_the_report_api(forum_run: ForumRun, zoom: Any, tmp_path: Path) -> None:
    from zoomops.report.render import write_report

    _, client, adapter, wid = zoom
    data = fetch_zoom_data(client, [wid], registration=True)
    report = build_report(forum_run.schedule, read_ledger(forum_run.state), data, now=kst(15, 0))
    assert figures(report) == {"b00": (2, 2), "b01": (4, 3), "b02": (2, 2), "b03": (3, 3), "b04": (1, 1),
                               "b05": (2, 2), "b06": (302, 302)}
    assert report.attendance is not None
    assert report.attendance.summary == {"unique": 306, "reconnected": 3, "join_records": 309,
                                         "in_two_or_more_sessions": 3, "peak": 302, "details": {}}
    assert len(report.attendance.absentees or []) == 2
    token = next(q["next_page_token"] for m, p, q, s in adapter.seen if "next_page_token" in q)
    assert adapter.seen == [
        ("GET", f"/v2/report/webinars/{wid}/participants", {"page_size": "300", "include_fields": "registrant_id"},
         200),
        ("GET", f"/v2/report/webinars/{wid}/participants",
         {"page_size": "300", "include_fields": "registrant_id", "next_page_token": token}, 200),
        ("GET", f"/v2/report/webinars/{wid}/qa", {}, 200),
        ("GET", f"/v2/report/webinars/{wid}/polls", {}, 200),
        ("GET", f"/v2/past_webinars/{wid}/absentees", {"page_size": "300"}, 200),
        ("GET", f"/v2/meetings/{wid}/recordings", {}, 200),
    ]
    written = write_report(report, tmp_path / "out", {"timeline": "<svg></svg>", "attendance": "<svg></svg>"})
    public = [p for p in written if p.parent.name != "private"]
    for path in public:
        text = path.read_text("utf-8")
        assert not any(secret in text for secret in ("@example.org", "Ana", "Bo Guest", "Guest 001", "Gil")), path
    private = sorted(p.name for p in written if p.parent.name == "private")
    assert private == ["absentees.csv", "participants.csv", "polls.csv", "qa.csv"]
    assert {oct(p.stat().st_mode & 0o777) for p in written if p.parent.name == "private"} == {"0o600"}
    assert oct((tmp_path / "out" / "private").stat().st_mode & 0o777) == "0o700"
    assert "Ana,ana@example.org,2022-09-06T00:00:00+00:00,2022-09-06T00:38:00+00:00,36.0,2,b00" in (
        tmp_path / "out" / "private" / "participants.csv").read_text("utf-8")
    assert report.notes == ["Countries and devices: not in Zoom's participants report (only the Dashboard API has "
                            "them, which zoomops does not use)"]


def test_qa_and_polls_grouped_by_session(forum_run: ForumRun, zoom: Any) -> None:
    _, client, _, wid = zoom
    report = build_report(forum_run.schedule, read_ledger(forum_run.state),
                          fetch_zoom_data(client, [wid], registration=True), now=kst(15, 0))
    assert [(g["key"], [(q["question"], q["inferred"]) for q in g["questions"]]) for g in report.qa] == [
        ("b00", [("Is the keynote online?", True)]),  # Ana attended only the opening
        ("b03", [("How were citizens involved?", True)]),
        (UNPLACED, [("Where are the slides?", False)]),  # Cy attended two sessions; Zoom gives no time
    ]
    assert [(g["key"], g["polls"]) for g in report.polls] == [
        ("b01", [{"question": "Useful?", "answers": {"Yes": 1, "No": 1}, "responses": 2}]),
        ("b03", [{"question": "Useful?", "answers": {"No": 1, "Yes": 1}, "responses": 2}]),
    ]


def test_chapters_from_zoom_recording_start(forum_run: ForumRun, zoom: Any) -> None:
    _, client, _, wid = zoom
    report = build_report(forum_run.schedule, read_ledger(forum_run.state),
                          fetch_zoom_data(client, [wid], registration=True), now=kst(15, 0))
    assert report.recording_start == kst(8, 59)
    assert report.youtube.splitlines()[:3] == ["00:00 Before the programme", "01:00 Opening Session — Opening Remarks",
                                               "16:00 Opening Session — Keynote Speech"]


def test_without_report_scope_attendance_comes_from_past_webinars(forum_run: ForumRun, zoom: Any) -> None:
    sandbox, client, adapter, wid = zoom
    sandbox.set_scopes("webinar:read:admin webinar:write:admin user:read:admin")
    sandbox.expire_tokens()
    data = fetch_zoom_data(client, [wid], registration=True)
    report = build_report(forum_run.schedule, read_ledger(forum_run.state), data, now=kst(15, 0))
    assert figures(report) == {"b00": (2, 2), "b01": (4, 3), "b02": (2, 2), "b03": (3, 3), "b04": (1, 1),
                               "b05": (2, 2), "b06": (302, 302)}
    assert [(p, s) for _, p, _, s in adapter.seen if "/report/" in p] == [
        (f"/v2/report/webinars/{wid}/participants", 401),  # the old token expired: a new one, narrower
        (f"/v2/report/webinars/{wid}/participants", 400), (f"/v2/report/webinars/{wid}/qa", 400),
        (f"/v2/report/webinars/{wid}/polls", 400)]
    assert report.notes[0] == (
        "Attendance from GET /past_webinars/{id}/participants instead — GET /report/webinars/{id}/participants "
        "(report:read:admin): the app's token lacks a scope it needs (Invalid access token, does not contain "
        "scopes:[report:read:admin].)")
    assert any(n.startswith("Recording start unknown — GET /meetings/{id}/recordings: the app's token lacks a scope")
               for n in report.notes)


def test_zoom_refusing_everything_still_renders_the_as_run_part(forum_run: ForumRun, zoom: Any,
                                                                 tmp_path: Path) -> None:
    from zoomops.report.render import write_report

    sandbox, client, _, wid = zoom
    sandbox.set_scopes("user:read:admin")
    sandbox.expire_tokens()
    report = build_report(forum_run.schedule, read_ledger(forum_run.state),
                          fetch_zoom_data(client, [wid], registration=True), now=kst(15, 0))
    assert report.attendance is None and report.qa == [] and report.polls == []
    assert [n.split(" — ")[0] for n in report.notes[:4]] == ["Attendance absent", "Q&A absent", "Polls absent",
                                                             "Absentees absent"]
    written = write_report(report, tmp_path / "out", {"timeline": "<svg></svg>", "attendance": ""})
    assert "What is absent, and why" in (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "the app&#39;s token lacks a scope it needs" in (tmp_path / "out" / "report.html").read_text("utf-8")
    assert {p.name for p in written} >= {"report.html", "report.md", "chapters.vtt"}


def test_registration_unknown_asks_for_absentees_and_reads_zoom_s_answer(forum_run: ForumRun, zoom: Any) -> None:
    """The webinar could not be read (e.g. deleted since): absentees are asked for; Zoom's 400 code 3000
    ("not registration required") becomes the note, not a failure."""
    _, client, adapter, wid = zoom
    client.update_webinar(wid, {"settings": {"approval_type": 2}})
    adapter.seen.clear()
    data = fetch_zoom_data(client, [wid], registration=None)
    assert data.absentees is None and data.participants is not None
    assert ("GET", f"/v2/past_webinars/{wid}/absentees", {"page_size": "300"}, 400) in adapter.seen
    assert "Absentees not listed: registration was off (approval_type 2), so Zoom has no registrants" in data.notes
