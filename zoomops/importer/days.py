"""Put every block on its day: from the day headings and tables, `Day N` counted from the first date, the date
in the note's header, or — when the times start again from the morning — the next of the dates it names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from zoomops.importer.agenda import RawBlock
from zoomops.importer.dates import find_dates, is_date_line
from zoomops.importer.document import Document
from zoomops.importer.zones import is_side_note

Warn = Callable[[int, int, str, str], None]
NO_DATE = "no date found: expected a line like '6 September 2022' before the agenda"


@dataclass
class Days:
    """The event's dates and, per block, its date and the words that decided it."""

    dates: list[date]
    block_dates: list[date]
    words: list[str]


class DateError(Exception):
    def __init__(self, line: int, col: int) -> None:
        super().__init__(NO_DATE)
        self.line, self.col = line, col


def _header_dates(doc: Document, first_line: int, year: int | None) -> tuple[list[date], int, str]:
    """Dates named before the agenda: a date line first, else any date in a sentence."""
    texts = [(ln, t) for ln, t in doc.texts() if ln < first_line]
    for ln, t in texts:
        d = is_date_line(t, year)
        if d:
            return d, ln, t
    for ln, t in texts:
        d, _ = find_dates(t)
        if d and not is_side_note(t):
            return d, ln, t
    return [], 0, ""


def assign_days(doc: Document, blocks: list[RawBlock], year: int | None, warn: Warn) -> Days:
    """Give every raw block a date; DateError when there is none at all."""
    header, header_line, header_text = _header_dates(doc, blocks[0].line, year)
    stated = [b.date for b in blocks if b.date is not None]
    anchor = stated[0] if stated else header[0] if header else None
    if anchor is None:
        later = [(ln, d) for ln, t in doc.texts() for d in find_dates(t)[0][:1]]
        if later:
            anchor = later[0][1]
            warn(
                later[0][0], 1, "event.dates", f"no date before the agenda; used {anchor}, named later in the document"
            )
        else:
            raise DateError(blocks[0].line, 1)
    out: list[date] = []
    words: list[str] = []
    restarts = 0
    previous: RawBlock | None = None
    for b in blocks:
        if b.date is not None and b.day is None:
            d, w = b.date, b.date_words
        elif b.day is not None:
            d = (header[0] if header else anchor) + timedelta(days=b.day - 1)
            w = f"{b.date_words} (day {b.day} counted from {header[0] if header else anchor})"
        else:
            d, w = anchor, header_text
            if stated:
                warn(b.line, b.col, "", f"this block comes before any date heading; put it on {anchor}")
        if (
            previous is not None
            and b.date is None
            and b.day is None
            and previous.date is None
            and previous.day is None
            and b.start.minutes < previous.start.minutes
            and len(header) > 1 + restarts
        ):
            restarts += 1
            warn(b.line, b.col, "", f"the times start again: put this block and those after it on {header[restarts]}")
        if b.date is None and b.day is None and restarts:
            d, w = header[restarts], f"{header_text} (times start again: day {restarts + 1})"
        out.append(d)
        words.append(w)
        previous = b
    dates = sorted(set(out))
    if not stated and not restarts and len(header) > 1 and not any(b.day for b in blocks):
        warn(
            header_line,
            1,
            "event.dates",
            f"the document names {len(header)} dates but the agenda has no date headings; "
            f"every block is put on {out[0]}",
        )
    elif stated:
        extra = [d for d in header if d not in dates and header_line]
        if extra and len(header) > 1:
            warn(header_line, 1, "event.dates", f"{extra[0]} is named in the header but has no agenda")
    return Days(dates, out, words)
