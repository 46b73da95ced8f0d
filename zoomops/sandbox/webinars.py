"""Webinar operations: create, list (paged), get, update, delete, end; and interpretation side effects."""

from __future__ import annotations

import base64
import copy
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from zoomops.common.clock import utc_z
from zoomops.sandbox.context import Ctx
from zoomops.sandbox.errors import (
    DELETE_ENDED,
    DELETE_IN_PROGRESS,
    NOT_STARTED,
    USER_NOT_FOUND_CREATE,
    ZoomError,
    validation_failed,
)
from zoomops.sandbox.panelists import ensure_panelist
from zoomops.sandbox.ratelimit import DailyHostLimit
from zoomops.sandbox.validation import FieldError

DEFAULT_SETTINGS: dict[str, Any] = {
    "host_video": False, "panelists_video": False, "practice_session": False, "hd_video": False,
    "hd_video_for_attendees": False, "send_1080p_video_to_attendees": False, "approval_type": 2,
    "audio": "both", "auto_recording": "none", "alternative_hosts": "", "close_registration": False,
    "show_share_button": False, "allow_multiple_devices": False, "on_demand": False,
    "panelists_invitation_email_notification": True, "email_language": "en-US",
    "question_and_answer": {"enable": False},
    "language_interpretation": {"enable": False, "interpreters": []},
}
LIST_AGENDA_MAX = 250
LIST_FIELDS = ("uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone",
               "agenda", "created_at", "join_url", "is_simulive")


