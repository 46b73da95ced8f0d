"""Which webinar a block belongs to: the one rule that provisioning (what to create) and the runner (where a
cue's Zoom action goes) share. A webinar is named by its key: `event`, a date (`2022-09-06`) or `bNN`."""

from __future__ import annotations

from zoomops.show.cue import Cue
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


def breaks_have_a_webinar(schedule: Schedule) -> bool:
    """Whether a break is inside a webinar: not when split per block (each block's webinar ends with it), so a
    break then has no recording to pause or resume."""
    return schedule.zoom.split != WebinarSplit.block


def closing_slots(slots: list[BlockSlot], schedule: Schedule) -> list[BlockSlot]:
    """The last block of each webinar, in order: its end is where that webinar closes (as the event's last
    block's end is where `close` fires, a break at the end of a day included)."""
    return [max(group, key=lambda s: s.end) for _, group in webinar_groups(slots, schedule) if group]


def cue_webinar_key(schedule: Schedule, cue: Cue) -> str:
    """Where a cue's Zoom action goes: its block's webinar; a closing cue of no block (`close`,
    `livestream-stop`) names the block whose end it closes (`params["closes"]`) and goes to that block's
    webinar, the one live at that point."""
    index = cue.block_index if cue.block_index is not None else cue.params.get("closes")
    return webinar_key(schedule, index if isinstance(index, int) else None)
