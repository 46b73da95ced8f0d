"""The T-60 pre-flight check: read the webinars back and say whether Zoom still matches the schedule."""

from __future__ import annotations

from typing import Any

from zoomops.provision.apply import Applier
from zoomops.provision.context import ProvisionContext
from zoomops.provision.plan import Planner


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
    if problems:
        return {"status": "error", "detail": "; ".join(problems), "webinars": checked}
    return {"status": "ok", "detail": f"webinars {checked}: settings, panelists and interpreters as planned",
            "webinars": checked}
