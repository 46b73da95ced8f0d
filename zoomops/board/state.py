"""What the run-of-show board shows, as one JSON-able dict: `board_state(runner, schedule, rota, now)`.

Everything comes from the runner (its status, cues, effective instants and ledger) and the rota; `now` is
event time (`runner.event_now()`), so a FakeClock gives exact, testable values.

The countdown runs to the end of what is on now: the current item's end (its `.overtime` cue) when it has
one, else the next block/item/break start (or the close). Phases follow the speaker warnings of
`run.speaker_warnings` (by default "warning" from 2 minutes left, "danger" from 1), then "overtime" counting up.
"""

from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from zoomops.board.floor import floor_json
from zoomops.runner.engine import Runner
from zoomops.show.cue import Cue
from zoomops.show.model import Schedule
from zoomops.show.rota import Rota, Turn
from zoomops.show.runofshow import BlockSlot, ItemSlot, on_stage, run_of_show
from zoomops.show.speech import spoken_language
from zoomops.show.text import Text

LATEST = 8


def text_of(message: str) -> dict[str, Any] | None:
    """A cue message's template and fields, so each page shows it in its viewer's language."""
    return message.to_dict() if isinstance(message, Text) else None
ACTIONS = 5


def board_state(
    runner: Runner, schedule: Schedule, rota: Rota, now: datetime, journal: Journal | None = None
) -> dict[str, Any]:
    """The board's payload at event instant `now` (see the module docstring)."""
    pos = runner.position()
    if journal is None:
        journal = Journal(runner)
        journal.seed()
    view = _View(runner, schedule, run_of_show(schedule))
    closed = pos.closed
    block, item, transition = pos.block, pos.item, pos.transition
    delay = pos.delay_seconds
    return {
        "event": schedule.event.id,
        "title": schedule.event.title,
        "timezone": schedule.event.timezone,
        "now": now.isoformat(),
        "clock": view.local(now, "%H:%M:%S"),
        "speed": runner.speed,
        "finished": pos.finished,
        "block": None if closed else view.block_json(block),
        "item": None if closed else view.item_json(item, pos.segment, now),
        "countdown": _countdown(view, block, item, pos.segment, transition, now, closed),
        "session": None if closed else _session(view, block, now),
        "speaking": None if closed else _speaking(view, item, pos.segment),
        "upcoming": _upcoming(view, item or block or transition, now),
        "delay": {"seconds": delay, "text": delay_text(delay)},
        "next": view.next_json(transition, now),
        "next_cue": runner.next_cue(),
        "interpretation": [
            _pair_duty(view, rota, pair, now, delay) for pair in rota.teams if rota.for_pair(pair)
        ],
        "floor": floor_json(schedule, rota, now, delay, *_on_now(runner, pos),
                            effective_at=lambda planned: _effective_at(view, planned, delay)),
        "latest": journal.latest(),
        "actions": journal.actions(),
    }


def _on_now(runner: Runner, pos: Any) -> tuple[tuple[datetime, datetime] | None, datetime | None]:
    """(planned, actual) start of the cue that started last, and the next transition's planned start."""
    current = pos.segment or pos.item or pos.block
    on = (current.at, runner.effective(current.id)) if current is not None and not pos.closed else None
    return on, pos.transition.at if pos.transition is not None else None


