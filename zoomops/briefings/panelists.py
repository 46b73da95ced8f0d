"""Per-panelist briefings: their slots, moderator, tech-check time and personal join link (Markdown + .ics)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from zoomops.briefings.calendar import CalendarEntry, build_calendar, practice_session_at
from zoomops.common.clock import Clock, SystemClock
from zoomops.common.outputs import write_outputs
from zoomops.show.model import Person, Schedule
from zoomops.show.runofshow import run_of_show

PRODUCT = "panelist briefing"


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


def panelist_slots(schedule: Schedule, person_id: str) -> list[Slot]:
    slots: list[Slot] = []
    for b in run_of_show(schedule):
        moderator = schedule.person(b.block.moderator) if b.block.moderator else None
        mod_name = moderator.display if moderator else None
        if b.block.moderator == person_id:
            slots.append(Slot("moderator", b.block.label, b.block.label, b.start, b.end, mod_name, f"b{b.index:02d}"))
        for it in b.items:
            for n, seg in enumerate(it.segments):
                if seg.speaker_id == person_id:
                    key = f"b{b.index:02d}-i{it.index:02d}" + (f"-s{n}" if len(it.segments) > 1 else "")
                    slots.append(Slot("speaker", b.block.label, it.item.label, seg.start, seg.end, mod_name, key))
    return slots


def tech_check_at(schedule: Schedule) -> datetime:
    """The practice session, where panelists check camera, microphone and sharing: the runner's cue time."""
    return practice_session_at(schedule)


def _times(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    return f"{start.astimezone(tz):%a %d %b %H:%M}–{end.astimezone(tz):%H:%M} ({tz.key})"


def briefing_markdown(schedule: Schedule, person: Person, join_url: str | None) -> str:
    event_tz = schedule.tz
    own_tz = ZoneInfo(person.timezone) if person.timezone else None
    lines = [f"# Panelist briefing — {person.display}", "", f"**{schedule.event.title}**", ""]
    lines.append("## Your slots")
    for s in panelist_slots(schedule, person.id):
        what = f"moderating {s.block_title}" if s.role == "moderator" else f"{s.title} in {s.block_title}"
        lines.append(f"- {what}: {_times(s.start, s.end, event_tz)}")
        if own_tz and own_tz.key != event_tz.key:
            lines.append(f"  - your time: {_times(s.start, s.end, own_tz)}")
        if s.role == "speaker" and s.moderator:
            lines.append(f"  - moderator: {s.moderator}")
    check = tech_check_at(schedule)
    lines += [
        "",
        "## Tech check",
        f"Join the practice session at {check.astimezone(event_tz):%H:%M} ({event_tz.key})"
        + (f", {check.astimezone(own_tz):%H:%M} your time ({own_tz.key})" if own_tz else "")
        + ": camera, microphone, screen sharing.",
    ]
    lines += [
        "",
        "## How to join",
        "Use your personal panelist link (do not share it):",
        f"{join_url}" if join_url else "(not provisioned yet — the organizers will send it after `zoomops apply`)",
    ]
    return "\n".join(lines) + "\n"


def calendar_entries(schedule: Schedule, person: Person, join_url: str | None) -> list[CalendarEntry]:
    """The practice session and every slot of this panelist."""
    about = f"{schedule.event.title}\nJoin with your personal panelist link: {join_url or 'link to follow'}"
    entries = [CalendarEntry("practice", "Tech check (practice session)", tech_check_at(schedule),
                             schedule.starts_at(), about, join_url)]
    entries += [
        CalendarEntry(s.key, f"{s.title} — {s.block_title}" if s.role == "speaker" else f"Moderating {s.title}",
                      s.start, s.end, about, join_url)
        for s in panelist_slots(schedule, person.id)
    ]
    return entries


def briefing_calendar(schedule: Schedule, person: Person, join_url: str | None, stamp: datetime,
                      sequence: int = 0) -> bytes:
    return build_calendar(schedule, person.id, calendar_entries(schedule, person, join_url), stamp=stamp,
                          product=PRODUCT, sequence=sequence)


def panelist_briefings(schedule: Schedule, join_links: dict[str, str], stamp: datetime
                       ) -> list[tuple[Person, str, bytes]]:
    """(person, Markdown, .ics) for everyone on stage; join links keyed by lower-case email."""
    out = []
    for pid in schedule.programme_ids():
        person = schedule.person(pid)
        if person is None:
            continue
        link = join_links.get((person.email or "").casefold())
        calendar = briefing_calendar(schedule, person, link, stamp)
        out.append((person, briefing_markdown(schedule, person, link), calendar))
    return out


def write_panelist_briefings(schedule: Schedule, join_links: dict[str, str], out_dir: Path,
                             clock: Clock | None = None) -> list[Path]:
    """One `<id>.md` and `<id>.ics` per person on stage; `clock` stamps the calendars (DTSTAMP)."""
    stamp = (clock or SystemClock()).now()
    files: list[tuple[str, str | bytes]] = []
    for person, markdown, ics in panelist_briefings(schedule, join_links, stamp):
        files += [(f"{person.id}.md", markdown), (f"{person.id}.ics", ics)]
    return write_outputs(out_dir, files)
