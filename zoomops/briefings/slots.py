"""What a panelist's briefing says, as data for its template: their slots with the language they speak in and,
when the block is interpreted, the language the audience hears through the interpreters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from zoomops.briefings.panelists import panelist_slots, tech_check_at
from zoomops.show.languages import ISO_639_1
from zoomops.show.model import Person, Schedule
from zoomops.show.pairs import valid_pairs
from zoomops.show.speech import speeches


@dataclass(frozen=True)
class SlotLines:
    role: str
    block_title: str
    title: str
    start: datetime
    end: datetime
    moderator: str | None
    language: str | None
    other: str | None  # what the interpreters turn it into, when interpreted


def panelist_context(schedule: Schedule, person: Person, join_url: str | None, **extra: Any) -> dict[str, Any]:
    """The panelist template's context."""
    own = ZoneInfo(person.timezone) if person.timezone and person.timezone != schedule.event.timezone else None
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
    interpreted = {schedule.block_start(b) for b in schedule.interpreted_blocks()}
    starts = {b.label: schedule.block_start(b) for b in schedule.blocks}
    out = []
    for slot in panelist_slots(schedule, person.id):
        first = person.languages[0] if person.languages else None
        language = first if slot.role == "moderator" else spoken.get((person.id, slot.start), first)
        other = _other(schedule, language) if starts.get(slot.block_title) in interpreted else None
        out.append(
            SlotLines(slot.role, slot.block_title, slot.title, slot.start, slot.end, slot.moderator, language, other)
        )
    return out


def _other(schedule: Schedule, language: str | None) -> str | None:
    """The other language of the first interpreted pair that has `language`."""
    for pair in valid_pairs(schedule.interpretation) if schedule.interpretation else []:
        codes = [ISO_639_1[lang] for lang in pair.languages]
        if language in codes:
            return codes[1 - codes.index(language)]
    return None
