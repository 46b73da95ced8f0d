"""The T-60 pre-flight check: read the webinars back and say whether Zoom still matches the schedule, and
whether each webinar's custom live stream is configured when the runner will start and stop it."""

from __future__ import annotations

from typing import Any

from zoomops.provision.apply import Applier
from zoomops.provision.context import ProvisionContext
from zoomops.provision.plan import Planner
from zoomops.zoom.errors import ZoomError
from zoomops.zoom.ratelimit import Category

STREAM_FIELDS = ("stream_url", "stream_key", "page_url")


def preflight(ctx: ProvisionContext) -> dict[str, Any]:
    """An outcome for the runner's ledger: ok, or error with every problem (read-only; changes nothing)."""
    planner = Planner(ctx.client, ctx.store, ctx.host)
    checker = Applier(ctx.client, ctx.store, ctx.host)
    problems: list[str] = []
    checked: dict[str, int] = {}
    for desired in ctx.desired:
        actual, _found_by = planner.locate(desired)
        if actual is None:
            problems.append(f"{desired.key}: no webinar in Zoom — run `zoomops apply`")
            continue
        checked[desired.key] = int(actual["id"])
        problems.extend(checker.verify(desired, int(actual["id"])))
        if ctx.loaded.schedule.run.actions.livestream:
            problems.extend(livestream_problems(ctx, desired.key, int(actual["id"])))
    if problems:
        return {"status": "error", "detail": "; ".join(problems), "webinars": checked}
    stream = ", live stream" if ctx.loaded.schedule.run.actions.livestream else ""
    return {"status": "ok", "detail": f"webinars {checked}: settings, panelists and interpreters{stream} as planned",
            "webinars": checked}


def livestream_problems(ctx: ProvisionContext, key: str, webinar_id: int) -> list[str]:
    """`GET /webinars/{id}/livestream`: the stream URL, key and page URL the runner's live-stream start needs."""
    try:
        response = ctx.client.session.request("GET", f"webinars/{webinar_id}/livestream", category=Category.LIGHT)
    except ZoomError as exc:
        return [f"{key}: cannot read the live stream settings: {exc}"]
    try:
        body = response.json() if response.status_code == 200 else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return [f"{key}: cannot read the live stream settings (HTTP {response.status_code})"]
    missing = [f for f in STREAM_FIELDS if not str(body.get(f) or "").strip()]
    if not missing:
        return []
    return [f"{key}: run.actions.livestream is on but the custom live stream is not configured (missing "
            f"{', '.join(missing)}): set it in Zoom (webinar > Live Streaming > custom service) before the start"]
