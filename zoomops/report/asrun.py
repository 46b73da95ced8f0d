"""As run vs as planned: each block and item with its planned and actual start/end, from the ledger alone.

Actual start: the instant the runner fired the block's (or item's) start cue. A missed start cue (the runner
was down) gives the delay-adjusted instant, marked `estimated`; a skipped one (superseded by `next`, or the
webinar ended) gives none. Actual end: the block's end cue when it has one, else the next block's actual
start, else the close cue; an item ends where the next item of its block starts, the last one with its block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zoomops.common.clock import elapsed
from zoomops.report.ledger_reader import AdjustmentRow, FiringRow, LedgerData
from zoomops.show.cue import Cue
from zoomops.show.model import Schedule
from zoomops.show.runofshow import BlockSlot, run_of_show


@dataclass
class Row:
    """One block or item of the run of show, planned and actual."""

    key: str
    label: str
    kind: str
    block_index: int
    item_index: int | None
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    start_status: str = "pending"  # fired | missed | skipped | pending
    estimated: bool = False

    @property
    def is_block(self) -> bool:
        return self.item_index is None

    @property
    def start_delay_seconds(self) -> float | None:
        """Actual start minus planned start (positive: late)."""
        if self.actual_start is None:
            return None
        return elapsed(self.planned_start, self.actual_start).total_seconds()

    @property
    def planned_seconds(self) -> float:
        return elapsed(self.planned_start, self.planned_end).total_seconds()

    @property
    def actual_seconds(self) -> float | None:
        if self.actual_start is None or self.actual_end is None:
            return None
        return elapsed(self.actual_start, self.actual_end).total_seconds()

    @property
    def overrun_seconds(self) -> float | None:
        """Actual length minus planned length (positive: ran over)."""
        actual = self.actual_seconds
        return None if actual is None else actual - self.planned_seconds


@dataclass
class AsRun:
    """The whole as-run picture of one run (or rehearsal)."""

    rows: list[Row]
    adjustments: list[dict[str, Any]]
    problems: list[dict[str, Any]]  # cues missed or skipped
    actions: list[dict[str, Any]]  # Zoom actions and their outcomes
    counts: dict[str, int] = field(default_factory=dict)
    speed: float = 1.0

    @property
    def blocks(self) -> list[Row]:
        return [r for r in self.rows if r.is_block]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)


def block_key(index: int) -> str:
    return f"b{index:02d}"


def item_key(block_index: int, item_index: int) -> str:
    return f"b{block_index:02d}.i{item_index:02d}"


def build_asrun(schedule: Schedule, cues: list[Cue], ledger: LedgerData) -> AsRun:
    """Planned vs actual from the schedule, its compiled cues and the ledger."""
    slots = run_of_show(schedule)
    firings = ledger.firings
    rows: list[Row] = []
    for n, slot in enumerate(slots):
        following = slots[n + 1] if n + 1 < len(slots) else None
        rows.extend(_slot_rows(slot, following, firings))
    labels = {c.id: _cue_place(c, slots) for c in cues}
    timebase = ledger.meta.get("timebase") or {}
    return AsRun(
        rows=rows,
        adjustments=[_adjustment(a, labels) for a in ledger.adjustments],
        problems=_problems(cues, firings, labels),
        actions=_actions(cues, firings),
        counts=_counts(cues, firings),
        speed=float(timebase.get("speed", 1.0)),
    )


def _start_cue(slot: BlockSlot) -> str:
    return f"{block_key(slot.index)}.break-start" if slot.is_break else f"{block_key(slot.index)}.start"


def _actual(firing: FiringRow | None) -> tuple[datetime | None, str, bool]:
    if firing is None:
        return None, "pending", False
    if firing.status == "fired":
        return firing.at, "fired", False
    if firing.status == "missed":
        return firing.effective, "missed", True
    return None, firing.status, False


def _slot_rows(slot: BlockSlot, following: BlockSlot | None, firings: dict[str, FiringRow]) -> list[Row]:
    start, status, estimated = _actual(firings.get(_start_cue(slot)))
    block = Row(block_key(slot.index), slot.block.label, slot.block.kind.value, slot.index, None,
                slot.start, slot.end, start, None, status, estimated)
    end_cue = firings.get(f"{block.key}.end")
    if end_cue is not None and end_cue.status != "skipped":
        block.actual_end = _actual(end_cue)[0]
    elif following is not None:
        block.actual_end = _actual(firings.get(_start_cue(following)))[0]
    else:
        block.actual_end = _actual(firings.get("close"))[0]
    items = []
    for item in slot.items:
        key = item_key(slot.index, item.index)
        i_start, i_status, i_est = _actual(firings.get(f"{key}.start"))
        items.append(Row(key, item.item.label, item.item.kind.value, slot.index, item.index, item.start, item.end,
                         i_start, None, i_status, i_est))
    for n, row in enumerate(items):
        later = next((r.actual_start for r in items[n + 1:] if r.actual_start is not None), None)
        row.actual_end = later if later is not None and row.actual_start is not None else (
            block.actual_end if row.actual_start is not None else None)
    return [block, *items]


def _cue_place(cue: Cue, slots: list[BlockSlot]) -> str:
    """Where a cue sits in the programme, for people: `Session 1 / Presentation 2`."""
    if cue.block_index is None or cue.block_index >= len(slots):
        return cue.id
    slot = slots[cue.block_index]
    if cue.item_index is not None and cue.item_index < len(slot.items):
        return f"{slot.block.label} / {slot.items[cue.item_index].item.label}"
    return slot.block.label


def _adjustment(adj: AdjustmentRow, labels: dict[str, str]) -> dict[str, Any]:
    target = adj.position or adj.cue_id
    return {
        "seq": adj.seq, "kind": adj.kind, "minutes": round(adj.seconds / 60, 2), "made_at": adj.made_at,
        "source": adj.source, "cue": target, "where": labels.get(target or "", target or ""), "forced": adj.forced,
    }


def _problems(cues: list[Cue], firings: dict[str, FiringRow], labels: dict[str, str]) -> list[dict[str, Any]]:
    by_id = {c.id: c for c in cues}
    out = []
    for f in sorted(firings.values(), key=lambda f: (f.effective, f.cue_id)):
        if f.status not in ("missed", "skipped"):
            continue
        cue = by_id.get(f.cue_id)
        out.append({"cue": f.cue_id, "status": f.status, "planned": f.planned, "effective": f.effective,
                    "kind": cue.kind if cue else "", "where": labels.get(f.cue_id, f.cue_id), "note": f.note or ""})
    return out


def _actions(cues: list[Cue], firings: dict[str, FiringRow]) -> list[dict[str, Any]]:
    """Every cue that carried a Zoom action (as compiled, or as the ledger recorded an outcome for)."""
    by_id = {c.id: c for c in cues}
    ids = [c.id for c in cues if c.action] + [i for i, f in firings.items() if f.outcome and i not in by_id]
    ids += [i for i, f in firings.items() if f.outcome and i in by_id and not by_id[i].action]
    out = []
    for cue_id in dict.fromkeys(ids):
        firing = firings.get(cue_id)
        cue = by_id.get(cue_id)
        outcome = firing.outcome if firing else None
        out.append({
            "cue": cue_id, "action": (cue.action if cue and cue.action else cue_id),
            "at": firing.at if firing else None, "cue_status": firing.status if firing else "pending",
            "status": (outcome or {}).get("status", "no outcome recorded" if firing else "not run"),
            "detail": (outcome or {}).get("detail", ""),
        })
    return sorted(out, key=lambda a: (a["at"] is None, a["at"].timestamp() if a["at"] else 0.0))


def _counts(cues: list[Cue], firings: dict[str, FiringRow]) -> dict[str, int]:
    statuses = [f.status for f in firings.values()]
    known = {c.id for c in cues} | set(firings)  # a rehearsal may fire action cues the schedule does not enable
    return {"cues": len(known), "fired": statuses.count("fired"), "missed": statuses.count("missed"),
            "skipped": statuses.count("skipped"), "pending": sum(1 for c in cues if c.id not in firings)}
