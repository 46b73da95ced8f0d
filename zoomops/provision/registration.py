"""The schedule's `registration:` section as Zoom wants it: webinar settings and the registration questions.

Zoom's names (vendored spec): `approval_type` 0 automatic / 1 manual / 2 no registration; `registration_type`
1/2/3 (recurring webinars only); `close_registration`;
`registrants_email_notification`; `registrants_confirmation_email` (PATCH only); `registrants_restrict_number`;
`attendees_and_panelists_reminder_email_notification` {enable, type} whose `type` codes 1 hour = 1, 1 day = 2,
1 week = 4 and their sums (3 = hour and day … 7 = all three); `meeting_authentication` and
`authentication_domains` for who may register; questions via `PATCH /webinars/{id}/registrants/questions`.
"""

from __future__ import annotations

from typing import Any

from zoomops.show.model import Registration

APPROVAL = {"automatic": 0, "manual": 1}
REGISTRATION_TYPE = {"register_once_attend_all": 1, "register_each": 2, "register_once_choose": 3}
NO_REGISTRATION = 2
REMINDER_BITS = {"1h": 1, "1d": 2, "1w": 4}
# In Zoom's webinar update schema only: sent in a PATCH right after the create.
UPDATE_ONLY_SETTINGS = frozenset({"registrants_confirmation_email", "notify_registrants", "authentication_name"})


def registration_settings(reg: Registration) -> dict[str, Any]:
    """The webinar settings the section decides (only what it says; Zoom's defaults stay otherwise)."""
    if not reg.enabled:
        return {"approval_type": NO_REGISTRATION}
    out: dict[str, Any] = {"approval_type": APPROVAL[reg.approval]}
    optional = {
        "close_registration": reg.close_after_event,
        "registrants_email_notification": reg.email_notification,
        "registrants_confirmation_email": reg.confirmation_email,
        "registrants_restrict_number": reg.limit,
        "meeting_authentication": reg.signed_in_only,
        "registration_type": REGISTRATION_TYPE[reg.occurrences] if reg.occurrences else None,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if reg.reminders is not None:
        code = sum(REMINDER_BITS[r] for r in set(reg.reminders))
        out["attendees_and_panelists_reminder_email_notification"] = (
            {"enable": True, "type": code} if code else {"enable": False})
    if reg.domains:
        out["authentication_domains"] = ",".join(reg.domains)
    return out


def registration_questions(reg: Registration | None) -> dict[str, Any] | None:
    """The PATCH body for the questions, or None when zoomops leaves them alone (no section, or registration off)."""
    if reg is None or not reg.enabled:
        return None
    return {
        "questions": [{"field_name": q.field, "required": q.required} for q in reg.standard_questions],
        "custom_questions": [
            {"title": q.title, "type": q.type, "required": q.required, **({"answers": q.answers} if q.answers else {})}
            for q in reg.custom_questions
        ],
    }


def questions_view(body: dict[str, Any] | None) -> dict[str, Any]:
    """Questions in a comparable form: standard ones as a sorted set, custom ones in order, defaults filled."""
    body = body or {}
    standard = sorted((str(q.get("field_name")), bool(q.get("required", False))) for q in body.get("questions") or [])
    custom = [
        (str(q.get("title")), str(q.get("type", "short")), bool(q.get("required", False)), list(q.get("answers") or []))
        for q in body.get("custom_questions") or []
    ]
    return {"questions": [f"{name}{' (required)' if req else ''}" for name, req in standard],
            "custom_questions": [f"{t} [{kind}{', required' if req else ''}]{': ' + ' / '.join(a) if a else ''}"
                                 for t, kind, req, a in custom]}


def questions_equal(want: dict[str, Any] | None, have: dict[str, Any] | None) -> bool:
    return questions_view(want) == questions_view(have)


def describe(reg: Registration | None) -> str | None:
    """One line for the plan: how people register."""
    if reg is None:
        return None
    if not reg.enabled:
        return "registration: off"
    parts = [f"{reg.approval} approval"]
    if reg.close_after_event:
        parts.append("closes after the event")
    if reg.limit:
        parts.append(f"at most {reg.limit} registrants")
    if reg.reminders:
        parts.append("reminders " + ", ".join(sorted(set(reg.reminders), key=list(REMINDER_BITS).index)))
    if reg.signed_in_only:
        parts.append("signed-in Zoom users only" + (f" ({', '.join(reg.domains)})" if reg.domains else ""))
    parts.append(f"{len(reg.questions)} question(s), {len(reg.custom_questions)} custom")
    return "registration: on, " + ", ".join(parts)
