"""The run of show: every block and item of a schedule placed at exact, timezone-aware instants."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from zoomops.common.clock import elapsed, shifted
from zoomops.show.model import Block, BlockKind, Item, Schedule


@dataclass(frozen=True)
class SegmentSlot:
    """One speaker's share of an item."""

    speaker_id: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ItemSlot:
    """An item placed in time; `open_ended` when the agenda gave it no duration."""

    index: int
    item: Item
    start: datetime
    end: datetime
    segments: tuple[SegmentSlot, ...]
    open_ended: bool = False

    @property
    def minutes(self) -> int:
        return int(elapsed(self.start, self.end).total_seconds() // 60)


@dataclass(frozen=True)
class BlockSlot:
    """A block placed in time, with its items."""

    index: int
    block: Block
    start: datetime
    end: datetime
    items: tuple[ItemSlot, ...] = field(default_factory=tuple)

    @property
    def is_break(self) -> bool:
        return self.block.kind == BlockKind.break_

    @property
    def minutes(self) -> int:
        return int(elapsed(self.start, self.end).total_seconds() // 60)


def run_of_show(schedule: Schedule) -> list[BlockSlot]:
    """Place every block and item: items run back to back from the block start; items without a
    duration share the block's leftover time equally."""
    return [_place_block(schedule, i, b) for i, b in enumerate(schedule.blocks)]


def _place_block(schedule: Schedule, index: int, block: Block) -> BlockSlot:
    start, end = schedule.block_start(block), schedule.block_end(block)
    durations = [_minutes(it) for it in block.items]
    known = sum(d for d in durations if d is not None)
    untimed = [i for i, d in enumerate(durations) if d is None]
    leftover = max(int(elapsed(start, end).total_seconds() // 60) - known, 0)
    share = leftover // len(untimed) if untimed else 0
    cursor = start
    items: list[ItemSlot] = []
    for i, item in enumerate(block.items):
        given = durations[i]
        minutes = given if given is not None else share
        item_end = shifted(cursor, timedelta(minutes=minutes))
        items.append(ItemSlot(i, item, cursor, item_end, _segments(item, cursor, item_end), durations[i] is None))
        cursor = item_end
    return BlockSlot(index, block, start, end, tuple(items))


def _minutes(item: Item) -> int | None:
    if item.minutes is not None:
        return item.minutes
    if item.segments and all(s.minutes is not None for s in item.segments):
        return sum(s.minutes or 0 for s in item.segments)
    return None


def _segments(item: Item, start: datetime, end: datetime) -> tuple[SegmentSlot, ...]:
    if not item.segments:
        return tuple(SegmentSlot(pid, start, end) for pid in item.speakers)
    slots: list[SegmentSlot] = []
    cursor = start
    for seg in item.segments:
        seg_end = shifted(cursor, timedelta(minutes=seg.minutes)) if seg.minutes is not None else end
        seg_end = min(seg_end, end, key=_utc)
        slots.append(SegmentSlot(seg.speaker, cursor, seg_end))
        cursor = seg_end
    return tuple(slots)


def _utc(instant: datetime) -> datetime:
    """Sort key: two datetimes of one ZoneInfo compare by wall clock, ignoring DST; UTC does not."""
    return instant.astimezone(UTC)


def on_stage(schedule: Schedule, block: Block, item: Item | None = None) -> list[str]:
    """Display names of who is on stage: the moderator and the item's speakers."""
    ids = ([block.moderator] if block.moderator else []) + (item.speaker_ids if item else [])
    names = []
    for pid in dict.fromkeys(ids):
        person = schedule.person(pid)
        names.append(person.display if person else pid)
    return names
