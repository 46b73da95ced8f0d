"""Zoom's `settings.language_interpretation` for a schedule, and why a read-back might differ.

Default form (official OpenAPI spec, webinar create/GET/PATCH): each interpreter is
`{"email": ..., "languages": "US,KR"}`, two country IDs. With `interpretation.zoom_field:
interpreter_languages` the entry is `{"email": ..., "interpreter_languages": "English,Korean"}` instead:
Zoom's changelog of 2025-03-17 announced that field, but the spec we have does not define its shape,
so it is opt-in and unverified; use it only after checking it against the live API.
"""

from __future__ import annotations

from typing import Any

from zoomops.show.languages import ZOOM_LANGUAGE_CODES, canonical_language, zoom_languages_value
from zoomops.show.model import InterpreterEntry, Schedule
from zoomops.show.pairs import pair_of

NO_FEATURE = (
    "the host's account lacks language interpretation (Zoom silently drops it; enable it in "
    "Account Settings > Meeting > Language interpretation)"
)


def language_interpretation_settings(schedule: Schedule) -> dict[str, Any]:
    """Exactly the `settings.language_interpretation` object for the webinar.

    Interpreters come in roster order; those without an email are left out (validation reports them,
    as an error when provisioning). No interpretation section -> `{"enable": False, "interpreters": []}`.
    """
    interp = schedule.interpretation
    if interp is None or not interp.interpreters:
        return {"enable": False, "interpreters": []}
    entries = [_entry(schedule, m) for m in interp.interpreters if m.email]
    return {"enable": True, "interpreters": [e for e in entries if e is not None]}


def _languages(schedule: Schedule, member: InterpreterEntry) -> tuple[str, str] | None:
    """The member's two languages in Zoom's spelling, in their pair's order when they cover one."""
    assert schedule.interpretation is not None
    pair = pair_of(schedule.interpretation, member)
    if pair is not None:
        return pair.languages
    langs = [canonical_language(lang) for lang in member.languages]
    return (langs[0], langs[1]) if langs[0] and langs[1] else None


def _entry(schedule: Schedule, member: InterpreterEntry) -> dict[str, str] | None:
    assert schedule.interpretation is not None
    langs = _languages(schedule, member)
    if langs is None:
        return None
    if schedule.interpretation.zoom_field == "interpreter_languages":
        return {"email": member.email or "", "interpreter_languages": ",".join(langs)}
    return {"email": member.email or "", "languages": zoom_languages_value(langs)}


def explain_interpretation_mismatch(desired: dict[str, Any], actual: dict[str, Any] | None) -> list[str]:
    """Likely causes, one line each, for a read-back that differs from what was sent; [] if it matches.

    Both arguments are `language_interpretation` objects (a whole `settings` object is accepted too).
    Emails compare case-insensitively and a pair's two codes in either order.
    """
    desired, actual = _unwrap(desired), _unwrap(actual)
    if not desired.get("enable"):
        return []
    got = {str(e.get("email", "")).casefold(): e for e in actual.get("interpreters") or []}
    if not actual.get("enable") or not got:
        return [NO_FEATURE]
    wanted = {str(e.get("email", "")).casefold(): e for e in desired.get("interpreters") or []}
    out: list[str] = []
    for email, entry in wanted.items():
        if email not in got:
            out.append(_missing(entry))
        elif (problem := _language_problem(entry, got[email])) is not None:
            out.append(problem)
    out += [
        f"Zoom lists interpreter {e['email']} whom the schedule does not (added by hand?)"
        for k, e in got.items()
        if k not in wanted
    ]
    return out


def _unwrap(obj: dict[str, Any] | None) -> dict[str, Any]:
    obj = obj or {}
    inner = obj.get("language_interpretation")
    return inner if isinstance(inner, dict) else obj


def _codes(entry: dict[str, Any]) -> set[str]:
    """The country IDs an entry stands for, from either form."""
    if entry.get("languages"):
        return {c.strip().upper() for c in str(entry["languages"]).split(",") if c.strip()}
    names = [canonical_language(n) for n in str(entry.get("interpreter_languages") or "").split(",") if n.strip()]
    return {ZOOM_LANGUAGE_CODES[n] if n else "?" for n in names}


def _language_problem(sent: dict[str, Any], back: dict[str, Any]) -> str | None:
    want, have = _codes(sent), _codes(back)
    if want == have:
        return None
    lost = sorted(want - have) or sorted(want)
    shown = sent.get("languages") or sent.get("interpreter_languages")
    returned = back.get("languages") or back.get("interpreter_languages") or "nothing"
    return (
        f"Zoom did not accept the country code {','.join(lost)} for {sent.get('email')}: sent {shown!r}, "
        f"read back {returned!r} (supported: {', '.join(ZOOM_LANGUAGE_CODES.values())}; "
        "a language must also be enabled in the web portal)"
    )


def _missing(entry: dict[str, Any]) -> str:
    shown = entry.get("languages") or entry.get("interpreter_languages")
    return (
        f"interpreter {entry.get('email')} ({shown}) is missing from Zoom's copy: Zoom drops an interpreter whose "
        "email or language pair it does not accept; check the address and that both languages are enabled "
        "in the web portal"
    )
