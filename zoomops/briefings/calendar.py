"""The one calendar builder of every briefing (panelists and interpreters).

Each entry's UID is `<event>.<person>.<slot key>@zoomops`, built from ids only (never from a position in a
list), so a re-export or a re-sent briefing updates the same calendar entry; `SEQUENCE` counts the versions
sent. `DTSTAMP` is when the file was made (the injected clock), every summary starts with the event's name,
and each entry has a display alarm before it. Summaries and descriptions come in the reader's language(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from zoomops.show.model import Schedule

EVENT_NAME_MAX = 60
DEFAULT_ALARM_MINUTES = 15


@dataclass(frozen=True)
class CalendarEntry:
    """One appointment of one person: `key` names the slot (e.g. `practice`, `b02-i01`, `t03`)."""

    key: str
    summary: str
    start: datetime
    end: datetime
    description: str = ""
    location: str | None = None
    alarm_minutes: int = DEFAULT_ALARM_MINUTES


def event_name(schedule: Schedule) -> str:
    """The event's name as calendar summaries carry it: `zoom.topic` if set, else the title, cut to 60."""
    name = schedule.zoom.topic or schedule.event.title
    return name if len(name) <= EVENT_NAME_MAX else name[: EVENT_NAME_MAX - 1].rstrip() + "…"


def entry_uid(schedule: Schedule, person_id: str, key: str) -> str:
    return f"{schedule.event.id}.{person_id}.{key}@zoomops"


def build_calendar(schedule: Schedule, person_id: str, entries: list[CalendarEntry], *, stamp: datetime,
                   product: str, title: str, sequence: int = 0) -> bytes:
    """An iCalendar file (UTC times) with one VEVENT, and its VALARM, per entry; `title` (in the reader's
    language) names the calendar after the event's name, `product` (English) is in its PRODID."""
    if stamp.tzinfo is None:
        raise ValueError("the calendar stamp must be timezone-aware")
    cal = Calendar()
    cal.add("prodid", f"-//zoomops//{product}//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{event_name(schedule)}: {title}")
    name = event_name(schedule)
    for entry in entries:
        ev = Event()
        ev.add("uid", entry_uid(schedule, person_id, entry.key))
        ev.add("dtstamp", stamp.astimezone(UTC))
        ev.add("sequence", sequence)
        ev.add("dtstart", entry.start.astimezone(UTC))
        ev.add("dtend", entry.end.astimezone(UTC))
        ev.add("summary", f"{name}: {entry.summary}")
        if entry.description:
            ev.add("description", entry.description)
        if entry.location:
            ev.add("location", entry.location)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{name}: {entry.summary}")
        alarm.add("trigger", timedelta(minutes=-entry.alarm_minutes))
        ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())


def practice_session_at(schedule: Schedule) -> datetime:
    """When the practice session starts: the same `run.practice_reminder_minutes` before the first block that
    the tech host's "start the practice session now" cue uses (show/timeline.py)."""
    return schedule.starts_at() - timedelta(minutes=schedule.run.practice_reminder_minutes)
