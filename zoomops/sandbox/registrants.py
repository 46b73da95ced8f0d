"""Webinar registrants: add one, add up to 30 at once (type-5 webinars with registration), list by status with
`next_page_token` paging, get, delete, and approve/deny/cancel — as the vendored spec documents them.

Zoom does not document what a second registration with the same email does; the sandbox keeps one registrant
per email (the later call returns the same registrant) and counts every submission per email in
`record["registration_submissions"]`, so tests can prove zoomops never submitted anyone twice.
"""

from __future__ import annotations

import base64
import copy
from typing import Any

from zoomops.common.clock import utc_z
from zoomops.sandbox.context import Ctx
from zoomops.sandbox.errors import ZoomError, validation_failed
from zoomops.sandbox.validation import FieldError

BATCH_MAX = 30  # "Register up to 30 registrants at once" (spec prose; the schema gives no maxItems)
STATUSES = ("approved", "pending", "denied")
# Texts as the vendored spec gives them.
BATCH_TYPE_5_ONLY = ("This API can only be used for scheduled webinars (type 5). Batch registration is not "
                     "supported for other webinar types.")
REGISTRATION_OFF_BATCH = "Registration not enabled for this webinar: {0}"
REGISTRATION_OFF_ONE = "This webinar does not have registration as required: {webinarId}."
WEBINAR_OVER_BATCH = ("The webinar is over. You cannot register now. If you have any questions, contact the "
                      "Webinar host.")
CAPACITY_REACHED = "Webinar has reached maximum attendee capacity."
REGISTRANT_NOT_FOUND = "Registrant not found"
REGISTRANT_FIELDS = ("first_name", "last_name", "address", "city", "country", "zip", "state", "phone", "industry",
                     "org", "job_title", "purchasing_time_frame", "role_in_purchase_process", "no_of_employees",
                     "comments", "custom_questions", "language")


def registrants_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    return record.setdefault("registrants", [])


def _registration_on(record: dict[str, Any]) -> bool:
    return record["webinar"]["settings"].get("approval_type", 2) in (0, 1)


def _find(record: dict[str, Any], key: str) -> dict[str, Any] | None:
    lowered = key.lower()
    return next((r for r in registrants_of(record) if r["id"] == key or r["email"].lower() == lowered), None)


