"""Request and response bodies with Zoom's exact field names (Zoom Meeting API v2 spec).

Request models forbid unknown fields (a typo fails here, not silently at Zoom); response models
allow them (Zoom adds fields). Serialise requests with `to_body()` (JSON mode, no `None`s).
Webinar settings (create and update) are generated from the vendored spec: `settings_models.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

from zoomops.common.clock import utc_z
from zoomops.zoom.settings_base import RequestModel
from zoomops.zoom.settings_models import (
    AttendeesAndPanelistsReminderEmailNotification as EmailNotification,
)
from zoomops.zoom.settings_models import (
    LanguageInterpretation,
    QuestionAndAnswer,
    SignLanguageInterpretation,
    WebinarSettings,
    WebinarUpdateSettings,
)
from zoomops.zoom.settings_models import LanguageInterpretationInterpreter as Interpreter
from zoomops.zoom.settings_models import SignLanguageInterpretationInterpreter as SignLanguageInterpreter

__all__ = [
    "EmailNotification", "Interpreter", "LanguageInterpretation", "QuestionAndAnswer", "RequestModel",
    "SignLanguageInterpretation", "SignLanguageInterpreter", "WebinarSettings", "WebinarUpdateSettings",
]

WebinarType = Literal[5, 6, 9]
MAX_PANELISTS_PER_CALL = 30
PASSWORD_PATTERN = r"^[a-zA-Z0-9@\-_*!]{1,10}$"


class ResponseModel(BaseModel):
    """A body Zoom returns; unknown fields are kept."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)


def settings_problems(settings: dict[str, Any]) -> list[str]:
    """Why Zoom's webinar create or update would refuse `settings` (field names, types and enums), one line each.

    zoomops may send the same desired settings in a create and later in a PATCH, so they must satisfy both.
    """
    from pydantic import ValidationError

    found: dict[str, dict[str, str]] = {"create": {}, "update": {}}
    for model, call in ((WebinarSettings, "create"), (WebinarUpdateSettings, "update")):
        try:
            model.model_validate(settings)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(part) for part in err["loc"]) or "settings"
                unknown = err["type"] == "extra_forbidden"
                text = "unknown field (not in Zoom's webinar settings)" if unknown else err["msg"]
                found[call].setdefault(where, text)
    problems = []
    for where in dict.fromkeys([*found["update"], *found["create"]]):
        if where in found["update"]:
            note = "" if where in found["create"] else " (Zoom's webinar create accepts it, its update does not)"
            problems.append(f"{where}: {found['update'][where]}{note}")
        else:
            problems.append(f"{where}: {found['create'][where]}")
    return problems


class Recurrence(RequestModel):
    type: Literal[1, 2, 3]
    repeat_interval: int | None = None
    weekly_days: str | None = None
    monthly_day: int | None = Field(default=None, ge=1, le=31)
    monthly_week: Literal[-1, 1, 2, 3, 4] | None = None
    monthly_week_day: Literal[1, 2, 3, 4, 5, 6, 7] | None = None
    end_times: int | None = Field(default=None, le=60)
    end_date_time: str | None = None


class TrackingField(RequestModel):
    field: str
    value: str | None = None


class WebinarCreate(RequestModel):
    """Body of `POST /users/{userId}/webinars`. `start_time`: an aware datetime (sent as UTC `…Z`) or a string."""

    topic: str | None = Field(default=None, max_length=200)
    type: WebinarType | None = None
    start_time: datetime | str | None = None
    duration: int | None = Field(default=None, ge=0)
    timezone: str | None = None
    password: str | None = Field(default=None, pattern=PASSWORD_PATTERN, repr=False)
    agenda: str | None = None
    schedule_for: str | None = None
    template_id: str | None = None
    tracking_fields: list[TrackingField] | None = None
    recurrence: Recurrence | None = None
    is_simulive: bool | None = None
    record_file_id: str | None = None
    settings: WebinarSettings | None = None

    @field_validator("start_time")
    @classmethod
    def _aware(cls, value: datetime | str | None) -> datetime | str | None:
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError("start_time must be timezone-aware (or a string in Zoom's format)")
        return value

    @field_serializer("start_time")
    def _zoom_time(self, value: datetime | str | None) -> str | None:
        return utc_z(value) if isinstance(value, datetime) else value


class WebinarUpdate(WebinarCreate):
    """Body of `PATCH /webinars/{webinarId}`: same fields (settings per the PATCH schema); only set ones are sent."""

    settings: WebinarUpdateSettings | None = None  # type: ignore[assignment]


class Occurrence(ResponseModel):
    occurrence_id: str | None = None
    start_time: datetime | None = None
    duration: int | None = None
    status: str | None = None


