"""What Zoom holds for a schedule right now: ids, join links, panelists, interpreters, drift."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zoomops.provision.context import ProvisionContext
from zoomops.provision.diff import diff_panelists, diff_webinar
from zoomops.provision.plan import Planner, actual_panelists
from zoomops.runner.control import NoRunner, call
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.registrants import STATUSES, Registrants


def collect_status(ctx: ProvisionContext) -> dict[str, Any]:
    """Read-only: locate each desired webinar and report it with its drift from the schedule."""
    planner = Planner(ctx.client, ctx.store, ctx.host)
    webinars = []
    for desired in ctx.desired:
        actual, found_by = planner.locate(desired)
        if actual is None:
            webinars.append({"key": desired.key, "exists": False})
            continue
        panelists = actual_panelists(ctx.client, int(actual["id"]))
        changes, _ = diff_webinar(desired, actual)
        add, remove = diff_panelists(desired, panelists)
        interp = (actual.get("settings") or {}).get("language_interpretation") or {}
        webinars.append(
            {
                "key": desired.key,
                "exists": True,
                "webinar_id": int(actual["id"]),
                "found_by": found_by,
                "topic": actual.get("topic"),
                "start_time": actual.get("start_time"),
                "join_url": actual.get("join_url"),
                "panelists": [{"name": p.name, "email": p.email, "join_url": p.join_url} for p in panelists],
                "interpreters": list(interp.get("interpreters") or []) if interp.get("enable") else [],
                "registration": registration_status(ctx.client, actual),
                "drift": [{"field": c.path, "zoom": c.old, "schedule": c.new} for c in changes]
                + [{"field": "panelists", "missing": p.email} for p in add]
                + [{"field": "panelists", "unexpected": p.email} for p in remove],
            }
        )
    return {"event": ctx.loaded.schedule.event.id, "mode": ctx.mode, "host": ctx.host, "webinars": webinars,
            "live": live_position(ctx.state_dir)}


def registration_status(client: ZoomClient, actual: dict[str, Any]) -> dict[str, Any] | None:
    """Registration URL and registrants by status, when the webinar takes registrations (counts only: no names)."""
    if (actual.get("settings") or {}).get("approval_type") not in (0, 1):
        return None
    webinar_id = int(actual["id"])
    return {"url": actual.get("registration_url"),
            "counts": {status: Registrants(client).count(webinar_id, status) for status in STATUSES}}


def live_position(state_dir: Path) -> dict[str, Any] | None:
    """The running runner's position (current block and item, time left, next cue, delay), if one runs."""
    try:
        return call(state_dir, "GET", "/api/status")
    except NoRunner:
        return None


def render_status(report: dict[str, Any]) -> list[str]:
    lines = [f"{report['event']} ({report['mode']}), host {report['host']}"]
    for w in report["webinars"]:
        if not w["exists"]:
            lines.append(f"  {w['key']}: not in Zoom yet — run `zoomops apply`")
            continue
        lines.append(f"  {w['key']}: webinar {w['webinar_id']} starts {w['start_time']}")
        lines.append(f"    join: {w['join_url']}")
        lines.extend(_render_registration(w.get("registration")))
        lines.append(f"    panelists ({len(w['panelists'])}):")
        lines += [f"      {p['name']} <{p['email']}> {p['join_url'] or ''}".rstrip() for p in w["panelists"]]
        langs = ", ".join(
            f"{i.get('email')} ({i.get('languages') or i.get('interpreter_languages')})" for i in w["interpreters"]
        )
        lines.append(f"    interpreters: {langs or 'none'}")
        if w["drift"]:
            lines.append("    drift from the schedule:")
            lines += [f"      {d}" for d in w["drift"]]
        else:
            lines.append("    no drift: Zoom matches the schedule")
    lines.extend(_render_live(report.get("live")))
    return lines


def _render_registration(reg: dict[str, Any] | None) -> list[str]:
    if reg is None:
        return ["    registration: off"]
    url = reg["url"] or "(Zoom returned none; the join URL leads to the registration page)"
    counts = ", ".join(f"{n} {status}" for status, n in reg["counts"].items())
    return [f"    registration: {url}", f"    registrants: {counts}"]


def _render_live(live: dict[str, Any] | None) -> list[str]:
    if not live:
        return ["  live: no runner active (start one with `zoomops run FILE`)"]
    left = live.get("time_left_seconds")
    left_text = f"{int(left // 60)}:{int(left % 60):02d} left" if left is not None else "no transition left"
    nxt = live.get("next_cue") or {}
    delay = live.get("delay_seconds") or 0
    cue = f"next cue: {nxt.get('local', '-')} {nxt.get('id', '')}".rstrip()
    if live.get("words"):  # one line in words, then the figures (not a second, terser "live:" line)
        until = f"{left_text} until the next start" if left is not None else left_text
        return [f"  live: {live['words']}", f"    {until}; delay: {delay / 60:+.1f} min; {cue}"]
    return [
        f"  live: {live.get('block') or 'before the start'} / {live.get('item') or '-'} — {left_text}",
        f"    delay: {delay / 60:+.1f} min; {cue}",
    ]
