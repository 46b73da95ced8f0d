"""Decide the event's time zone: the zone stated for the rows wins over the note's header and over side notes.

Order: `--timezone`; a zone written in the rows (`08:00-09:30 UTC`); the header of the time column
(`Time (UTC)`); the day heading; the nearest statement above the agenda; any later statement; a side note
(`KST equivalent`, with a warning); the venue's place (with a warning). Offsets are read with a place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.importer.agenda import Agenda
from zoomops.importer.document import Document
from zoomops.importer.places import places_in
from zoomops.importer.zones import ZoneReading, is_side_note, mentions_zone, read_zone, valid_zone

Warn = Callable[[int, int, str, str], None]
NO_ZONE = "no time zone found: write it beside the times (e.g. 'Seoul (KST), GMT+9' or 'UTC+2') or pass --timezone"


@dataclass
class ZoneDecision:
    zone: str
    words: str
    line: int
    why: str


def decide_zone(doc: Document, agenda: Agenda, on: date, given: str | None, warn: Warn) -> ZoneDecision:
    """The event's zone, the words that decided it and where they are."""
    if given:
        if not valid_zone(given):
            raise InputError([Diagnostic(doc.source, 0, 0, "event.timezone", f"unknown time zone {given!r}")])
        return ZoneDecision(given, f"--timezone {given}", 0, "given on the command line")
    venue_cache: list[list[tuple[str, tuple[str, ...], int]]] = []
    venue_lines: dict[str, int] = {}

    def venue() -> list[tuple[str, tuple[str, ...], int]]:
        if not venue_cache:
            found = [(p, ln) for ln, t in doc.texts()[:5000] if ln not in agenda.agenda_lines for p in places_in(t)]
            for p, ln in found:
                venue_lines.setdefault(p[0], ln)
            venue_cache.append([p for p, _ in found])
        return venue_cache[0]

    first = agenda.blocks[0]
    candidates: list[tuple[int, int, str, str]] = []  # (line, col, text, why)
    for b in agenda.blocks:
        if b.zone_words:
            candidates.append((b.line, b.col, b.zone_words, "written in the agenda rows"))
            break
    for b in agenda.blocks:
        if b.column_zone:
            candidates.append((*b.column_zone, "the header of the time column"))
            break
    for b in agenda.blocks:
        if b.date_words and mentions_zone(b.date_words) and not is_side_note(b.date_words):
            candidates.append((b.date_line, 1, b.date_words, "the day heading"))
            break
    texts = doc.texts()
    before = [(ln, t) for ln, t in texts if ln <= first.line and ln not in agenda.agenda_lines]
    header = {ln: t for ln, _, t in agenda.header_lines}
    side: list[tuple[int, int, str, str]] = []
    for ln, t in reversed(before):
        if mentions_zone(t):
            (side if is_side_note(t) else candidates).append((ln, 1, t, "stated above the agenda"))
    del header
    for ln, t in texts:
        if ln > first.line and ln not in agenda.agenda_lines and mentions_zone(t):
            (side if is_side_note(t) else candidates).append((ln, 1, t, "stated after the agenda"))
    for line, col, text, why in candidates + side:
        reading = read_zone(text, on, venue())
        if reading is None:
            continue
        return _settle(doc, reading, line, col if col > 1 else reading.col, why, (line, col, text, why) in side, warn)
    for name, zones, _ in venue():
        line = venue_lines.get(name, 0)
        warn(line, 1, "event.timezone", f"no time zone is written; used {zones[0]}, the zone of {name} named here")
        return ZoneDecision(zones[0], name, line, "the place named in the document")
    raise InputError([Diagnostic(doc.source, first.line, first.col, "event.timezone", NO_ZONE)])


def _settle(doc: Document, r: ZoneReading, line: int, col: int, why: str, side: bool, warn: Warn) -> ZoneDecision:
    if r.error:
        raise InputError([Diagnostic(doc.source, line, r.col, "event.timezone", r.error)])
    for c, message in r.warnings:
        warn(line, c, "event.timezone", message)
    if side:
        warn(line, col, "event.timezone", f"only a side note names a time zone ({r.words}); used {r.zone}")
    return ZoneDecision(r.zone, r.words, line, why)
