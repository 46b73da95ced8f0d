"""The interpreters' panel of the board: for each interpreted pair, who speaks now and next, in which language,
and which way they interpret (EN→KO or KO→EN). Language-neutral data: the page names the languages.

The floor is read from the plan at the live instant minus the delay (the programme runs `delay` behind its
plan), so a delay moves the next speaker's time with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from zoomops.show.model import Schedule
from zoomops.show.rota import Rota
from zoomops.show.speech import Speech, floor_language, speeches


def floor_json(schedule: Schedule, rota: Rota, now: datetime, delay_seconds: float) -> list[dict[str, Any]]:
    """One entry per pair that has turns: {pair, key, now, next} (now/next: speaker, language, direction, local)."""
    planned = now - timedelta(seconds=delay_seconds)
    listed = speeches(schedule)
    out = []
    for pair in rota.teams:
        if not rota.for_pair(pair):
            continue
        floor = floor_language(schedule, pair, planned, listed)
        out.append(
            {
                "pair": pair.label,
                "key": pair.key,
                "now": _speech(schedule, floor.current, floor.current_direction, delay_seconds),
                "next": _speech(schedule, floor.following, floor.following_direction, delay_seconds),
            }
        )
    return out


def _speech(schedule: Schedule, speech: Speech | None, direction: Any, delay_seconds: float) -> dict[str, Any] | None:
    if speech is None:
        return None
    person = schedule.person(speech.speaker_id) if speech.speaker_id else None
    at = speech.start + timedelta(seconds=delay_seconds)
    return {
        "speaker": person.display if person else speech.speaker_id,
        "name_local": person.name_local if person else None,
        "title": speech.title,
        "language": speech.language,
        "direction": direction.label if direction else None,
        "local": at.astimezone(schedule.tz).strftime("%H:%M"),
    }