def _by_email(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One lookup table per request (a webinar may hold tens of thousands of registrants)."""
    return {r["email"].lower(): r for r in registrants_of(record)}


def _register(ctx: Ctx, record: dict[str, Any], item: dict[str, Any], auto_approve: bool,
              index: dict[str, dict[str, Any]]) -> dict[str, Any]:
    submissions = record.setdefault("registration_submissions", {})
    email = str(item["email"])
    submissions[email.lower()] = submissions.get(email.lower(), 0) + 1
    found = index.get(email.lower())
    if found is not None:
        return found
    limit = record["webinar"]["settings"].get("registrants_restrict_number", 0) or 0
    if limit and len(registrants_of(record)) >= limit:
        raise ZoomError(404, 3043, CAPACITY_REACHED)
    manual = record["webinar"]["settings"].get("approval_type") == 1
    webinar_id = record["webinar"]["id"]
    status = "pending" if manual and not auto_approve else "approved"
    registrant: dict[str, Any] = {"id": ctx.ids.short_id(), "email": email, "status": status,
                                  "create_time": utc_z(ctx.clock.now()), "custom_questions": []}
    registrant.update({k: copy.deepcopy(v) for k, v in item.items() if k in REGISTRANT_FIELDS})
    registrant["join_url"] = f"{ctx.options.web_base}/w/{webinar_id}?tk={ctx.ids.secret(16)}"
    registrants_of(record).append(registrant)
    index[email.lower()] = registrant
    return registrant


def _open_for_registration(record: dict[str, Any], webinar_id: str, *, batch: bool) -> None:
    if not _registration_on(record):
        if batch:
            raise ZoomError(400, 3000, REGISTRATION_OFF_BATCH.format(webinar_id))
        raise ZoomError(400, 3000, REGISTRATION_OFF_ONE.format(webinarId=webinar_id))
    if record["status"] == "ended":
        raise ZoomError(400, 3038, WEBINAR_OVER_BATCH)


def batch_registrants(ctx: Ctx) -> tuple[int, Any]:
    webinar_id = ctx.param("webinarId")
    record = ctx.record(webinar_id)
    body = ctx.body or {}
    items = body.get("registrants") or []
    if record["webinar"].get("type") != 5:
        raise ZoomError(400, 300, BATCH_TYPE_5_ONLY)
    if len(items) > BATCH_MAX:
        raise validation_failed([FieldError("registrants")])
    _open_for_registration(record, webinar_id, batch=True)
    out = []
    index = _by_email(record)
    for item in items:
        registrant = _register(ctx, record, item, bool(body.get("auto_approve")), index)
        out.append({"email": registrant["email"], "join_url": registrant["join_url"],
                    "registrant_id": registrant["id"]})
    return 201, {"registrants": out}


def add_registrant(ctx: Ctx) -> tuple[int, Any]:
    webinar_id = ctx.param("webinarId")
    record = ctx.record(webinar_id)
    _open_for_registration(record, webinar_id, batch=False)
    registrant = _register(ctx, record, ctx.body or {}, False, _by_email(record))
    webinar = record["webinar"]
    return 201, {"id": webinar["id"], "join_url": registrant["join_url"], "registrant_id": registrant["id"],
                 "start_time": webinar["start_time"], "topic": webinar["topic"], "occurrences": []}


def list_registrants(ctx: Ctx) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    status = ctx.query.get("status", "approved")
    if status not in STATUSES:
        raise validation_failed([FieldError("status")])
    size = _page_size(ctx.query.get("page_size", "30"))
    matching = [r for r in registrants_of(record) if r["status"] == status]
    offset = _decode(ctx.query.get("next_page_token", ""))
    page = matching[offset:offset + size]
    more = offset + size < len(matching)
    return 200, {"page_count": -(-len(matching) // size), "page_size": size, "total_records": len(matching),
                 "next_page_token": _encode(offset + size) if more else "",
                 "registrants": copy.deepcopy(page)}


def get_registrant(ctx: Ctx) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    found = _find(record, ctx.param("registrantId"))
    if found is None:
        raise ZoomError(404, 3001, REGISTRANT_NOT_FOUND)
    return 200, copy.deepcopy(found)


def delete_registrant(ctx: Ctx) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    found = _find(record, ctx.param("registrantId"))
    if found is None:
        raise ZoomError(400, 300, "The value that you entered for the Registrant ID field is invalid. "
                                  "Enter a valid value and try again.")
    registrants_of(record).remove(found)
    return 204, None


NEW_STATUS = {"approve": "approved", "deny": "denied", "cancel": "denied"}


def update_status(ctx: Ctx) -> tuple[int, Any]:
    """approve/deny/cancel up to 30 registrants named by `id` or `email` (a cancelled one is listed as denied)."""
    record = ctx.record(ctx.param("webinarId"))
    body = ctx.body or {}
    new = NEW_STATUS[body["action"]]
    lookup = {**_by_email(record), **{r["id"]: r for r in registrants_of(record)}}
    for index, item in enumerate(body.get("registrants") or []):
        key = item.get("id") or str(item.get("email", "")).lower()
        found = lookup.get(key) if key else None
        if found is None:
            raise validation_failed([FieldError(f"registrants[{index}]")])
        found["status"] = new
    return 204, None


def _page_size(raw: str) -> int:
    try:
        size = int(raw)
    except ValueError:
        size = -1
    if not 1 <= size <= 300:
        raise validation_failed([FieldError("page_size")])
    return size


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"r:{offset}".encode()).decode("ascii").rstrip("=")


def _decode(token: str) -> int:
    if not token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii").removeprefix("r:"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise validation_failed([FieldError("next_page_token")]) from exc
