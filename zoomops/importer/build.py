"""Build the typed schedule (zoomops.show.model) from what the steps read, and its plain-data form."""

from __future__ import annotations

from typing import Any

from zoomops.importer.people import People
from zoomops.show.model import Schedule


def build_schedule(
    event: dict[str, Any], people: People, blocks: list[dict[str, Any]], interpretation: dict[str, Any] | None
) -> Schedule:
    """The schedule model; pydantic checks every field's shape and the model's limits (ValidationError)."""
    roster = [
        {"id": p.id, "name": p.name, "honorific": p.honorific, "affiliation": p.affiliation, "email": p.email}
        for p in people.by_key.values()
    ]
    data: dict[str, Any] = {"event": event, "people": roster, "blocks": blocks}
    if interpretation:
        data["interpretation"] = interpretation
    return Schedule.model_validate(data)


def field_path(loc: tuple[Any, ...]) -> str:
    """('blocks', 3, 'title') -> 'blocks[3].title'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _item(it: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"kind": it.kind.value}
    if it.title is not None:
        d["title"] = it.title
    if it.minutes is not None:
        d["minutes"] = it.minutes
    if it.speakers:
        d["speakers"] = list(it.speakers)
    if it.segments:
        d["segments"] = [
            {"speaker": s.speaker, "minutes": s.minutes} if s.minutes is not None else {"speaker": s.speaker}
            for s in it.segments
        ]
    return d


def schedule_data(s: Schedule, with_dates: bool) -> dict[str, Any]:
    """The schedule as plain data in the order a person reads it (what the YAML holds)."""
    ev = s.event
    data: dict[str, Any] = {
        "event": {"id": ev.id, "title": ev.title, "dates": [d.isoformat() for d in ev.dates], "timezone": ev.timezone},
        "people": [],
        "blocks": [],
    }
    for p in s.people:
        d: dict[str, Any] = {"id": p.id}
        if p.honorific:
            d["honorific"] = p.honorific
        d["name"] = p.name
        if p.affiliation:
            d["affiliation"] = p.affiliation
        d["email"] = p.email or ""
        data["people"].append(d)
    for b in s.blocks:
        bd: dict[str, Any] = {"kind": b.kind.value}
        if b.title is not None:
            bd["title"] = b.title
        if with_dates and b.date is not None:
            bd["date"] = b.date.isoformat()
        bd["start"], bd["end"] = b.start.strftime("%H:%M"), b.end.strftime("%H:%M")
        if b.minutes is not None:
            bd["minutes"] = b.minutes
        if b.moderator:
            bd["moderator"] = b.moderator
        if b.items:
            bd["items"] = [_item(it) for it in b.items]
        data["blocks"].append(bd)
    if s.interpretation is not None:
        data["interpretation"] = {"pairs": s.interpretation.pairs, "interpreters": []}
    return data
