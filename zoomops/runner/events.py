"""Typed runner events: what the runner tells the console, `events.jsonl`, team chat and the board.

Four kinds, one dispatch (`match event:` on the class): a cue fired, missed or skipped (`CueEvent`); a Zoom
action's outcome (`ActionEvent`); a change to the timeline (`AdjustmentEvent`: delay, next, anchor, an
anchor refused); the run's own news (`RunEvent`: started, caught-up, reconciled, degraded, recovered,
ended). `to_dict()` is the JSON form for JSON lines and Server-Sent Events, with `type` first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal

from zoomops.show.cue import CueKind

RunState = Literal[
    "started", "caught-up", "reconciled", "redelivered", "degraded", "recovered", "fenced", "error", "ended"
]


@dataclass(frozen=True)
class CueEvent:
    """A cue's announcement. `late` marks one re-delivered after a restart (claimed, never announced);
    `catch_up` one recorded as missed at start (the console and chat show only the summary)."""

    type: ClassVar[str] = "cue"
    status: Literal["fired", "missed", "skipped"]
    cue: str
    kind: CueKind
    audience: str
    message: str
    action: str | None
    planned: str
    effective: str
    at: str
    local: str
    lateness_ms: int
    note: str | None = None
    catch_up: bool = False
    late: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        for flag in ("catch_up", "late"):
            if not data[flag]:
                del data[flag]
        return data


@dataclass(frozen=True)
class ActionEvent:
    """A Zoom action settled: `outcome` is {"status": ok|warning|error|skipped, "detail": …};
    `reconciled` when it was settled on restart from Zoom's state."""

    type: ClassVar[str] = "action"
    cue: str
    action: str
    outcome: dict[str, Any]
    reconciled: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        if not self.reconciled:
            del data["reconciled"]
        return data


@dataclass(frozen=True)
class AdjustmentEvent:
    """The timeline moved (delay, next, anchor) or an anchor was refused (`anchor-rejected`)."""

    type: ClassVar[str] = "adjustment"
    kind: Literal["delay", "next", "anchor", "anchor-rejected"]
    summary: str
    minutes: float | None = None
    position: str | None = None
    cue: str | None = None
    shift_seconds: float | None = None
    forced: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _compact(self)


@dataclass(frozen=True)
class RunEvent:
    """The run's own news. `degraded` (the ledger cannot be written: cues go on from memory) and
    `recovered` are meant to be loud: the console, the chat and the board show them."""

    type: ClassVar[str] = "run"
    state: RunState
    summary: str
    reason: str | None = None
    missed: tuple[str, ...] = field(default=())
    cue: str | None = None
    action: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _compact(self)


RunnerEvent = CueEvent | ActionEvent | AdjustmentEvent | RunEvent


def _plain(event: Any) -> dict[str, Any]:
    data = asdict(event)
    if isinstance(data.get("kind"), CueKind):
        data["kind"] = data["kind"].value
    if isinstance(data.get("missed"), tuple):
        data["missed"] = list(data["missed"])
    return {"type": event.type, **data}


def _compact(event: Any) -> dict[str, Any]:
    """The JSON form without empty optional fields."""
    return {k: v for k, v in _plain(event).items() if v not in (None, [], False) or k == "type"}
