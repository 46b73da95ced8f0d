"""Registration questions of a webinar: `GET` and `PATCH /webinars/{id}/registrants/questions` (PATCH replaces both
lists it is given; a list left out is kept)."""

from __future__ import annotations

import copy
from typing import Any

from zoomops.sandbox.context import Ctx


def _questions(record: dict[str, Any]) -> dict[str, Any]:
    return record.setdefault("registration_questions", {"questions": [], "custom_questions": []})


def get_questions(ctx: Ctx) -> tuple[int, Any]:
    return 200, copy.deepcopy(_questions(ctx.record(ctx.param("webinarId"))))


def update_questions(ctx: Ctx) -> tuple[int, Any]:
    current = _questions(ctx.record(ctx.param("webinarId")))
    body = ctx.body or {}
    for key in ("questions", "custom_questions"):
        if key in body:
            current[key] = copy.deepcopy(body[key])
    return 204, None