class Journal:
    """The latest cues and Zoom actions, kept from the runner's events (read from the ledger once, at start)."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self._rows: dict[str, dict[str, Any]] = {}  # cue id -> row, in firing order
        self._acted: dict[str, dict[str, Any]] = {}
        self.seeded = False

    def seed(self) -> None:
        """Everything the ledger holds so far (a restart mid-event shows what happened before it)."""
        firings = self.runner.ledger.firings() if self.runner.ledger is not None else {}
        for f in firings.values():
            cue = self.runner.by_id.get(f.cue_id)
            row = {
                "cue": f.cue_id,
                "status": f.status,
                "kind": cue.kind if cue else None,
                "audience": cue.audience.value if cue else None,
                "message": cue.message if cue else "",
                "text": text_of(cue.message if cue else ""),
                "action": cue.action if cue else None,
                "local": f.effective.astimezone(self.runner.schedule.tz).strftime("%H:%M:%S"),
                "late_seconds": round(f.lateness_ms / 1000),
                "note": f.note,
                "outcome": f.outcome,
            }
            self._add(row)
        self.seeded = True

    def add(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if event.get("type") == "cue":
                keys = ("cue", "status", "kind", "audience", "message", "action", "local")
                row: dict[str, Any] = {k: event.get(k) for k in keys}
                row["text"] = text_of(event.get("message") or "")  # a Text as the runner rendered it (delay-adjusted)
                row["late_seconds"] = round((event.get("lateness_ms") or 0) / 1000)
                row.update(note=event.get("note"), outcome=None)
                self._add(row)
            elif event.get("type") == "action" and event.get("cue") in self._rows:
                self._rows[event["cue"]]["outcome"] = event.get("outcome")

    def _add(self, row: dict[str, Any]) -> None:
        self._rows.pop(row["cue"], None)
        self._rows[row["cue"]] = row
        if row.get("action") and row["status"] == "fired":
            self._acted.pop(row["cue"], None)
            self._acted[row["cue"]] = row
        while len(self._rows) > 4 * LATEST:
            del self._rows[next(iter(self._rows))]
        while len(self._acted) > ACTIONS:
            del self._acted[next(iter(self._acted))]

    def latest(self) -> list[dict[str, Any]]:
        return [dict(r) for r in reversed(list(self._rows.values())[-LATEST:])]

    def actions(self) -> list[dict[str, Any]]:
        return [dict(r) for r in reversed(list(self._acted.values()))]


def delay_text(seconds: float) -> str:
    """`+5 min behind`, `3 min ahead`, `on time` (to the tenth of a minute)."""
    minutes = round(seconds / 60, 1)
    if minutes == 0:
        return "on time"
    return f"+{minutes:g} min behind" if minutes > 0 else f"{-minutes:g} min ahead"


def thresholds(schedule: Schedule) -> tuple[int | None, int | None]:
    """Seconds left at which the countdown turns "warning" and "danger" (the speaker warnings)."""
    marks = sorted(schedule.run.speaker_warnings, reverse=True)
    return (marks[0] * 60 if marks else None, marks[1] * 60 if len(marks) > 1 else None)


def phase(seconds: float | None, warning: int | None, danger: int | None) -> str:
    """normal → warning → danger → overtime, by seconds left."""
    if seconds is None:
        return "idle"
    if seconds < 0:
        return "overtime"
    if danger is not None and seconds <= danger:
        return "danger"
    if warning is not None and seconds <= warning:
        return "warning"
    return "normal"


@dataclass
class _View:
    runner: Runner
    schedule: Schedule
    slots: list[BlockSlot]

    def local(self, instant: datetime, fmt: str = "%H:%M") -> str:
        return instant.astimezone(self.schedule.tz).strftime(fmt)

    def effective(self, cue_id: str) -> datetime:
        return self.runner.effective(cue_id)

    def slot(self, cue: Cue) -> tuple[BlockSlot | None, ItemSlot | None]:
        if cue.block_index is None or cue.block_index >= len(self.slots):
            return None, None
        block = self.slots[cue.block_index]
        if cue.item_index is not None and cue.item_index < len(block.items):
            return block, block.items[cue.item_index]
        return block, None

    def block_json(self, cue: Cue | None) -> dict[str, Any] | None:
        if cue is None:
            return None
        block, _ = self.slot(cue)
        label = cue.params.get("label") or (block.block.label if block else cue.id)
        return {
            "cue": cue.id,
            "label": label,
            "kind": block.block.kind.value if block else None,
            "is_break": cue.kind == "break-start",
            "moderator": on_stage(self.schedule, block.block)[0] if block and block.block.moderator else None,
            "started": self.local(self.effective(cue.id)),
        }

    def item_json(self, cue: Cue | None, segment: Cue | None, now: datetime) -> dict[str, Any] | None:
        if cue is None:
            return None
        block, item = self.slot(cue)
        if block is None or item is None:
            return {"cue": cue.id, "label": cue.params.get("label", cue.id), "speakers": [], "speaker": None}
        names = on_stage(self.schedule, block.block, item.item)[1 if block.block.moderator else 0 :]
        return {
            "cue": cue.id,
            "label": item.item.label,
            "speakers": names,
            "speaker": self._speaker(cue, segment, item),
            "started": self.local(self.effective(cue.id)),
        }

    def _speaker(self, cue: Cue, segment: Cue | None, item: ItemSlot) -> str | None:
        """Who has the floor: the segment whose start cue fired last (the first segment until then)."""
        if not item.segments:
            return None
        k = 0
        if segment is not None:
            k = int(segment.id.removeprefix(cue.id.removesuffix(".start") + ".s").removesuffix(".start"))
        person = self.schedule.person(item.segments[k].speaker_id)
        return person.display if person else item.segments[k].speaker_id

    def next_json(self, cue: Cue | None, now: datetime) -> dict[str, Any] | None:
        if cue is None:
            return None
        at = self.effective(cue.id)
        block, item = self.slot(cue)
        who: list[str]
        if cue.kind == "block-start" and block is not None and block.items:
            item = block.items[0]
        if cue.kind == "close":
            label, who, block_label = "Close", [], None
        elif cue.kind == "break-start":
            label, who, block_label = cue.params.get("label", "Break"), [], None
        else:
            label = item.item.label if item else (block.block.label if block else cue.id)
            who = on_stage(self.schedule, block.block, item.item if item else None) if block else []
            if cue.kind != "block-start" and block is not None and block.block.moderator:
                who = who[1:]  # within a block the moderator stays on; name the speakers
            block_label = block.block.label if block and cue.kind == "block-start" else None
        return {
            "cue": cue.id,
            "kind": cue.kind,
            "label": label,
            "block": block_label,
            "who": who,
            "at": at.isoformat(),
            "local": self.local(at),
            "planned_local": self.local(cue.at),
            "in_seconds": (at - now).total_seconds(),
        }

def _countdown(
    view: _View, block: Cue | None, item: Cue | None, segment: Cue | None, transition: Cue | None, now: datetime,
    closed: bool,
) -> dict[str, Any]:
    """Time left for what is on: the current speaker's share in a shared slot, else the item, else the block."""
    warning, danger = thresholds(view.schedule)
    base = {"warning_seconds": warning, "danger_seconds": danger, "share": None}
    ended = {**base, "mode": "ended", "seconds": None, "ends_at": None, "ends_local": None, "phase": "ended"}
    if closed or (transition is None and block is None):
        return ended
    end_cue: Cue | None = None
    share = None
    if item is not None:
        end_cue = view.runner.by_id.get(item.id.removesuffix(".start") + ".overtime")
        end_cue, share = _share_end(view, item, segment, end_cue)
    if end_cue is None:
        end_cue = transition
    if end_cue is None:
        return ended
    ends = view.effective(end_cue.id)
    seconds = (ends - now).total_seconds()
    if block is None:
        mode = "pre"
    elif block.kind == "break-start":
        mode = "break"
    else:
        mode = "item" if item is not None else "block"
    return {
        **base,
        "mode": mode,
        "seconds": seconds,
        "ends_at": ends.isoformat(),
        "ends_local": view.local(ends),
        "planned_local": view.local(end_cue.at),
        "phase": phase(seconds, warning, danger),
        "share": share,
    }


