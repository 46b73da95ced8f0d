"""What the report reads from Zoom, and why any of it is absent (a refusal is a note, never a failure).

Participants come from the report API; where it is refused (no `report:read:admin` scope, no paid plan) or
fails, from `/past_webinars`. Q&A and polls likewise. Absentees only when registration was on. The recording
start from the cloud recording's files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from zoomops.report.attendance import parse_zoom_time
from zoomops.zoom import reports
from zoomops.zoom.client import WebinarId, ZoomClient
from zoomops.zoom.errors import ZoomAPIError, ZoomError

T = TypeVar("T")
SCOPE_CODES = frozenset({4700, 4711})
REPORT_SCOPE = "report:read:admin"
NO_REGISTRATION_CODE = 3000  # "This Webinar has not registration required"
NO_REGISTRATION_NOTE = "Absentees not listed: registration was off (approval_type 2), so Zoom has no registrants"


@dataclass
class ZoomData:
    """Raw records as Zoom gave them (personal data: only the organizer's export files show them)."""

    participants: list[dict[str, Any]] | None = None
    participants_source: str = ""
    qa: list[dict[str, Any]] | None = None
    polls: list[dict[str, Any]] | None = None
    absentees: list[dict[str, Any]] | None = None
    recording_start: datetime | None = None
    notes: list[str] = field(default_factory=list)


def why(exc: ZoomError) -> str:
    """A refusal in a few words, naming the scope when it is a scope problem."""
    if isinstance(exc, ZoomAPIError):
        if exc.code in SCOPE_CODES or exc.http_status == 403:
            return f"the app's token lacks a scope it needs ({exc.message})"
        if exc.code == 200:
            return f"not available on this account ({exc.message})"
        if exc.http_status == 404:
            return f"Zoom has no such report yet ({exc.message})"
        if exc.code is None:
            return f"Zoom's answer was not usable: HTTP {exc.http_status}: {exc.message}"
        return f"Zoom refused: HTTP {exc.http_status} code {exc.code}: {exc.message}"
    return f"Zoom could not be reached: {exc}"


def _each(ids: Sequence[WebinarId], fetch: Callable[[WebinarId], list[T]]) -> list[T]:
    out: list[T] = []
    for webinar_id in ids:
        out.extend(fetch(webinar_id))
    return out


def _first_that_works(what: str, tries: list[tuple[str, Callable[[], T]]], notes: list[str]) -> tuple[T | None, str]:
    failures: list[str] = []
    for source, attempt in tries:
        try:
            found = attempt()
        except ZoomError as exc:
            failures.append(f"{source}: {why(exc)}")
            continue
        if failures:
            notes.append(f"{what} from {source} instead — " + "; ".join(failures))
        return found, source
    notes.append(f"{what} absent — " + "; ".join(failures))
    return None, ""


def _questions(report: reports.QuestionsReport) -> list[dict[str, Any]]:
    return [q.model_dump(exclude_none=True) for q in report.questions]


def fetch_zoom_data(client: ZoomClient, webinar_ids: Sequence[WebinarId], *, registration: bool | None,
                    recording_start: datetime | None = None) -> ZoomData:
    """Everything Zoom can tell about the webinars; each part that Zoom refuses becomes a note."""
    data = ZoomData(notes=[])
    ids = list(webinar_ids)

    def dump(rows: list[Any]) -> list[dict[str, Any]]:
        return [r.model_dump(exclude_none=True) for r in rows]

    data.participants, data.participants_source = _first_that_works("Attendance", [
        (f"GET /report/webinars/{{id}}/participants ({REPORT_SCOPE})",
         lambda: dump(_each(ids, lambda w: reports.report_participants(client, w)))),
        ("GET /past_webinars/{id}/participants",
         lambda: dump(_each(ids, lambda w: reports.past_participants(client, w)))),
    ], data.notes)
    data.qa, _ = _first_that_works("Q&A", [
        ("GET /report/webinars/{id}/qa", lambda: _each(ids, lambda w: _questions(reports.report_qa(client, w)))),
        ("GET /past_webinars/{id}/qa", lambda: _each(ids, lambda w: _questions(reports.past_qa(client, w)))),
    ], data.notes)
    data.polls, _ = _first_that_works("Polls", [
        ("GET /report/webinars/{id}/polls",
         lambda: _each(ids, lambda w: _questions(reports.report_polls(client, w)))),
        ("GET /past_webinars/{id}/polls", lambda: _each(ids, lambda w: _questions(reports.past_polls(client, w)))),
    ], data.notes)
    if registration is False:
        data.notes.append(NO_REGISTRATION_NOTE)
    else:
        _absentees(client, ids, data)
    data.recording_start = recording_start or _recording_start(client, ids, data.notes)
    return data


def _absentees(client: ZoomClient, ids: list[WebinarId], data: ZoomData) -> None:
    """Registrants who never joined; Zoom's 400 code 3000 says registration was off."""
    try:
        data.absentees = [r.model_dump(exclude_none=True) for w in ids for r in reports.absentees(client, w)]
    except ZoomAPIError as exc:
        data.notes.append(NO_REGISTRATION_NOTE if exc.code == NO_REGISTRATION_CODE else
                          f"Absentees absent — GET /past_webinars/{{id}}/absentees: {why(exc)}")
    except ZoomError as exc:
        data.notes.append(f"Absentees absent — GET /past_webinars/{{id}}/absentees: {why(exc)}")


def _recording_start(client: ZoomClient, ids: list[WebinarId], notes: list[str]) -> datetime | None:
    if not ids:
        return None
    try:
        rec = reports.recording(client, ids[0])
    except ZoomError as exc:
        notes.append(f"Recording start unknown — GET /meetings/{{id}}/recordings: {why(exc)}; "
                     "give it with --recording-start")
        return None
    starts = [parse_zoom_time(f.recording_start) for f in rec.recording_files
              if f.recording_start and (f.file_type or "MP4") in ("MP4", "M4A")]
    if starts:
        return min(starts)
    return parse_zoom_time(rec.start_time) if rec.start_time else None
