"""Delete what zoomops created for a schedule (rehearsals): found by state and by marker."""

from __future__ import annotations

import contextlib

from zoomops.provision.context import ProvisionContext
from zoomops.provision.plan import Planner
from zoomops.zoom.errors import ZoomNotFound


def find_owned(ctx: ProvisionContext) -> dict[str, int]:
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


def teardown_webinars(ctx: ProvisionContext, owned: dict[str, int]) -> list[int]:
    """Delete each webinar (already gone counts as deleted) and forget it."""
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
