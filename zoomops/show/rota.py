"""The interpretation rota: who is on the microphone for each pair, minute by minute.

Rules (issue 6):
- Interpreting time is every non-break block `Schedule.interpreted_blocks()` returns. Blocks that follow
  each other without a gap form a *stretch*; a break (or any gap, or a block left uninterpreted) ends
  the current turn, and the next stretch starts with the next interpreter.
- A pair's team takes turns round-robin in roster order (A, B, C, A, …), across stretches.
- A turn lasts `turn_minutes`. The change moves earlier to a natural boundary (block start, item start,
  speaker change) when one lies within `snap_minutes` before the nominal change (the latest such one).
- The rest of a stretch becomes one turn when it fits in `turn_minutes + turn_tolerance_minutes`, so no
  turn ever exceeds that, and no stub turn of a minute or two is left at the end of a stretch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from zoomops.common.clock import elapsed, shifted
from zoomops.show.model import Schedule
from zoomops.show.pairs import Pair, team, valid_pairs
from zoomops.show.runofshow import BlockSlot, on_stage, run_of_show


@dataclass(frozen=True)
class Coverage:
    """Something on stage during a turn: an item, or a block that has no items."""

    block_index: int
    item_index: int | None
    block_title: str
    title: str
    speakers: tuple[str, ...]
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Turn:
    """One interpreter on the microphone for one pair, from `start` to `end` (aware, event time zone).

    `boothmate_id` is the next interpreter in the rotation, who takes over; `handover` says whether
    they take over live at `end` (False when a break or the end of interpreting follows).
    """

    pair: Pair
    number: int
    interpreter_id: str
    boothmate_id: str | None
    start: datetime
    end: datetime
    block_index: int
    covers: tuple[Coverage, ...]
    handover: bool

    @property
    def code(self) -> str:
        """The turn as it appears in cue ids and calendar UIDs, e.g. `t03` for turn 3."""
        return f"t{self.number:02d}"

    @property
    def minutes(self) -> int:
        return int(elapsed(self.start, self.end).total_seconds() // 60)

    @property
    def speakers(self) -> list[str]:
        """Everyone on stage during the turn, in order, each once."""
        return list(dict.fromkeys(name for c in self.covers for name in c.speakers))


@dataclass(frozen=True)
class Rota:
    """Every pair's turns, in time order per pair; `teams` maps each pair to its interpreter ids."""

    teams: dict[Pair, tuple[str, ...]]
    turns: tuple[Turn, ...]

    def for_pair(self, pair: Pair) -> list[Turn]:
        return [t for t in self.turns if t.pair == pair]

    def for_interpreter(self, interpreter_id: str) -> list[Turn]:
        return [t for t in self.turns if t.interpreter_id == interpreter_id]

    def following(self, turn: Turn) -> Turn | None:
        """The pair's next turn after `turn`, if any."""
        return next((t for t in self.for_pair(turn.pair) if t.number == turn.number + 1), None)


@dataclass(frozen=True)
class _Stretch:
    """Interpreted blocks that run back to back."""

    slots: tuple[BlockSlot, ...]

    @property
    def start(self) -> datetime:
        return self.slots[0].start

    @property
    def end(self) -> datetime:
        return self.slots[-1].end

    def boundaries(self) -> list[datetime]:
        """Block starts, item starts and speaker changes strictly inside the stretch."""
        marks = {b.start for b in self.slots}
        for b in self.slots:
            marks |= {it.start for it in b.items} | {sg.start for it in b.items for sg in it.segments}
        return sorted(m for m in marks if self.start < m < self.end)


def build_rota(schedule: Schedule) -> Rota:
    """The rota for every valid pair of the schedule's interpretation (empty without one)."""
    interp = schedule.interpretation
    if interp is None:
        return Rota({}, ())
    stretches = _stretches(schedule)
    teams: dict[Pair, tuple[str, ...]] = {}
    turns: list[Turn] = []
    for pair in valid_pairs(interp):
        members = tuple(m.id for m in team(interp, pair))
        teams[pair] = members
        if members:
            turns.extend(_pair_turns(schedule, pair, members, stretches))
    return Rota(teams, tuple(turns))


def _stretches(schedule: Schedule) -> list[_Stretch]:
    wanted = {id(b) for b in schedule.interpreted_blocks()}
    groups: list[list[BlockSlot]] = []
    previous: BlockSlot | None = None
    for slot in run_of_show(schedule):
        if id(slot.block) not in wanted or slot.end <= slot.start:
            previous = None
            continue
        if previous is not None and groups and previous.end == slot.start:
            groups[-1].append(slot)
        else:
            groups.append([slot])
        previous = slot
    return [_Stretch(tuple(g)) for g in groups]


def turn_changes(
    start: datetime, end: datetime, boundaries: list[datetime], turn: int, tolerance: int, snap: int
) -> list[tuple[datetime, datetime]]:
    """Cut [start, end) into turns by the rules in the module docstring."""
    cuts: list[tuple[datetime, datetime]] = []
    cursor = start
    while cursor < end:
        if elapsed(cursor, end) <= timedelta(minutes=turn + tolerance):
            cuts.append((cursor, end))
            break
        nominal = shifted(cursor, timedelta(minutes=turn))
        window = [b for b in boundaries if cursor < b and shifted(nominal, -timedelta(minutes=snap)) <= b <= nominal]
        change = max(window) if window else nominal
        cuts.append((cursor, change))
        cursor = change
    return cuts


def _pair_turns(schedule: Schedule, pair: Pair, members: tuple[str, ...], stretches: list[_Stretch]) -> list[Turn]:
    interp = schedule.interpretation
    assert interp is not None
    turns: list[Turn] = []
    for stretch in stretches:
        cuts = turn_changes(
            stretch.start,
            stretch.end,
            stretch.boundaries(),
            interp.turn_minutes,
            interp.turn_tolerance_minutes,
            interp.snap_minutes,
        )
        for k, (start, end) in enumerate(cuts):
            n = len(turns)
            turns.append(
                Turn(
                    pair=pair,
                    number=n + 1,
                    interpreter_id=members[n % len(members)],
                    boothmate_id=members[(n + 1) % len(members)] if len(members) > 1 else None,
                    start=start,
                    end=end,
                    block_index=_block_at(stretch, start),
                    covers=_covers(schedule, stretch, start, end),
                    handover=k < len(cuts) - 1,
                )
            )
    return turns


def _block_at(stretch: _Stretch, instant: datetime) -> int:
    return next(b.index for b in reversed(stretch.slots) if b.start <= instant)


def _covers(schedule: Schedule, stretch: _Stretch, start: datetime, end: datetime) -> tuple[Coverage, ...]:
    out: list[Coverage] = []
    for b in stretch.slots:
        if not b.items and b.start < end and b.end > start:
            names = tuple(on_stage(schedule, b.block))
            out.append(Coverage(b.index, None, b.block.label, b.block.label, names, b.start, b.end))
        for it in b.items:
            if (it.start < end and it.end > start) or (it.start == it.end and start <= it.start < end):
                names = tuple(on_stage(schedule, b.block, it.item))
                out.append(Coverage(b.index, it.index, b.block.label, it.item.label, names, it.start, it.end))
    return tuple(out)
