"""After a webinar: the report and past-webinar endpoints, absentees and the cloud recording, per Zoom's spec.

The data lives in the webinar's record under `reports` (participants with every field Zoom's report gives,
Q&A, polls, absentees, recording), put there by a test or by `attendance.synthesize` for a rehearsal. Each
endpoint returns only the fields its own response schema lists, pages with `page_size` (1..300) and an
opaque `next_page_token`, and answers Zoom's error codes: 404 3001 before the webinar ran (reports) or
ended (past_webinars), 400 3000 for absentees without registration, 404 3301 without a recording.
"""

from __future__ import annotations

import base64
import copy
import math
from typing import Any

from zoomops.sandbox.context import Ctx
from zoomops.sandbox.errors import (
    BAD_PAGE_TOKEN,
    NO_RECORDING,
    NO_REGISTRATION,
    PAST_NOT_ENDED,
    REPORT_WEBINAR_NOT_FOUND,
    ZoomError,
    validation_failed,
)
from zoomops.sandbox.validation import FieldError

REPORT_PARTICIPANT_FIELDS = ("id", "participant_user_id", "user_id", "name", "user_email", "join_time", "leave_time",
                             "duration", "failover", "status", "customer_key")
PAST_PARTICIPANT_FIELDS = ("id", "user_id", "name", "user_email", "join_time", "leave_time", "duration", "failover",
                           "status")
QA_DETAIL_FIELDS = ("question", "answer")
POLL_DETAIL_FIELDS = ("question", "answer", "date_time", "polling_id")
ABSENTEE_FIELDS = ("id", "first_name", "last_name", "email", "address", "city", "country", "zip", "state", "phone",
                   "industry", "org", "job_title", "purchasing_time_frame", "role_in_purchase_process",
                   "no_of_employees", "comments", "custom_questions", "status", "create_time", "join_url")
RECORDING_FILE_FIELDS = ("id", "meeting_id", "recording_start", "recording_end", "file_type", "file_extension",
                         "file_size", "play_url", "download_url", "status", "recording_type")


def reports_of(record: dict[str, Any]) -> dict[str, Any]:
    return record.setdefault("reports", {})


def _ran(ctx: Ctx, message: str) -> dict[str, Any]:
    """A webinar that has started at least once (reports exist), else 404 3001 with `message`."""
    webinar_id = ctx.param("webinarId")
    record = ctx.state.webinars.get(webinar_id) or next(
        (r for r in ctx.state.webinars.values() if r["webinar"]["uuid"] == webinar_id), None)
    if record is None or record["status"] == "waiting":
        raise ZoomError(404, 3001, message.replace("{webinarId}", webinar_id))
    return record


def _ended(ctx: Ctx, message: str = PAST_NOT_ENDED) -> dict[str, Any]:
    record = _ran(ctx, message)
    if record["status"] != "ended":
        raise ZoomError(404, 3001, message)
    return record


def _page_size(ctx: Ctx) -> int:
    raw = ctx.query.get("page_size", "30")
    try:
        size = int(raw)
    except ValueError:
        size = -1
    if not 1 <= size <= 300:
        raise validation_failed([FieldError("page_size")])
    return size


def _offset(ctx: Ctx) -> int:
    token = ctx.query.get("next_page_token", "")
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        if not text.startswith("r:"):
            raise ValueError(text)
        return int(text.removeprefix("r:"))
    except (ValueError, UnicodeDecodeError):
        raise ZoomError(400, 300, BAD_PAGE_TOKEN) from None


