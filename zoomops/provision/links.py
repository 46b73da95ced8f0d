"""Everyone's personal join link as Zoom holds it (panelists, and interpreters, whom Zoom makes panelists)."""

from __future__ import annotations

from zoomops.provision.context import ProvisionContext
from zoomops.provision.plan import Planner, actual_panelists


def join_links(ctx: ProvisionContext) -> dict[str, str]:
    """Join link by lower-case email across the schedule's webinars (the first webinar's link wins)."""
    links: dict[str, str] = {}
    planner = Planner(ctx.client, ctx.store, ctx.host)
    for desired in ctx.desired:
        actual, _found = planner.locate(desired)
        if actual is None:
            continue
        for p in actual_panelists(ctx.client, int(actual["id"])):
            if p.join_url:
                links.setdefault(p.email.casefold(), p.join_url)
    return links
