"""Webinar panelists: add (≤30 per request, capped per plan), list with join URLs, remove one or all."""

from __future__ import annotations

import copy
from typing import Any

from zoomops.common.clock import utc_z
from zoomops.sandbox.context import Ctx
from zoomops.sandbox.errors import PANELIST_LIMIT, PANELIST_NOT_FOUND, ZoomError

OPTIONAL_FIELDS = ("virtual_background_id", "name_tag_id", "name_tag_name", "name_tag_pronouns",
                   "name_tag_description")


def _find(record: dict[str, Any], key: str) -> dict[str, Any] | None:
    lowered = key.lower()
    return next((p for p in record["panelists"] if p["id"] == key or p["email"].lower() == lowered), None)


def ensure_panelist(ctx: Ctx, record: dict[str, Any], email: str, name: str,
                    extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Add a panelist, or update the one with the same email (Zoom keeps one entry per email)."""
    panelist = _find(record, email)
    if panelist is None:
        webinar_id = record["webinar"]["id"]
        panelist = {"id": ctx.ids.short_id(), "email": email, "name": name,
                    "join_url": f"{ctx.options.web_base}/w/{webinar_id}?tk={ctx.ids.secret(16)}"}
        record["panelists"].append(panelist)
    panelist["name"] = name
    panelist.update({k: v for k, v in (extra or {}).items() if k in OPTIONAL_FIELDS})
    return panelist


def add_panelists(ctx: Ctx) -> tuple[int, Any]:
    webinar_id = ctx.param("webinarId")
    record = ctx.record(webinar_id)
    incoming = (ctx.body or {}).get("panelists", [])
    new_emails = {p["email"].lower() for p in incoming if _find(record, p["email"]) is None}
    if len(record["panelists"]) + len(new_emails) > ctx.options.panelist_cap:
        raise ZoomError(400, 3000, PANELIST_LIMIT)
    for item in incoming:
        ensure_panelist(ctx, record, item["email"], item.get("name", ""), item)
    return 201, {"id": str(record["webinar"]["id"]), "updated_at": utc_z(ctx.clock.now())}


def list_panelists(ctx: Ctx) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    panelists = copy.deepcopy(record["panelists"])
    return 200, {"total_records": len(panelists), "panelists": panelists}


def delete_all_panelists(ctx: Ctx) -> tuple[int, Any]:
    ctx.record(ctx.param("webinarId"))["panelists"] = []
    return 204, None


def delete_panelist(ctx: Ctx) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    key = ctx.param("panelistId")
    panelist = _find(record, key)
    if panelist is None:
        raise ZoomError(404, 1001, PANELIST_NOT_FOUND.format(email=key))
    record["panelists"].remove(panelist)
    return 204, None
