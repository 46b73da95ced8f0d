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


@dataclass(frozen=True)
class Cue:
    """A planned cue. `id` is stable across runs (it is the ledger's idempotency key), so it is
    built from the schedule's structure (block/item indexes, kinds), never from times."""

    id: str
    at: datetime
    audience: Audience
    kind: str
    message: str
    action: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    block_index: int | None = None
    item_index: int | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError(f"cue {self.id}: planned instant must be timezone-aware")
