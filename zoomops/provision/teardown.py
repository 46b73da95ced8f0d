"""Delete what zoomops created for a schedule (rehearsals): found by state and by marker."""

from __future__ import annotations

import contextlib
from typing import Any

from zoomops.provision.plan import Planner


def find_owned(ctx: Any) -> dict[str, int]:
    """Webinars of this schedule that exist in Zoom, including orphans from earlier splits."""
    planner = Planner(ctx.client, ctx.store, ctx.host)
    owned: dict[str, int] = {}
    for desired in ctx.desired:
        actual, _found_by = planner.locate(desired)
        if actual is not None:
            owned[desired.key] = int(actual["id"])
    for key, wid in ctx.store.webinars(ctx.loaded.schedule.event.id).items():
        owned.setdefault(key, wid)
    return owned


def teardown_webinars(ctx: Any, owned: dict[str, int]) -> list[int]:
    """Delete each webinar (already gone counts as deleted) and forget it."""
    from zoomops.zoom.errors import ZoomNotFound

    event_id = ctx.loaded.schedule.event.id
    deleted = []
    for key, wid in owned.items():
        intent = ctx.store.begin(event_id, key, "delete", {"webinar_id": wid})
        with contextlib.suppress(ZoomNotFound):
            ctx.client.delete_webinar(wid)
        ctx.store.finish(intent, "done")
        ctx.store.forget(event_id, key)
        deleted.append(wid)
    return deleted
