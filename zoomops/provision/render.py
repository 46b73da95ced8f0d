"""Show a plan the way `terraform plan` does, and as JSON for machines."""

from __future__ import annotations

from typing import Any

from zoomops.i18n.translate import _
from zoomops.provision.apply import ApplyResult
from zoomops.provision.plan import Plan, WebinarPlan

INVITATIONS_SETTING = "panelists_invitation_email_notification"


def plan_to_dict(plan: Plan, budget_used_today: int, budget: int) -> dict[str, Any]:
    return {
        "event": plan.event_id,
        "host": plan.host,
        "webinars": [_webinar_dict(w) for w in plan.webinars],
        "orphans": plan.orphans,
        "write_calls": plan.write_calls,
        "read_calls": plan.read_calls,
        "daily_budget": {"spends": plan.budget_calls, "used_today_by_zoomops": budget_used_today, "limit": budget},
        "changes": plan.has_changes,
    }


def _webinar_dict(w: WebinarPlan) -> dict[str, Any]:
    return {
        "key": w.desired.key,
        "action": w.action,
        "webinar_id": w.webinar_id,
        "found_by": w.found_by,
        "changes": [{"field": c.path, "old": c.old, "new": c.new} for c in w.changes],
        "panelists_add": [{"email": p.email, "name": p.name} for p in w.add],
        "panelists_remove": [{"email": p.email, "id": p.id} for p in w.remove],
        "write_calls": w.write_calls,
        "registration": w.desired.registration,
        "questions": w.questions_patch,
        "invitation_emails": invitation_emails(w),
        "name_tag": w.desired.name_tag,
        "name_tag_action": w.name_tag_action,
        "panelists_retag": [p.email for p in w.retag],
        "notes": w.desired.notes,
        "body": w.desired.body if w.action == "create" else None,
    }


def render_plan(plan: Plan, budget_used_today: int, budget: int) -> list[str]:
    """Human-readable lines: + create, ~ update, old → new, panelists, totals."""
    lines: list[str] = []
    for w in plan.webinars:
        lines.extend(_render_webinar(w))
        lines.append("")
    for key, wid in plan.orphans.items():
        lines.append(
            _("! webinar {key} (id {id}) is no longer in the schedule; `zoomops teardown` removes it").format(
                key=key, id=wid
            )
        )
    if not plan.has_changes:
        lines.append(_("No changes. Zoom matches the schedule (0 write calls)."))
        return lines
    creates = sum(1 for w in plan.webinars if w.action == "create")
    updates = sum(1 for w in plan.webinars if w.action == "update")
    adds = sum(len(w.add) for w in plan.webinars)
    removes = sum(len(w.remove) for w in plan.webinars)
    emails = sum(invitation_emails(w) for w in plan.webinars)
    if emails:
        lines.append(_("Warning: Zoom will email {count} panelist(s) their invitation now (set zoom.settings."
                       "{setting}: false to send none).").format(count=emails, setting=INVITATIONS_SETTING))
    lines.append(
        _(
            "Plan: {creates} to create, {updates} to update, {adds} panelist(s) to add, {removes} to remove; "
            "{writes} write call(s)."
        ).format(creates=creates, updates=updates, adds=adds, removes=removes, writes=plan.write_calls)
    )
    lines.append(
        _(
            "Daily create+update budget of host {host}: spends {spends} of {budget} "
            "({used} already used by zoomops today, UTC)."
        ).format(host=plan.host, spends=plan.budget_calls, budget=budget, used=budget_used_today)
    )
    return lines


def _render_webinar(w: WebinarPlan) -> list[str]:
    d = w.desired
    body = d.body
    if w.action == "create":
        out = [f"+ create webinar {d.key}: {body['topic']}"]
        out.append(f"    start_time: {body['start_time']} ({body['timezone']}), duration: {body['duration']} min")
        settings = body.get("settings", {})
        flat = ", ".join(f"{k}={v if v != '' else '(none)'}" for k, v in settings.items() if not isinstance(v, dict))
        out.append(f"    settings: {flat}")
        interp = settings.get("language_interpretation", {}).get("interpreters", [])
        if interp:
            langs = sorted({str(i.get("languages") or i.get("interpreter_languages")) for i in interp})
            out.append(f"    interpreters: {len(interp)} ({', '.join(langs)})")
    else:
        sign = "~" if w.action == "update" or w.add or w.remove else "="
        out = [f"{sign} webinar {d.key} (id {w.webinar_id}, found by {w.found_by}): {body['topic'][:80]}"]
        out += [f"    {c.path}: {_short(c.old)} → {_short(c.new)}" for c in w.changes]
    if d.registration:
        out.append(f"    {d.registration}")
    if d.name_tag and w.action == "create":
        tag = d.name_tag
        out.append(f"    name tag: {tag['name']} (text {tag['text_color']}, accent {tag['accent_color']}, background "
                   f"{tag['background_color']}): each panelist's name, affiliation and pronouns")
    if w.questions_patch is not None and w.action == "create":
        q = w.questions_patch
        out.append(f"    registration questions: {len(q['questions'])} standard, {len(q['custom_questions'])} custom")
    out += _people("+", [(p.name, p.email) for p in w.add])
    out += _people("-", [(p.name, p.email) for p in w.remove])
    out += [f"    note: {n}" for n in d.notes]
    return out


def _people(sign: str, people: list[tuple[str, str]], show: int = 40) -> list[str]:
    lines = [f"  {sign} panelist {name} <{email}>" for name, email in people[:show]]
    if len(people) > show:
        lines.append(f"  {sign} … and {len(people) - show} more panelist(s) (--json lists all)")
    return lines


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 100 else text[:97] + "…"


def invitation_emails(w: WebinarPlan) -> int:
    """Panelists Zoom will email on adding them: all added, unless the webinar's invitations are off."""
    settings = w.desired.body.get("settings", {})
    return 0 if settings.get(INVITATIONS_SETTING) is False else len(w.add)


def render_apply_result(result: ApplyResult) -> list[str]:
    """What apply did, per webinar: id, join URL, registration URL; then panelists added/removed."""
    how_words = {"created": _("created"), "adopted": _("adopted"), "updated": _("updated"),
                 "unchanged": _("unchanged")}
    lines = []
    for key, webinar_id in result.webinar_ids.items():
        how = "created" if key in result.created else "adopted" if key in result.adopted else (
            "updated" if key in result.updated or key in result.questions_updated else "unchanged")
        lines.append(_("Webinar {key}: {id} ({how})").format(key=key, id=webinar_id, how=how_words[how]))
        join = result.join_urls.get(key) or _("(Zoom returned none)")
        lines.append("  " + _("join URL: {url}").format(url=join))
        registration = result.registration_urls.get(key)
        if registration:
            lines.append("  " + _("registration URL: {url}").format(url=registration))
    lines.append(_("Applied and verified: {added} panelist(s) added, {removed} removed.").format(
        added=result.added, removed=result.removed))
    return lines