class InterpreterOut(ResponseModel):
    email: str | None = None
    languages: str | None = None
    interpreter_languages: str | None = None


class LanguageInterpretationOut(ResponseModel):
    enable: bool | None = None
    interpreters: list[InterpreterOut] = Field(default_factory=list)


class WebinarSettingsOut(ResponseModel):
    """Settings as Zoom reports them (typed where zoomops reads them, the rest kept as extra)."""

    approval_type: int | None = None
    registration_type: int | None = None
    practice_session: bool | None = None
    panelists_video: bool | None = None
    host_video: bool | None = None
    hd_video: bool | None = None
    auto_recording: str | None = None
    alternative_hosts: str | None = None
    email_language: str | None = None
    panelists_invitation_email_notification: bool | None = None
    question_and_answer: dict[str, Any] | None = None
    language_interpretation: LanguageInterpretationOut | None = None
    sign_language_interpretation: dict[str, Any] | None = None


class WebinarSummary(ResponseModel):
    """One item of `GET /users/{userId}/webinars` (the list cuts `agenda` to 250 characters)."""

    id: int
    uuid: str | None = None
    host_id: str | None = None
    topic: str | None = None
    type: int | None = None
    start_time: datetime | None = None
    duration: int | None = None
    timezone: str | None = None
    agenda: str | None = None
    join_url: str | None = None
    created_at: datetime | None = None
    is_simulive: bool | None = None


class Webinar(WebinarSummary):
    """A webinar as created or fetched. `start_url` (host key) and `password` are kept out of repr."""

    host_email: str | None = None
    start_url: str | None = Field(default=None, repr=False)
    password: str | None = Field(default=None, repr=False)
    occurrences: list[Occurrence] = Field(default_factory=list)
    recurrence: dict[str, Any] | None = None
    settings: WebinarSettingsOut | None = None
    tracking_fields: list[dict[str, Any]] = Field(default_factory=list)
    template_id: str | None = None
    registrants_confirmation_email: bool | None = None
    record_file_id: str | None = None

    def __repr_args__(self) -> Any:  # extra fields (e.g. encrypted_passcode) stay out of repr too
        return [(k, v) for k, v in super().__repr_args__() if k not in _SECRET_EXTRAS]


_SECRET_EXTRAS = frozenset({"start_url", "password", "encrypted_passcode", "h323_passcode", "h323_password",
                            "pstn_password"})


class WebinarPage(ResponseModel):
    webinars: list[WebinarSummary] = Field(default_factory=list)
    next_page_token: str | None = None
    total_records: int | None = None
    page_size: int | None = None


class PanelistIn(RequestModel):
    email: str
    name: str
    virtual_background_id: str | None = None
    name_tag_id: str | None = None
    name_tag_name: str | None = None
    name_tag_pronouns: str | None = None
    name_tag_description: str | None = None


class PanelistsAdd(RequestModel):
    """Body of `POST /webinars/{id}/panelists`: at most 30 per request."""

    panelists: list[PanelistIn] = Field(min_length=1, max_length=MAX_PANELISTS_PER_CALL)


class PanelistsAdded(ResponseModel):
    id: str | None = None
    updated_at: datetime | None = None


class Panelist(ResponseModel):
    id: str
    email: str
    name: str | None = None
    join_url: str | None = None
    virtual_background_id: str | None = None
    name_tag_id: str | None = None
    name_tag_name: str | None = None
    name_tag_pronouns: str | None = None
    name_tag_description: str | None = None


class PanelistList(ResponseModel):
    panelists: list[Panelist] = Field(default_factory=list)
    total_records: int | None = None


class WebinarStatus(RequestModel):
    action: Literal["end"] = "end"


class Livestream(RequestModel):
    """Body of `PATCH /webinars/{id}/livestream` (custom live stream)."""

    stream_url: str = Field(max_length=1024)
    stream_key: str = Field(max_length=512, repr=False)
    page_url: str = Field(max_length=1024)
    resolution: Literal["720p", "1080p"] | None = None


class LivestreamSettings(RequestModel):
    active_speaker_name: bool | None = None
    display_name: str | None = Field(default=None, min_length=1, max_length=50)


class LivestreamStatus(RequestModel):
    action: Literal["start", "stop"]
    settings: LivestreamSettings | None = None


class InMeetingEvent(RequestModel):
    """Body of `PATCH /live_meetings/{meetingId}/events`, e.g. `recording.start`."""

    model_config = ConfigDict(extra="forbid")

    method: str
    params: dict[str, Any] | None = None


class User(ResponseModel):
    id: str
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    display_name: str | None = None
    type: int | None = None
    status: str | None = None
    role_name: str | None = None
    timezone: str | None = None
    account_id: str | None = None
