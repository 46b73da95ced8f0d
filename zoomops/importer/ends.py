"""End times for rows that give only a start (`09:00 Registration`): the next row's start on the same day, or
the row's own minutes, or its items' minutes; every such end is a warning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from zoomops.importer.agenda import RawBlock
from zoomops.importer.times import Clock, duration

Warn = Callable[[int, int, str, str], None]
DEFAULT_MINUTES = 30


def end_times(blocks: list[RawBlock], dates: list[date], warn: Warn) -> list[Clock]:
    """The end of every block."""
    out: list[Clock] = []
    for i, b in enumerate(blocks):
        if b.end is not None:
            out.append(b.end)
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is not None and dates[i + 1] == dates[i] and nxt.start.minutes > b.start.minutes:
            out.append(nxt.start)
            continue
        own = duration(b.heading)
        minutes = b.minutes if b.minutes is not None else own[0] if own else None
        if minutes is None:
            found = [duration(e.text) for e in b.entries]
            total = sum(d[0] for d in found if d is not None)
            minutes = total or None
        why = "its own minutes" if minutes is not None else f"{DEFAULT_MINUTES} minutes"
        minutes = minutes or DEFAULT_MINUTES
        end = Clock(min(b.start.minutes + minutes, 24 * 60 - 1), None)
        warn(b.line, b.col, f"blocks[{i}].end", f"no end time; the block ends at {end.text} ({why})")
        out.append(end)
    return out
