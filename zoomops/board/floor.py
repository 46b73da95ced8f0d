"""The interpreters' panel of the board: for each interpreted pair, who speaks now and next, in which language,
and which way they interpret (EN→KO or KO→EN). Language-neutral data: the page names the languages.

The floor is read from the plan at the instant that matches what is on now: the planned start of the cue
that started last (segment, item or block) plus the time since it really started, held inside that speech and
before the next transition's planned start, so a speaker who overruns, or whose slot a delay lengthened,
keeps the floor (the live instant minus the delay would name the speaker before them right after a delay,
and the one after them during an overrun). The next speaker's time is the runner's effective instant of the
cues planned then (`effective_at`: a break that absorbed the delay, a published start that holds a lead),
else the planned time moved by the delay.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from zoomops.show.model import Schedule
from zoomops.show.rota import Rota
from zoomops.show.speech import Speech, floor_language, speech_at, speeches

ONE_SECOND = timedelta(seconds=1)


def floor_json(
    schedule: Schedule,
    rota: Rota,
    now: datetime,
    delay_seconds: float,
    on: tuple[datetime, datetime] | None = None,
    until: datetime | None = None,
    effective_at: Callable[[datetime], datetime] | None = None,
) -> list[dict[str, Any]]:
    """One entry per pair that has turns: {pair, key, now, next} (now/next: speaker, language, direction, local).

    `on`: (planned, actual) start of the cue that started last; `until`: the next transition's planned start;
    `effective_at`: planned instant -> the runner's delay-adjusted one."""
    moved = effective_at or (lambda planned: planned + timedelta(seconds=delay_seconds))
    listed = speeches(schedule)
    planned = plan_instant(schedule, listed, now, delay_seconds, on, until)
    out = []
    for pair in rota.teams:
        if not rota.for_pair(pair):
            continue
        floor = floor_language(schedule, pair, planned, listed)
        out.append(
            {
                "pair": pair.label,
                "key": pair.key,
                "now": _speech(schedule, floor.current, floor.current_direction, moved),
                "next": _speech(schedule, floor.following, floor.following_direction, moved),
            }
        )
    return out


def plan_instant(
    schedule: Schedule,
    listed: list[Speech],
    now: datetime,
    delay_seconds: float,
    on: tuple[datetime, datetime] | None,
    until: datetime | None,
) -> datetime:
    """The plan's instant that matches `now` (see the module docstring)."""
    if on is None:
        return now - timedelta(seconds=delay_seconds)
    planned_start, started = on
    planned = planned_start + max(now - started, timedelta(0))
    current = speech_at(schedule, planned_start, listed)
    if current is not None and planned >= current.end:
        planned = max(current.end - ONE_SECOND, planned_start)
    if until is not None and planned >= until:
        planned = max(until - ONE_SECOND, planned_start)
    return planned


def _speech(
    schedule: Schedule, speech: Speech | None, direction: Any, moved: Callable[[datetime], datetime]
) -> dict[str, Any] | None:
    if speech is None:
        return None
    person = schedule.person(speech.speaker_id) if speech.speaker_id else None
    at = moved(speech.start)
    return {
        "speaker": person.display if person else speech.speaker_id,
        "name_local": person.name_local if person else None,
        "title": speech.title,
        "language": speech.language,
        "direction": direction.label if direction else None,
        "local": at.astimezone(schedule.tz).strftime("%H:%M"),
    }
