"""Decide the event's time zone: the zone stated for the rows wins over the note's header and over side notes.

Order: `--timezone`; a zone written in the rows (`08:00-09:30 UTC`); the header of the time column
(`Time (UTC)`); the day heading; the nearest statement above the agenda; any later statement; a side note
(`KST equivalent`, with a warning); the venue's place (with a warning). Offsets are read with a place."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.importer.agenda import Agenda
from zoomops.importer.document import Document
from zoomops.importer.places import places_in
from zoomops.importer.zones import ZoneReading, is_side_note, mentions_zone, read_zone, valid_zone

Warn = Callable[[int, int, str, str], None]
NO_ZONE = "no time zone found: write it beside the times (e.g. 'Seoul (KST), GMT+9' or 'UTC+2') or pass --timezone"


VENUE_TEXTS = 400  # the venue is named in the note's header, before the agenda


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
            first = agenda.blocks[0].line
            texts = [(ln, t) for ln, t in doc.texts()[:VENUE_TEXTS] if ln not in agenda.agenda_lines and ln <= first]
            found = [(p, ln) for ln, t in texts for p in places_in(t)]
            for p, ln in found:
                venue_lines.setdefault(p[0], ln)
            venue_cache.append([p for p, _ in found])
        return venue_cache[0]

    first = agenda.blocks[0]
    side: list[tuple[int, int, str, str]] = []
    for line, col, text, why in _statements(doc, agenda, side):
        reading = read_zone(text, on, venue())
        if reading is not None:
            return _settle(doc, reading, line, col if col > 1 else reading.col, why, False, warn)
    for line, col, text, why in side:
        reading = read_zone(text, on, venue())
        if reading is not None:
            return _settle(doc, reading, line, col if col > 1 else reading.col, why, True, warn)
    for name, zones, _ in venue():
        line = venue_lines.get(name, 0)
        warn(line, 1, "event.timezone", f"no time zone is written; used {zones[0]}, the zone of {name} named here")
        return ZoneDecision(zones[0], name, line, "the place named in the document")
    raise InputError([Diagnostic(doc.source, first.line, first.col, "event.timezone", NO_ZONE)])


def _statements(
    doc: Document, agenda: Agenda, side: list[tuple[int, int, str, str]]
) -> Iterator[tuple[int, int, str, str]]:
    """Zone statements, most specific first, read only as far as needed; side notes are kept aside in `side`."""
    blocks = agenda.blocks
    row = next((b for b in blocks if b.zone_words), None)
    if row is not None:
        yield row.line, row.col, row.zone_words, "written in the agenda rows"
    column = next((b.column_zone for b in blocks if b.column_zone), None)
    if column is not None:
        yield (*column, "the header of the time column")
    day = next((b for b in blocks if b.date_words and mentions_zone(b.date_words)), None)
    if day is not None and not is_side_note(day.date_words):
        yield day.date_line, 1, day.date_words, "the day heading"
    first = blocks[0].line
    texts = doc.texts()
    before = [(ln, t) for ln, t in texts if ln <= first and ln not in agenda.agenda_lines]
    for ln, t in reversed(before):
        if mentions_zone(t):
            if is_side_note(t):
                side.append((ln, 1, t, "stated above the agenda"))
            else:
                yield ln, 1, t, "stated above the agenda"
    for ln, t in texts:
        if ln > first and ln not in agenda.agenda_lines and mentions_zone(t):
            if is_side_note(t):
                side.append((ln, 1, t, "stated after the agenda"))
            else:
                yield ln, 1, t, "stated after the agenda"


def _settle(doc: Document, r: ZoneReading, line: int, col: int, why: str, side: bool, warn: Warn) -> ZoneDecision:
    if r.error:
        raise InputError([Diagnostic(doc.source, line, r.col, "event.timezone", r.error)])
    for c, message in r.warnings:
        warn(line, c, "event.timezone", message)
    if side:
        warn(line, col, "event.timezone", f"only a side note names a time zone ({r.words}); used {r.zone}")
    return ZoneDecision(r.zone, r.words, line, why)
