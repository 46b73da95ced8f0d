"""Session branding name tags of a webinar (`enable_session_branding` must be on; at most 20 name tags)."""

from __future__ import annotations

import copy
from typing import Any

from zoomops.sandbox.context import Ctx
from zoomops.sandbox.errors import ZoomError, validation_failed
from zoomops.sandbox.validation import FieldError

NAME_TAG_MAX = 20
BRANDING_OFF = "This webinar does not have session branding enabled."
NAME_TAG_LIMIT = "You have reached the limit for the number of name tags you can add for this webinar. The limit is 20."
NAME_TAG_FIELDS = ("name", "text_color", "accent_color", "background_color", "is_default")


def _branding(ctx: Ctx) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    record = ctx.record(ctx.param("webinarId"))
    if not record["webinar"]["settings"].get("enable_session_branding"):
        raise ZoomError(400, 3000, BRANDING_OFF)
    return record, record.setdefault("name_tags", [])


def get_branding(ctx: Ctx) -> tuple[int, Any]:
    record = ctx.record(ctx.param("webinarId"))
    tags = copy.deepcopy(record.get("name_tags", []))
    return 200, {"wallpaper": {}, "virtual_backgrounds": [], "name_tags": tags}


def _make_default(tags: list[dict[str, Any]], tag: dict[str, Any]) -> None:
    for other in tags:
        other["is_default"] = other is tag


def create_name_tag(ctx: Ctx) -> tuple[int, Any]:
    record, tags = _branding(ctx)
    if len(tags) >= NAME_TAG_MAX:
        raise ZoomError(400, 3000, NAME_TAG_LIMIT)
    body = ctx.body or {}
    tag = {"id": ctx.ids.short_id(), **{k: body[k] for k in NAME_TAG_FIELDS if k in body}}
    tag.setdefault("is_default", False)
    tags.append(tag)
    if tag["is_default"]:
        _make_default(tags, tag)
    if body.get("set_default_for_all_panelists", True):
        for panelist in record["panelists"]:
            panelist["name_tag_id"] = tag["id"]
    return 201, copy.deepcopy(tag)


def update_name_tag(ctx: Ctx) -> tuple[int, Any]:
    _record, tags = _branding(ctx)
    tag_id = ctx.param("nameTagId")
    tag = next((t for t in tags if t["id"] == tag_id), None)
    if tag is None:
        raise ZoomError(404, 3001, "Name tag not found.")
    body = ctx.body or {}
    tag.update({k: body[k] for k in NAME_TAG_FIELDS if k in body})
    if body.get("is_default"):
        _make_default(tags, tag)
    return 204, None


def delete_name_tags(ctx: Ctx) -> tuple[int, Any]:
    _record, tags = _branding(ctx)
    ids = [i for i in ctx.query.get("name_tag_ids", "").split(",") if i]
    known = {t["id"] for t in tags}
    if not ids or any(i not in known for i in ids):
        raise validation_failed([FieldError("name_tag_ids")])
    tags[:] = [t for t in tags if t["id"] not in ids]
    return 204, None