def _page(ctx: Ctx, rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    size, offset = _page_size(ctx), _offset(ctx)
    more = offset + size < len(rows)
    token = base64.urlsafe_b64encode(f"r:{offset + size}".encode()).decode("ascii").rstrip("=") if more else ""
    return {"next_page_token": token, "page_count": max(1, math.ceil(len(rows) / size)), "page_size": size,
            "total_records": len(rows), key: rows[offset:offset + size]}


def _only(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: copy.deepcopy(row[k]) for k in fields if k in row}


def report_participants(ctx: Ctx) -> tuple[int, Any]:
    record = _ran(ctx, REPORT_WEBINAR_NOT_FOUND)
    fields: tuple[str, ...] = REPORT_PARTICIPANT_FIELDS
    if ctx.query.get("include_fields") == "registrant_id":
        fields = (*fields, "registrant_id")
    elif ctx.query.get("include_fields"):
        raise validation_failed([FieldError("include_fields")])
    rows = [_only(p, fields) for p in reports_of(record).get("participants", [])]
    return 200, _page(ctx, rows, "participants")


def past_participants(ctx: Ctx) -> tuple[int, Any]:
    record = _ended(ctx, "Webinar does not exist.")
    rows = [_only(p, PAST_PARTICIPANT_FIELDS) for p in reports_of(record).get("participants", [])]
    return 200, _page(ctx, rows, "participants")


def _questions(record: dict[str, Any], kind: str, details: tuple[str, ...], names: bool) -> dict[str, Any]:
    webinar = record["webinar"]
    people = []
    for entry in reports_of(record).get(kind, []):
        person = _only(entry, ("name", "email", "first_name", "last_name") if names else ("name", "email"))
        person["question_details"] = [_only(d, details) for d in entry.get("question_details", [])]
        people.append(person)
    return {"id": webinar["id"], "uuid": webinar["uuid"], "start_time": webinar["start_time"], "questions": people}


def report_qa(ctx: Ctx) -> tuple[int, Any]:
    record = _ran(ctx, "Webinar  {webinarId} not found or has expired.")
    return 200, _questions(record, "qa", QA_DETAIL_FIELDS, names=False)


def past_qa(ctx: Ctx) -> tuple[int, Any]:
    return 200, _questions(_ended(ctx), "qa", QA_DETAIL_FIELDS, names=False)


def report_polls(ctx: Ctx) -> tuple[int, Any]:
    record = _ran(ctx, "Webinar  {webinarId} not found or has expired.")
    return 200, _questions(record, "polls", POLL_DETAIL_FIELDS, names=True)


def past_polls(ctx: Ctx) -> tuple[int, Any]:
    return 200, _questions(_ended(ctx), "polls", POLL_DETAIL_FIELDS, names=False)


def absentees(ctx: Ctx) -> tuple[int, Any]:
    record = _ended(ctx, "Meeting ID is invalid or not end.")
    if record["webinar"]["settings"].get("approval_type", 2) == 2:
        raise ZoomError(400, 3000, NO_REGISTRATION.format(webinarUUID=record["webinar"]["uuid"]))
    rows = [_only(r, ABSENTEE_FIELDS) for r in reports_of(record).get("absentees", [])]
    return 200, _page(ctx, rows, "registrants")


def recording(ctx: Ctx) -> tuple[int, Any]:
    """GET /meetings/{meetingId}/recordings for a webinar id or UUID."""
    meeting_id = ctx.param("meetingId")
    record = ctx.state.webinars.get(meeting_id) or next(
        (r for r in ctx.state.webinars.values() if r["webinar"]["uuid"] == meeting_id), None)
    data = reports_of(record).get("recording") if record is not None else None
    if not data:
        raise ZoomError(404, 3301, NO_RECORDING)
    webinar = record["webinar"] if record else {}
    files = [_only({**f, "meeting_id": webinar["uuid"], "status": "completed"}, RECORDING_FILE_FIELDS)
             for f in data.get("recording_files", [])]
    return 200, {"uuid": webinar["uuid"], "id": webinar["id"], "account_id": data.get("account_id", ""),
                 "host_id": webinar["host_id"], "topic": webinar["topic"], "type": "5",
                 "start_time": data["start_time"], "duration": data.get("duration", 0),
                 "total_size": sum(int(f.get("file_size", 0)) for f in files), "recording_count": len(files),
                 "recording_files": files}
