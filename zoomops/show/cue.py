"""A cue: one thing that must happen at a planned instant, for an audience, maybe with a Zoom action."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Audience(StrEnum):
    tech_host = "tech_host"
    moderator = "moderator"
    speaker = "speaker"
    interpreters = "interpreters"
    everyone = "everyone"


class CueKind(StrEnum):
    """What a cue marks; a StrEnum, so its JSON form is the value (`"block-start"`)."""

    preflight = "preflight"
    reminder = "reminder"
    block_warning = "block-warning"
    block_start = "block-start"
    block_end = "block-end"
    item_start = "item-start"
    segment_start = "segment-start"
    warning = "warning"
    danger = "danger"
    overtime = "overtime"
    break_start = "break-start"
    action = "action"
    close = "close"
    interpretation_on = "interpretation.on"
    interpretation_handover = "interpretation.handover"
    interpretation_host_start = "interpretation.host_start"
    interpretation_host_check = "interpretation.host_check"


TRANSITION_KINDS = frozenset({CueKind.block_start, CueKind.item_start, CueKind.break_start})
# Published instants a negative delay may not pull earlier unless the tech host forces it (show/delay.py).
PUBLISHED_KINDS = frozenset({CueKind.block_start, CueKind.close})


@dataclass(frozen=True)
class Cue:
    """A planned cue. `id` is stable across runs (it is the ledger's idempotency key), so it is
    built from the schedule's structure (block/item indexes, kinds), never from times."""

    id: str
    at: datetime
    audience: Audience
    kind: CueKind
    message: str
    action: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    block_index: int | None = None
    item_index: int | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError(f"cue {self.id}: planned instant must be timezone-aware")
        if not isinstance(self.kind, CueKind):
            object.__setattr__(self, "kind", CueKind(self.kind))  # a plain string must name a known kind