def deep_merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """PATCH semantics: nested objects merge, everything else (lists included) is replaced."""
    merged = copy.deepcopy(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def normalize_start(start: str, timezone: str) -> str:
    """`...Z` stays UTC; a local `yyyy-MM-ddTHH:mm:ss` is read in `timezone`; both come back as UTC `Z`."""
    parsed = datetime.fromisoformat(start.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        try:
            parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise validation_failed([FieldError("timezone")]) from exc
    return utc_z(parsed.astimezone(UTC))


def apply_interpretation(ctx: Ctx, record: dict[str, Any]) -> None:
    """Drop interpretation when the account lacks the feature; else make each interpreter a panelist."""
    settings = record["webinar"]["settings"]
    if not ctx.state.account.features.get("language_interpretation", False):
        settings["language_interpretation"] = {"enable": False, "interpreters": []}
        return
    block = settings.get("language_interpretation", {})
    if block.get("enable"):
        for interpreter in block.get("interpreters", []):
            ensure_panelist(ctx, record, interpreter["email"], interpreter["email"].split("@")[0])


def _urls(ctx: Ctx, webinar_id: int) -> dict[str, str]:
    web = ctx.options.web_base
    return {"join_url": f"{web}/w/{webinar_id}?tk={ctx.ids.secret(16)}",
            "start_url": f"{web}/s/{webinar_id}?zak={ctx.ids.secret(32)}"}


def _fill_times(ctx: Ctx, resource: dict[str, Any], body: dict[str, Any]) -> None:
    if "start_time" in body:
        resource["start_time"] = normalize_start(body["start_time"], resource["timezone"])


def create_webinar(ctx: Ctx, daily: DailyHostLimit) -> tuple[int, Any]:
    host = ctx.require_user(ctx.param("userId"), USER_NOT_FOUND_CREATE)
    daily.charge(ctx.state.daily_counts, host["id"], ctx.clock.now())
    body = ctx.body or {}
    webinar_id = _unused_id(ctx)
    now = utc_z(ctx.clock.now())
    resource: dict[str, Any] = {
        "uuid": ctx.ids.uuid(), "id": webinar_id, "host_id": host["id"], "host_email": host["email"],
        "topic": "Zoom Webinar", "type": 5, "start_time": now, "duration": 60, "timezone": host["timezone"],
        "agenda": "", "created_at": now, "password": ctx.ids.digits(6), "is_simulive": False,
        "tracking_fields": [], "registrants_confirmation_email": True,
    }
    resource.update({k: copy.deepcopy(v) for k, v in body.items() if k not in ("settings", "schedule_for")})
    resource["settings"] = deep_merge(DEFAULT_SETTINGS, body.get("settings", {}))
    resource.update(_urls(ctx, webinar_id))
    _fill_times(ctx, resource, body)
    record = {"webinar": resource, "status": "waiting", "deleted": False, "panelists": [],
              "livestream": None, "livestream_status": "stopped", "events": [], "recording": "stopped"}
    ctx.state.webinars[str(webinar_id)] = record
    apply_interpretation(ctx, record)
    _registration_url(ctx, record)
    return 201, copy.deepcopy(resource)


def _unused_id(ctx: Ctx) -> int:
    while True:
        candidate = ctx.ids.webinar_id()
        if str(candidate) not in ctx.state.webinars:
            return candidate


def get_webinar(ctx: Ctx) -> tuple[int, Any]:
    """The webinar; with registration on, also `registration_url` (not in the spec's schema: zoom-api.md §10)."""
    record = ctx.record(ctx.param("webinarId"))
    webinar = copy.deepcopy(record["webinar"])
    if webinar["settings"].get("approval_type", 2) in (0, 1) and record.get("registration_url"):
        webinar["registration_url"] = record["registration_url"]
    return 200, webinar


def _registration_url(ctx: Ctx, record: dict[str, Any]) -> None:
    """Each webinar gets one registration page address, made the first time registration is turned on."""
    if record["webinar"]["settings"].get("approval_type", 2) in (0, 1) and not record.get("registration_url"):
        record["registration_url"] = f"{ctx.options.web_base}/webinar/register/WN_{ctx.ids.short_id()}"


def update_webinar(ctx: Ctx, daily: DailyHostLimit) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    daily.charge(ctx.state.daily_counts, record["webinar"]["host_id"], ctx.clock.now())
    body = ctx.body or {}
    resource = record["webinar"]
    for key, value in body.items():
        if key not in ("settings", "schedule_for", "start_time"):
            resource[key] = copy.deepcopy(value)
    resource["settings"] = deep_merge(resource["settings"], body.get("settings", {}))
    _fill_times(ctx, resource, body)
    apply_interpretation(ctx, record)
    _registration_url(ctx, record)
    return 204, None


def delete_webinar(ctx: Ctx) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    if record["status"] == "started":
        raise ZoomError(400, 3002, DELETE_IN_PROGRESS)
    if record["status"] == "ended":
        raise ZoomError(400, 3007, DELETE_ENDED)
    record["deleted"] = True
    return 204, None


def end_webinar(ctx: Ctx) -> tuple[int, Any]:
    """`PUT /webinars/{id}/status {"action":"end"}`: 204 for a started webinar (SPEC-JUL23)."""
    webinar_id = ctx.param("webinarId")
    record = ctx.record(webinar_id)
    if record["status"] != "started":
        raise ZoomError(400, 3000, NOT_STARTED.format(webinar_id))
    record["status"] = "ended"
    record["livestream_status"] = "stopped"
    return 204, None


def list_webinars(ctx: Ctx) -> tuple[int, Any]:
    host = ctx.require_user(ctx.param("userId"), USER_NOT_FOUND_CREATE)
    size = _page_size(ctx.query.get("page_size", "30"))
    records = [r for r in ctx.state.webinars.values() if not r["deleted"] and r["webinar"]["host_id"] == host["id"]]
    if ctx.query.get("type", "scheduled") == "upcoming":
        now = utc_z(ctx.clock.now())
        records = [r for r in records if r["status"] == "started" or
                   (r["status"] == "waiting" and r["webinar"]["start_time"] >= now)]
    records.sort(key=lambda r: (r["webinar"]["start_time"], r["webinar"]["id"]))
    offset = _decode_page_token(ctx.query.get("next_page_token", ""))
    page = records[offset:offset + size]
    more = offset + size < len(records)
    return 200, {
        "page_size": size, "total_records": len(records),
        "next_page_token": _encode_page_token(offset + size) if more else "",
        "webinars": [_list_item(r["webinar"]) for r in page],
    }


def _list_item(webinar: dict[str, Any]) -> dict[str, Any]:
    """A webinar as the list shows it: "The agenda length gets truncated to 250 characters" (spec)."""
    item = {k: webinar[k] for k in LIST_FIELDS if k in webinar}
    if isinstance(item.get("agenda"), str):
        item["agenda"] = item["agenda"][:LIST_AGENDA_MAX]
    return item


def _page_size(raw: str) -> int:
    try:
        size = int(raw)
    except ValueError:
        size = -1
    if not 1 <= size <= 300:
        raise validation_failed([FieldError("page_size")])
    return size


def _encode_page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode("ascii").rstrip("=")


def _decode_page_token(token: str) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        return int(text.removeprefix("o:"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise validation_failed([FieldError("next_page_token")]) from exc