def _share_end(
    view: _View, item: Cue, segment: Cue | None, item_end: Cue | None
) -> tuple[Cue | None, dict[str, Any] | None]:
    """In a shared slot: the end of the current speaker's share (the next speaker's start), and who it is."""
    _, slot = view.slot(item)
    if slot is None or len(slot.segments) < 2:
        return item_end, None
    base = item.id.removesuffix(".start")
    k = int(segment.id.removeprefix(base + ".s").removesuffix(".start")) if segment is not None else 0
    names = [view.schedule.person(s.speaker_id) for s in slot.segments]
    shown = [p.display if p else s.speaker_id for p, s in zip(names, slot.segments, strict=True)]
    share = {"speaker": shown[k], "n": k + 1, "of": len(slot.segments),
             "next": shown[k + 1] if k + 1 < len(shown) else None}  # who follows in this slot: the moderator's cue
    following = view.runner.by_id.get(f"{base}.s{k + 1:02d}.start") if k + 1 < len(slot.segments) else None
    return (following or item_end), share


def _session(view: _View, block: Cue | None, now: datetime) -> dict[str, Any] | None:
    """The session on now and when it ends (the next block, break or close, or its own end)."""
    if block is None or block.kind == "break-start":
        return None
    cues = view.runner.cues
    start = order_index(view.runner).get(block.id)
    if start is None:
        return None
    ends_kinds = ("block-end", "block-start", "break-start", "close")
    end = next((c for c in itertools.islice(cues, start + 1, None) if c.kind in ends_kinds), None)
    if end is None:
        return None
    at = view.effective(end.id)
    label = block.params.get("label") or block.id
    return {"label": label, "ends_at": at.isoformat(), "ends_local": view.local(at),
            "planned_local": view.local(end.at), "seconds": (at - now).total_seconds()}


def _speaking(view: _View, item: Cue | None, segment: Cue | None) -> dict[str, Any] | None:
    """Who has the floor, in which language, and the talk's title (for the interpreters)."""
    if item is None:
        return None
    block, slot = view.slot(item)
    if block is None or slot is None:
        return None
    speaker_id: str | None = None
    if slot.segments:
        base = item.id.removesuffix(".start")
        k = int(segment.id.removeprefix(base + ".s").removesuffix(".start")) if segment is not None else 0
        speaker_id = slot.segments[k].speaker_id
    elif slot.item.speaker_ids:
        speaker_id = slot.item.speaker_ids[0]
    person = view.schedule.person(speaker_id) if speaker_id else None
    language = spoken_language(view.schedule, slot.item, speaker_id)
    return {"title": slot.item.label, "speaker": person.display if person else speaker_id, "language": language}


