"""What a panelist's briefing says, as data for its template and calendar: their slots (blocks they moderate,
items they speak in) with the language they speak in and, when the block is interpreted, the language the
audience hears through the interpreters. Words are the template's; this module has none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from zoomops.briefings.calendar import practice_session_at
from zoomops.show.languages import ISO_639_1
from zoomops.show.model import Person, Schedule
from zoomops.show.pairs import valid_pairs
from zoomops.show.runofshow import run_of_show
from zoomops.show.speech import speeches


@dataclass(frozen=True)
class Slot:
    """A moment a panelist is on stage: a block they moderate or an item (share) they speak in."""

    role: str
    block_title: str
    title: str
    start: datetime
    end: datetime
    moderator: str | None
    key: str  # stable: block and item index (`b02`, `b02-i01`), never a position in this person's list
    block_index: int


@dataclass(frozen=True)
class SlotLines(Slot):
    """A slot as the briefing shows it: the language spoken and, when interpreted, the one the audience hears."""

    language: str | None
    other: str | None  # what the interpreters turn it into, when interpreted


def panelist_slots(schedule: Schedule, person_id: str) -> list[Slot]:
    slots: list[Slot] = []
    for b in run_of_show(schedule):
        moderator = schedule.person(b.block.moderator) if b.block.moderator else None
        mod_name = moderator.display if moderator else None
        if b.block.moderator == person_id:
            slots.append(Slot("moderator", b.block.label, b.block.label, b.start, b.end, mod_name, f"b{b.index:02d}",
                              b.index))
        for it in b.items:
            for n, seg in enumerate(it.segments):
                if seg.speaker_id == person_id:
                    key = f"b{b.index:02d}-i{it.index:02d}" + (f"-s{n}" if len(it.segments) > 1 else "")
                    slots.append(Slot("speaker", b.block.label, it.item.label, seg.start, seg.end, mod_name, key,
                                      b.index))
    return slots


def tech_check_at(schedule: Schedule) -> datetime:
    """The practice session, where panelists check camera, microphone and sharing: the runner's cue time."""
    return practice_session_at(schedule)


def own_zone(schedule: Schedule, person: Person) -> ZoneInfo | None:
    """The panelist's time zone when it differs from the event's."""
    if not person.timezone or person.timezone == schedule.event.timezone:
        return None
    return ZoneInfo(person.timezone)


def panelist_context(schedule: Schedule, person: Person, join_url: str | None, **extra: Any) -> dict[str, Any]:
    """The panelist template's context."""
    own = own_zone(schedule, person)
    return {
        "name": person.display,
        "name_local": person.name_local,
        "event_title": schedule.event.title,
        "zone": schedule.event.timezone,
        "own_zone": own.key if own else None,
        "own_tz": own,
        "slots": _slots(schedule, person),
        "practice": tech_check_at(schedule).astimezone(schedule.tz),
        "join_url": join_url,
        **extra,
    }


def _slots(schedule: Schedule, person: Person) -> list[SlotLines]:
    spoken = {(s.speaker_id, s.start): s.language for s in speeches(schedule)}
    interpreted = {id(b) for b in schedule.interpreted_blocks()}
    out = []
    for slot in panelist_slots(schedule, person.id):
        first = person.languages[0] if person.languages else None
        language = first if slot.role == "moderator" else spoken.get((person.id, slot.start), first)
        other = _other(schedule, language) if id(schedule.blocks[slot.block_index]) in interpreted else None
        out.append(SlotLines(slot.role, slot.block_title, slot.title, slot.start, slot.end, slot.moderator, slot.key,
                             slot.block_index, language, other))
    return out


def _other(schedule: Schedule, language: str | None) -> str | None:
    """The other language of the first interpreted pair that has `language`."""
    for pair in valid_pairs(schedule.interpretation) if schedule.interpretation else []:
        codes = [ISO_639_1[lang] for lang in pair.languages]
        if language in codes:
            return codes[1 - codes.index(language)]
    return None
