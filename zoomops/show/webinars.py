"""Which webinar a block belongs to: the one rule that provisioning (what to create) and the runner (where a
cue's Zoom action goes) share. A webinar is named by its key: `event`, a date (`2022-09-06`) or `bNN`."""

from __future__ import annotations

from zoomops.show.model import BlockKind, Schedule, WebinarSplit
from zoomops.show.runofshow import BlockSlot

EVENT_KEY = "event"


def webinar_key(schedule: Schedule, block_index: int | None) -> str:
    """The key of the webinar block `block_index` is part of (`zoom.split`: one webinar, one a day, one per
    block); a cue of no block belongs to the event."""
    split = schedule.zoom.split
    if split == WebinarSplit.event or block_index is None:
        return EVENT_KEY
    if split == WebinarSplit.day:
        return schedule.block_date(schedule.blocks[block_index]).isoformat()
    return f"b{block_index:02d}"


def webinar_groups(slots: list[BlockSlot], schedule: Schedule) -> list[tuple[str, list[BlockSlot]]]:
    """Every webinar in order with its blocks; split by block, a break gets no webinar of its own."""
    groups: dict[str, list[BlockSlot]] = {}
    for slot in slots:
        if schedule.zoom.split == WebinarSplit.block and slot.block.kind == BlockKind.break_:
            continue
        groups.setdefault(webinar_key(schedule, slot.index), []).append(slot)
    return list(groups.items())