UPCOMING_MINUTES = 30
UPCOMING_ROWS = 10


def _upcoming(view: _View, since: Cue | None, now: datetime) -> list[dict[str, Any]]:
    """What starts in the next 30 minutes (block, item, break starts, speaker changes, handovers, the close),
    looking from `since` (what is on now) on."""
    if since is None:
        return []
    start = order_index(view.runner).get(since.id)
    if start is None:
        return []
    horizon = now + timedelta(minutes=UPCOMING_MINUTES)
    kinds = ("block-start", "item-start", "break-start", "segment-start", "close")
    rows: list[dict[str, Any]] = []
    for cue in itertools.islice(view.runner.cues, start, start + 2000):
        if cue.at > horizon + timedelta(hours=4):
            break
        handover = cue.kind == "interpretation.handover" and cue.id.endswith(".handover-0")
        if (cue.kind not in kinds and not handover) or view.runner.done(cue.id) is not None:
            continue
        at = view.effective(cue.id)
        if at > horizon:
            continue
        row = view.next_json(cue, now) if cue.kind in ("block-start", "item-start", "break-start", "close") else {
            "cue": cue.id, "kind": str(cue.kind), "label": str(cue.message), "block": None, "who": [],
            "at": at.isoformat(), "local": view.local(at), "planned_local": view.local(cue.at),
            "in_seconds": (at - now).total_seconds(),
        }
        if row is not None and not (rows and cue.kind == "item-start" and rows[-1]["at"] == row["at"]):
            rows.append(row)  # (a block's first item starts with it: one row)
        if len(rows) >= UPCOMING_ROWS:
            break
    return rows


_ORDERS: weakref.WeakKeyDictionary[Runner, dict[str, int]] = weakref.WeakKeyDictionary()


def order_index(runner: Runner) -> dict[str, int]:
    """Cue id -> its place in the rundown, built once per runner."""
    index = _ORDERS.get(runner)
    if index is None:
        index = {c.id: n for n, c in enumerate(runner.cues)}
        _ORDERS[runner] = index
    return index


def _turn_bounds(view: _View, rota: Rota, turn: Turn, delay: float) -> tuple[datetime, datetime]:
    """A turn's delay-adjusted start and end, from the cues at those planned instants."""
    return _effective_at(view, turn.start, delay), _effective_at(view, turn.end, delay)


def _effective_at(view: _View, planned: datetime, delay: float) -> datetime:
    """The effective instant of the cues planned at `planned` (the latest in rundown order), else planned + delay."""
    match = planned_index(view.runner).get(planned.astimezone(UTC))
    if match is not None:
        return view.effective(match)
    return planned + timedelta(seconds=delay)


_INDEXES: weakref.WeakKeyDictionary[Runner, dict[datetime, str]] = weakref.WeakKeyDictionary()


def planned_index(runner: Runner) -> dict[datetime, str]:
    """Planned instant (UTC) -> the last cue in rundown order planned then (anchored reminders aside); built
    once per runner, so the board never walks every cue for every turn."""
    index = _INDEXES.get(runner)
    if index is None:
        index = {c.at.astimezone(UTC): c.id for c in runner.cues if "anchor" not in c.params}
        _INDEXES[runner] = index
    return index


def _pair_duty(view: _View, rota: Rota, pair: Any, now: datetime, delay: float) -> dict[str, Any]:
    names = {m.id: m.name for m in view.schedule.interpretation.interpreters} if view.schedule.interpretation else {}
    turns = [(t, *_turn_bounds(view, rota, t, delay)) for t in rota.for_pair(pair)]
    on = next(((t, s, e) for t, s, e in turns if s <= now < e), None)
    upcoming = next(((t, s, e) for t, s, e in turns if s > now), None)
    out: dict[str, Any] = {"pair": pair.label, "key": pair.key, "on": None, "next": None}
    if on is not None:
        turn, start, end = on
        out["on"] = {
            "id": turn.interpreter_id,
            "name": names.get(turn.interpreter_id, turn.interpreter_id),
            "turn": turn.number,
            "since": view.local(start),
            "until": view.local(end),
            "until_planned": view.local(turn.end),  # the rota of their briefing: shown beside when it moved
        }
    if upcoming is not None:
        turn, start, _ = upcoming
        live = on is not None and on[0].handover and on[2] == start
        out["next"] = {
            "id": turn.interpreter_id,
            "name": names.get(turn.interpreter_id, turn.interpreter_id),
            "turn": turn.number,
            "at": start.isoformat(),
            "local": view.local(start),
            "planned_local": view.local(turn.start),
            "in_seconds": (start - now).total_seconds(),
            "handover": live,
        }
    return out
