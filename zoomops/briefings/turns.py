"""What an interpreter's briefing says, as data for its template: per turn, who speaks when, in which language,
and which way the pair is interpreted (EN→KO or KO→EN). Words are the template's; this module has none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from zoomops.briefings.calendar import practice_session_at
from zoomops.show.languages import iso_code, zoom_languages_value
from zoomops.show.model import InterpreterEntry, Schedule
from zoomops.show.pairs import Pair, pair_of
from zoomops.show.rota import Rota, Turn
from zoomops.show.speech import Speech, direction, speeches, speeches_between


@dataclass(frozen=True)
class SpeechLine:
    """One speaker within a turn."""

    start: datetime
    title: str
    speaker: str
    speaker_local: str | None
    moderating: bool
    language: str | None
    direction: str | None


@dataclass(frozen=True)
class BlockLines:
    """A block within a turn: its moderator (who speaks between items, in their first language) and speeches."""

    title: str
    moderator: str | None
    moderator_local: str | None
    moderator_language: str | None
    speeches: list[SpeechLine]


@dataclass(frozen=True)
class TurnLines:
    """A turn as the briefing shows it; `after` is "handover", "break" or "end"."""

    key: str  # the calendar entry's: pair and turn code, e.g. `en-ko-t03`
    number: int
    start: datetime
    end: datetime
    own_start: datetime
    own_end: datetime
    utc_start: datetime
    utc_end: datetime
    boothmate: str
    after: str
    next_name: str | None
    next_start: datetime | None
    blocks: list[BlockLines]


def interpreter_name(schedule: Schedule, interpreter_id: str | None) -> str:
    interp = schedule.interpretation
    member = next((m for m in interp.interpreters if m.id == interpreter_id), None) if interp else None
    return member.name if member else (interpreter_id or "—")


def own_zone(schedule: Schedule, member: InterpreterEntry) -> ZoneInfo | None:
    """The interpreter's time zone when it differs from the event's."""
    if not member.timezone or member.timezone == schedule.event.timezone:
        return None
    return ZoneInfo(member.timezone)


def interpreter_context(
    schedule: Schedule, rota: Rota, member: InterpreterEntry, turns: list[Turn], join_url: str | None = None,
    **extra: Any
) -> dict[str, Any]:
    """The template's context for one interpreter: `join_url` is their personal link (none before `apply`)."""
    assert schedule.interpretation is not None
    pair = pair_of(schedule.interpretation, member)
    zone = own_zone(schedule, member)
    listed = speeches(schedule)
    codes = [iso_code(lang) or lang for lang in (pair.languages if pair else member.languages)]
    practice = practice_session_at(schedule)
    return {
        "name": member.name,
        "name_local": member.name_local,
        "event_title": schedule.event.title,
        "day": schedule.starts_at().date(),
        "zone": schedule.event.timezone,
        "own_zone": zone.key if zone else None,
        "channel": codes,
        "codes": zoom_languages_value(pair.languages) if pair else "?",
        "booth": member.booth,
        "email": member.email,
        "minutes": sum(t.minutes for t in turns),
        "turns": [_turn(schedule, rota, t, zone, listed) for t in turns],
        "join_url": join_url,
        "practice": practice.astimezone(schedule.tz),
        "practice_own": practice.astimezone(zone) if zone else None,
        "practice_utc": practice.astimezone(UTC),
        **extra,
    }


def _turn(schedule: Schedule, rota: Rota, turn: Turn, zone: ZoneInfo | None, listed: list[Speech]) -> TurnLines:
    nxt = rota.following(turn)
    after = "end" if nxt is None else "handover" if turn.handover else "break"
    own = zone or schedule.tz
    return TurnLines(
        key=f"{turn.pair.key}-{turn.code}",
        number=turn.number,
        start=turn.start,
        end=turn.end,
        own_start=turn.start.astimezone(own),
        own_end=turn.end.astimezone(own),
        utc_start=turn.start.astimezone(UTC),
        utc_end=turn.end.astimezone(UTC),
        boothmate=interpreter_name(schedule, turn.boothmate_id),
        after=after,
        next_name=interpreter_name(schedule, nxt.interpreter_id) if nxt else None,
        next_start=nxt.start if nxt else None,
        blocks=_blocks(schedule, turn.pair, speeches_between(turn.start, turn.end, listed)),
    )


def _blocks(schedule: Schedule, pair: Pair, within: list[Speech]) -> list[BlockLines]:
    blocks: list[BlockLines] = []
    for s in within:
        block = schedule.blocks[s.block_index]
        if not blocks or blocks[-1].title != block.label:
            mod = schedule.person(block.moderator) if block.moderator else None
            blocks.append(BlockLines(block.label, mod.display if mod else block.moderator,
                                     mod.name_local if mod else None,
                                     mod.languages[0] if mod and mod.languages else None, []))
        blocks[-1].speeches.append(_line(schedule, pair, s))
    return blocks


def _line(schedule: Schedule, pair: Pair, s: Speech) -> SpeechLine:
    person = schedule.person(s.speaker_id) if s.speaker_id else None
    block = schedule.blocks[s.block_index]
    item = block.items[s.item_index] if s.item_index is not None else None
    moderating = s.speaker_id == block.moderator and (item is None or s.speaker_id not in item.speaker_ids)
    d = direction(pair, s.language)
    return SpeechLine(
        start=s.start,
        title=s.title,
        speaker=person.display if person else (s.speaker_id or "—"),
        speaker_local=person.name_local if person else None,
        moderating=moderating,
        language=s.language,
        direction=d.label if d else None,
    )
