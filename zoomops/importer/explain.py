"""`zoomops import --explain`: how every agenda row was read, and which words decided the zone and the dates."""

from __future__ import annotations

from zoomops.importer.blocks import Explained
from zoomops.importer.decide import ZoneDecision
from zoomops.importer.text import short


def explain(
    source: str, rows: list[Explained], zone: ZoneDecision, names: dict[str, str], unit: str = "line"
) -> list[str]:
    """The explanation, one line per fact; `unit` is "line" or, for Word documents, "paragraph"."""
    where = f"{unit} {zone.line}" if zone.line else "the command line"
    out = [f"{source}: time zone {zone.zone} — from {short(zone.words, 70)!r} ({zone.why}, {where})"]
    last_date = ""
    for i, r in enumerate(rows):
        if r.date != last_date:
            out.append(f"date {r.date} — from {short(r.date_words, 70)!r}" if r.date_words else f"date {r.date}")
            last_date = r.date
        row_zone = f", zone {r.zone_words!r}" if r.zone_words else ""
        kind = f"{r.kind} ({r.kind_words!r})" if r.kind_words else r.kind
        out.append(
            f"  {unit} {r.line}: blocks[{i}] {r.start}-{r.end} from {r.time_text!r}{row_zone}; {kind}; "
            f"title {short(r.title, 70)!r}"
            if r.title
            else f"  {unit} {r.line}: blocks[{i}] {r.start}-{r.end} from {r.time_text!r}{row_zone}; {kind}; no title"
        )
        if r.moderator:
            out.append(f"      moderator: {names.get(r.moderator, r.moderator)}")
        for j, (kind_, title, minutes, speakers) in enumerate(r.items):
            length = f", {minutes} min" if minutes is not None else ""
            out.append(f"      items[{j}] {kind_} {short(title, 60)!r}{length}")
            for pid, m in speakers:
                out.append(f"        speaker {names.get(pid, pid)}" + (f" ({m} min)" if m is not None else ""))
    return out
