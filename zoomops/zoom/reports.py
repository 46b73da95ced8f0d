"""After a webinar: Zoom's reports (participants, Q&A, polls), past-webinar lists, absentees, recordings.

Paths, query parameters and fields as in Zoom's Meeting API spec:
  GET /report/webinars/{webinarId}/participants  page_size <= 300, next_page_token, include_fields
                                                                                     (report:read:admin, Heavy)
  GET /report/webinars/{webinarId}/qa | /polls                                       (report:read:admin, Heavy)
  GET /past_webinars/{webinarId}/participants     page_size <= 300, next_page_token  (webinar:read:admin, Medium)
  GET /past_webinars/{webinarId}/qa | /polls                                          (webinar:read:admin, Medium)
  GET /past_webinars/{webinarId}/absentees        page_size <= 300, next_page_token  (webinar:read:admin, Heavy)
  GET /meetings/{meetingId}/recordings            a webinar id works as meetingId     (recording:read[:admin], Light)
Some of these answer HTTP 200 with a Zoom error body ("only available for paid account"): that is an error.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from zoomops.zoom.client import WebinarId, ZoomClient, path_id
from zoomops.zoom.errors import ZoomAPIError
from zoomops.zoom.models import ResponseModel
from zoomops.zoom.ratelimit import Category

PAGE_SIZE = 300  # the spec's maximum for every paged report
MAX_PAGES = 10_000  # a guard against a server that keeps returning tokens


class Participant(ResponseModel):
    """One join of one participant (a reconnect is another record)."""

    id: str | None = None
    participant_user_id: str | None = None
    user_id: str | None = None
    registrant_id: str | None = None
    name: str | None = None
    user_email: str | None = None
    join_time: str | None = None
    leave_time: str | None = None
    duration: int | None = None
    failover: bool | None = None
    status: str | None = None
    customer_key: str | None = None


class ParticipantPage(ResponseModel):
    participants: list[Participant] = Field(default_factory=list)
    next_page_token: str | None = None
    page_size: int | None = None
    page_count: int | None = None
    total_records: int | None = None


class QuestionDetail(ResponseModel):
    question: str | None = None
    answer: str | None = None
    polling_id: str | None = None
    date_time: str | None = None


class AskedQuestions(ResponseModel):
    """One person's questions (Q&A) or poll answers."""

    name: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    question_details: list[QuestionDetail] = Field(default_factory=list)


class QuestionsReport(ResponseModel):
    """The body of the Q&A and the polls reports (same shape)."""

    id: int | None = None
    uuid: str | None = None
    start_time: str | None = None
    questions: list[AskedQuestions] = Field(default_factory=list)


class Registrant(ResponseModel):
    id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    country: str | None = None
    org: str | None = None
    status: str | None = None


class AbsenteePage(ResponseModel):
    registrants: list[Registrant] = Field(default_factory=list)
    next_page_token: str | None = None
    total_records: int | None = None


class RecordingFile(ResponseModel):
    id: str | None = None
    file_type: str | None = None
    recording_type: str | None = None
    recording_start: str | None = None
    recording_end: str | None = None


class Recording(ResponseModel):
    id: int | None = None
    uuid: str | None = None
    start_time: str | None = None
    duration: int | None = None
    recording_files: list[RecordingFile] = Field(default_factory=list)


def _get(client: ZoomClient, path: str, category: Category, params: dict[str, Any] | None = None) -> Any:
    response = client._call("GET", path, category, frozenset({200}), params=params)
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ZoomAPIError(200, None, "the answer is not a JSON object", method="GET", path=f"/v2/{path}")
    if "code" in body and "message" in body and len(body) <= 3:
        code = body["code"] if isinstance(body["code"], int) else None
        raise ZoomAPIError(200, code, str(body["message"]), method="GET", path=f"/v2/{path}")
    return body


def _paged(client: ZoomClient, path: str, category: Category, key: str,
           extra: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every record across pages, following `next_page_token` (a repeated token ends the walk)."""
    out: list[dict[str, Any]] = []
    token: str | None = None
    seen: set[str] = set()
    for _ in range(MAX_PAGES):
        params: dict[str, Any] = {"page_size": PAGE_SIZE, **(extra or {})}
        if token:
            params["next_page_token"] = token
        body = _get(client, path, category, params)
        out.extend(body.get(key) or [])
        token = body.get("next_page_token") or None
        if not token or token in seen:
            break
        seen.add(token)
    return out


def report_participants(client: ZoomClient, webinar_id: WebinarId) -> list[Participant]:
    """GET /report/webinars/{id}/participants, every page, with registrant ids."""
    rows = _paged(client, f"report/webinars/{path_id(webinar_id)}/participants", Category.HEAVY, "participants",
                  {"include_fields": "registrant_id"})
    return [Participant.model_validate(r) for r in rows]


def past_participants(client: ZoomClient, webinar_id: WebinarId) -> list[Participant]:
    """GET /past_webinars/{id}/participants, every page (where the report API is not available)."""
    rows = _paged(client, f"past_webinars/{path_id(webinar_id)}/participants", Category.MEDIUM, "participants")
    return [Participant.model_validate(r) for r in rows]


def report_qa(client: ZoomClient, webinar_id: WebinarId) -> QuestionsReport:
    return QuestionsReport.model_validate(_get(client, f"report/webinars/{path_id(webinar_id)}/qa", Category.HEAVY))


def past_qa(client: ZoomClient, webinar_id: WebinarId) -> QuestionsReport:
    return QuestionsReport.model_validate(_get(client, f"past_webinars/{path_id(webinar_id)}/qa", Category.MEDIUM))


def report_polls(client: ZoomClient, webinar_id: WebinarId) -> QuestionsReport:
    body = _get(client, f"report/webinars/{path_id(webinar_id)}/polls", Category.HEAVY)
    return QuestionsReport.model_validate(body)


def past_polls(client: ZoomClient, webinar_id: WebinarId) -> QuestionsReport:
    body = _get(client, f"past_webinars/{path_id(webinar_id)}/polls", Category.MEDIUM)
    return QuestionsReport.model_validate(body)


def absentees(client: ZoomClient, webinar_id: WebinarId) -> list[Registrant]:
    """GET /past_webinars/{id}/absentees, every page: registrants who never joined."""
    rows = _paged(client, f"past_webinars/{path_id(webinar_id)}/absentees", Category.HEAVY, "registrants")
    return [Registrant.model_validate(r) for r in rows]


def recording(client: ZoomClient, meeting_id: WebinarId) -> Recording:
    """GET /meetings/{id}/recordings (a webinar's id or UUID is accepted as the meeting id)."""
    return Recording.model_validate(_get(client, f"meetings/{path_id(meeting_id)}/recordings", Category.LIGHT))
