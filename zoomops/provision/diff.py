"""Compare the desired webinar with what Zoom holds, field by field, and build the minimal PATCH."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from zoomops.provision.desired import DesiredPanelist, DesiredWebinar

TOP_LEVEL_FIELDS = ("topic", "type", "start_time", "duration", "timezone", "agenda")


@dataclass(frozen=True)
class FieldChange:
    """One field whose value in Zoom differs from the schedule's."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ActualPanelist:
    id: str
    email: str
    name: str
    join_url: str | None = None
    name_tag_id: str | None = None
    name_tag_name: str | None = None
    name_tag_description: str | None = None
    name_tag_pronouns: str | None = None


def diff_webinar(desired: DesiredWebinar, actual: dict[str, Any]) -> tuple[list[FieldChange], dict[str, Any]]:
    """Field-level changes and the PATCH body that makes Zoom match (only what changed)."""
    changes: list[FieldChange] = []
    patch: dict[str, Any] = {}
    for name in TOP_LEVEL_FIELDS:
        want, have = desired.body.get(name), actual.get(name)
        if name in desired.body and not _same(name, want, have):
            changes.append(FieldChange(name, have, want))
            patch[name] = want
    settings_patch: dict[str, Any] = {}
    have_settings = actual.get("settings") or {}
    for key, want in desired.body.get("settings", {}).items():
        have = have_settings.get(key)
        sub = _diff_setting(f"settings.{key}", key, want, have)
        if sub:
            changes.extend(sub)
            settings_patch[key] = want  # nested objects are sent whole
    if settings_patch:
        patch["settings"] = settings_patch
    return changes, patch


def _diff_setting(path: str, key: str, want: Any, have: Any) -> list[FieldChange]:
    if key == "language_interpretation":
        return [] if interpretation_equal(want, have) else [FieldChange(path, _interp_view(have), _interp_view(want))]
    if isinstance(want, dict):
        have = have if isinstance(have, dict) else {}
        out: list[FieldChange] = []
        for k, v in want.items():
            out.extend(_diff_setting(f"{path}.{k}", k, v, have.get(k)))
        return out
    return [] if _same(key, want, have) else [FieldChange(path, have, want)]


def _same(name: str, want: Any, have: Any) -> bool:
    if name == "start_time" and isinstance(want, str) and isinstance(have, str):
        return _instant(want) == _instant(have)
    if name == "alternative_hosts":
        return _email_set(want) == _email_set(have)
    if name == "agenda" and isinstance(want, str) and isinstance(have, str):
        return want.replace("\r\n", "\n").strip() == have.replace("\r\n", "\n").strip()
    return bool(want == have)


def _instant(text: str) -> datetime | str:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text


def _email_set(value: Any) -> frozenset[str]:
    if not value:
        return frozenset()
    return frozenset(e.strip().casefold() for e in str(value).split(",") if e.strip())


def _interp_view(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    people = sorted(
        (str(i.get("email", "")).casefold(), str(i.get("languages") or i.get("interpreter_languages") or ""))
        for i in value.get("interpreters") or []
    )
    return {"enable": bool(value.get("enable")), "interpreters": [f"{e} {lang}" for e, lang in people]}


def interpretation_equal(want: Any, have: Any) -> bool:
    """Interpreters compared as a set of (email, languages), case-insensitive on email."""
    return _interp_view(want) == _interp_view(have or {"enable": False})


def diff_panelists(
    desired: DesiredWebinar, actual: list[ActualPanelist]
) -> tuple[list[DesiredPanelist], list[ActualPanelist]]:
    """Panelists to add and to remove. Interpreters are never removed: Zoom adds them itself."""
    have = {p.email.casefold() for p in actual}
    want = {p.email.casefold() for p in desired.panelists}
    keep = want | {str(i.get("email", "")).casefold() for i in desired.interpreters}
    add = [p for p in desired.panelists if p.email.casefold() not in have]
    remove = [p for p in actual if p.email.casefold() not in keep]
    return add, remove


def name_tag_changes(desired: DesiredWebinar, actual: list[ActualPanelist], tag_id: str | None
                     ) -> list[tuple[DesiredPanelist, ActualPanelist]]:
    """Panelists already in Zoom whose name tag differs from the schedule's (only with `zoom.name_tag`)."""
    if desired.name_tag is None:
        return []
    have = {p.email.casefold(): p for p in actual}
    out = []
    for want in desired.panelists:
        found = have.get(want.email.casefold())
        if found is None:
            continue
        wanted = (tag_id, want.name_tag_name, want.name_tag_description or None, want.name_tag_pronouns or None)
        held = (found.name_tag_id, found.name_tag_name, found.name_tag_description or None,
                found.name_tag_pronouns or None)
        if (tag_id is None and wanted[1:] != held[1:]) or (tag_id is not None and wanted != held):
            out.append((want, found))
    return out
