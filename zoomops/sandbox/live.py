"""Live controls: custom live stream settings and status, and `PATCH /live_meetings/{id}/events`."""

from __future__ import annotations

from typing import Any

from zoomops.sandbox.context import Ctx
from zoomops.sandbox.errors import (
    INVALID_MEETING_ID,
    MEETING_DOES_NOT_EXIST,
    MEETING_NOT_FOUND,
    NO_CUSTOM_STREAM,
    NOT_STARTED,
    ZoomError,
    validation_failed,
)
from zoomops.sandbox.validation import FieldError

EVENT_METHODS = ("recording.start", "recording.stop", "recording.pause", "recording.resume",
                 "participant.invite", "participant.invite.callout", "participant.invite.room_system_callout")
RECORDING_STATE = {"recording.start": "recording", "recording.stop": "stopped",
                   "recording.pause": "paused", "recording.resume": "recording"}


def update_livestream(ctx: Ctx) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    body = ctx.body or {}
    record["livestream"] = {k: body[k] for k in ("stream_url", "stream_key", "page_url", "resolution") if k in body}
    return 204, None


def get_livestream(ctx: Ctx) -> tuple[int, Any]:
    stream = ctx.record(ctx.param("webinarId"))["livestream"] or {}
    return 200, {"stream_url": stream.get("stream_url", ""), "stream_key": stream.get("stream_key", ""),
                 "page_url": stream.get("page_url", ""), "resolution": stream.get("resolution", "720p")}


def livestream_status(ctx: Ctx) -> tuple[int, Any]:
    webinar_id = ctx.param("webinarId")
    record = ctx.record(webinar_id)
    action = (ctx.body or {}).get("action")
    if record["livestream"] is None:
        raise ZoomError(400, 3000, NO_CUSTOM_STREAM)
    if action == "start" and record["status"] != "started":
        raise ZoomError(400, 200, NOT_STARTED.format(webinar_id))
    if action in ("start", "stop"):
        record["livestream_status"] = "started" if action == "start" else "stopped"
    return 204, None


def meeting_events(ctx: Ctx) -> tuple[int, Any]:
    """Zoom documents this for meetings only; a webinar id is rejected unless the sandbox allows it."""
    meeting_id = ctx.param("meetingId")
    record = ctx.state.webinars.get(meeting_id)
    if record is None or record["deleted"]:
        raise ZoomError(404, 3001, MEETING_NOT_FOUND.format(meetingId=meeting_id))
    if not ctx.options.live_events_for_webinars:
        raise ZoomError(400, 300, INVALID_MEETING_ID)
    method = (ctx.body or {}).get("method")
    if method not in EVENT_METHODS:
        raise validation_failed([FieldError("method")])
    if record["status"] != "started" and not method.startswith("participant.invite.callout"):
        raise ZoomError(400, 300, MEETING_DOES_NOT_EXIST)
    record["recording"] = RECORDING_STATE.get(method, record["recording"])
    record["events"].append({"method": method, "params": (ctx.body or {}).get("params", {})})
    return 202, None
