"""Who speaks which language when, and which way the interpreters work (EN→KO or KO→EN); pure.

A speech is one speaker's time on stage: a segment of a shared slot, a speaker of an item, or the moderator
of an item that names no speaker (a discussion, Q&A). Its language is, first found: the segment's
`language`, the item's `language`, the speaker's first `languages` entry. None when nobody said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from zoomops.show.languages import ISO_639_1
from zoomops.show.model import Item, Schedule
from zoomops.show.pairs import Pair
from zoomops.show.runofshow import BlockSlot, ItemSlot, run_of_show


@dataclass(frozen=True)
class Direction:
    """Which way a pair is interpreted while someone speaks: `source` is spoken, `target` is what the
    interpreters speak. Both are ISO 639-1 codes."""

    source: str
    target: str

    @property
    def label(self) -> str:
        """E.g. "EN→KO"."""
        return f"{self.source.upper()}→{self.target.upper()}"


@dataclass(frozen=True)
class Speech:
    """One speaker on stage from `start` to `end` (aware instants)."""

    block_index: int
    item_index: int | None
    title: str
    speaker_id: str | None
    language: str | None
    start: datetime
    end: datetime


def direction(pair: Pair, language: str | None) -> Direction | None:
    """The pair's direction while `language` (an ISO code) is spoken; None when it is neither of the pair's."""
    first, second = (ISO_639_1[lang] for lang in pair.languages)
    if language == first:
        return Direction(first, second)
    if language == second:
        return Direction(second, first)
    return None


def spoken_language(schedule: Schedule, item: Item | None, speaker_id: str | None) -> str | None:
    """The language `speaker_id` uses in `item` (item or segment `language`, else the person's first)."""
    if item is not None:
        segment = next((s for s in item.segments if s.speaker == speaker_id), None)
        if segment is not None and segment.language:
            return segment.language
        if item.language:
            return item.language
    person = schedule.person(speaker_id) if speaker_id else None
    return person.languages[0] if person is not None and person.languages else None


def speeches(schedule: Schedule) -> list[Speech]:
    """Every speech of the day in time order (breaks have none)."""
    out: list[Speech] = []
    for block in run_of_show(schedule):
        if block.is_break:
            continue
        if not block.block.items:
            out.append(_speech(schedule, block, None, block.block.moderator, block.start, block.end))
        for slot in block.items:
            out.extend(_item_speeches(schedule, block, slot))
    return out


def _item_speeches(schedule: Schedule, block: BlockSlot, slot: ItemSlot) -> list[Speech]:
    if not slot.segments:  # nobody named: the moderator leads it
        return [_speech(schedule, block, slot, block.block.moderator, slot.start, slot.end)]
    return [_speech(schedule, block, slot, seg.speaker_id, seg.start, seg.end) for seg in slot.segments]


def _speech(
    schedule: Schedule, block: BlockSlot, slot: ItemSlot | None, speaker: str | None, start: datetime, end: datetime
) -> Speech:
    item = slot.item if slot is not None else None
    return Speech(
        block.index,
        slot.index if slot is not None else None,
        item.label if item is not None else block.block.label,
        speaker,
        spoken_language(schedule, item, speaker),
        start,
        end,
    )


def speech_at(schedule: Schedule, instant: datetime, within: list[Speech] | None = None) -> Speech | None:
    """The speech on at `instant` (the first one, when several speakers share an item)."""
    at = instant.astimezone(UTC)
    for s in within if within is not None else speeches(schedule):
        if s.start.astimezone(UTC) <= at < s.end.astimezone(UTC):
            return s
    return None


def next_speech(schedule: Schedule, instant: datetime, within: list[Speech] | None = None) -> Speech | None:
    """The first speech that starts after `instant` with another speaker or language than the current one."""
    listed = within if within is not None else speeches(schedule)
    current = speech_at(schedule, instant, listed)
    at = instant.astimezone(UTC)
    for s in listed:
        if s.start.astimezone(UTC) > at and (
            current is None or (s.speaker_id, s.language) != (current.speaker_id, current.language)
        ):
            return s
    return None


def speeches_between(start: datetime, end: datetime, listed: list[Speech]) -> list[Speech]:
    """The speeches that overlap [start, end), e.g. an interpreter's turn, in time order."""
    lo, hi = start.astimezone(UTC), end.astimezone(UTC)
    return [s for s in listed if s.start.astimezone(UTC) < hi and s.end.astimezone(UTC) > lo]


@dataclass(frozen=True)
class FloorLanguage:
    """What the interpreters need at an instant: who speaks now and next, in which language, which way."""

    current: Speech | None
    current_direction: Direction | None
    following: Speech | None
    following_direction: Direction | None


def floor_language(
    schedule: Schedule, pair: Pair, planned: datetime, listed: list[Speech] | None = None
) -> FloorLanguage:
    """The floor at `planned` (an instant of the plan: a live clock minus the delay)."""
    listed = listed if listed is not None else speeches(schedule)
    now, nxt = speech_at(schedule, planned, listed), next_speech(schedule, planned, listed)
    return FloorLanguage(
        now,
        direction(pair, now.language) if now else None,
        nxt,
        direction(pair, nxt.language) if nxt else None,
    )
