"""Ontime's delay model as pure functions: planned cues + adjustments -> effective instants.

A delay is inserted in the rundown at a position (the first cue still to come when it was made) and
shifts every cue from there on. Positive accumulated delay is absorbed by the gaps it crosses (a break
shrinks, down to nothing); negative delay moves later cues earlier, never before the instant it was
made, and never a published instant (a programme block's start, the close) before its planned time:
the lead is absorbed there, unless the adjustment was forced (`--allow-early`). An anchor (the webinar
really started at T) sets the accumulated delay at its position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from zoomops.common.clock import shifted
from zoomops.show.cue import PUBLISHED_KINDS, Cue
from zoomops.show.timeline import Gap, anchor_of

AdjustmentKind = Literal["delay", "anchor"]


@dataclass(frozen=True)
class Adjustment:
    """A change to the running timeline, positioned at the first cue it affects."""

    kind: AdjustmentKind
    seconds: float
    position: str
    made_at: datetime
    seq: int = 0
    forced: bool = False  # a negative delay that may pull published instants early


def rundown_order(cues: Iterable[Cue]) -> list[Cue]:
    """Cues in the order the delay model walks them: by the instant they belong to, then planned time."""
    indexed = list(enumerate(cues))
    indexed.sort(key=lambda p: (anchor_of(p[1]), p[1].at.astimezone(UTC), p[0]))
    return [c for _, c in indexed]


def effective_instants(
    cues: Sequence[Cue], adjustments: Sequence[Adjustment], gaps: Sequence[Gap]
) -> dict[str, datetime]:
    """Every cue's delay-adjusted instant (in its planned time zone). `cues` must be in rundown order."""
    at_position: dict[str, list[Adjustment]] = {}
    for adj in sorted(adjustments, key=lambda a: a.seq):
        at_position.setdefault(adj.position, []).append(adj)
    published = {anchor_of(c) for c in cues if c.kind in PUBLISHED_KINDS}
    result: dict[str, datetime] = {}
    acc = 0.0
    forced = 0.0  # the lead the tech host forced: how far before plan a published instant may go
    floor: datetime | None = None
    previous: datetime | None = None
    for cue in cues:
        anchor = anchor_of(cue)
        if previous is not None:
            acc = _absorb(acc, previous, anchor, gaps)
        for adj in at_position.get(cue.id, ()):
            acc = acc + adj.seconds if adj.kind == "delay" else adj.seconds
            forced += adj.seconds if adj.forced and adj.kind == "delay" else 0.0
            floor = adj.made_at if floor is None else max(floor, adj.made_at)
        if acc < 0 and anchor in published:
            acc = max(acc, min(forced, 0.0))  # a published start waits for its time; a forced lead passes
        instant = shifted(cue.at, timedelta(seconds=acc))  # real time, also across a DST change
        result[cue.id] = max(instant, floor) if floor is not None else instant
        previous = anchor
    return result


def _absorb(acc: float, before: datetime, after: datetime, gaps: Sequence[Gap]) -> float:
    """Positive delay left after crossing the gaps that start in [before, after)."""
    for gap in gaps:
        if acc > 0 and before <= gap.start < after:
            acc = max(acc - gap.seconds, 0.0)
    return acc


def lead_seconds(cue: Cue, effective: dict[str, datetime]) -> float:
    """How far ahead of plan a cue is (0 when on time or late)."""
    return max((cue.at - effective[cue.id]).total_seconds(), 0.0)


def held_start(cues: Sequence[Cue], effective: dict[str, datetime], after: Cue) -> Cue | None:
    """The next published cue (block start, close) after `after` in rundown order: where a lead is absorbed."""
    seen = False
    for cue in cues:
        if seen and cue.kind in PUBLISHED_KINDS:
            return cue
        seen = seen or cue.id == after.id
    return None


def position_for(cues: Sequence[Cue], effective: dict[str, datetime], done: set[str], now: datetime) -> str | None:
    """Where an adjustment made at `now` goes: the first cue (rundown order) not done and still to come."""
    return next((c.id for c in cues if c.id not in done and effective[c.id] > now), None)
