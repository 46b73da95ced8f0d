"""Per-panelist briefings: their slots, moderator, tech-check time and personal join link (Markdown + .ics)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from zoomops.common.outputs import write_outputs
from zoomops.show.model import Person, Schedule
from zoomops.show.runofshow import run_of_show


@dataclass(frozen=True)
class Slot:
    """A moment a panelist is on stage: a block they moderate or an item (share) they speak in."""

    role: str
    block_title: str
    title: str
    start: datetime
    end: datetime
    moderator: str | None


def panelist_slots(schedule: Schedule, person_id: str) -> list[Slot]:
    slots: list[Slot] = []
    for b in run_of_show(schedule):
        moderator = schedule.person(b.block.moderator) if b.block.moderator else None
        mod_name = moderator.display if moderator else None
        if b.block.moderator == person_id:
            slots.append(Slot("moderator", b.block.label, b.block.label, b.start, b.end, mod_name))
        for it in b.items:
            for seg in it.segments:
                if seg.speaker_id == person_id:
                    slots.append(Slot("speaker", b.block.label, it.item.label, seg.start, seg.end, mod_name))
    return slots


def tech_check_at(schedule: Schedule) -> datetime:
    return schedule.starts_at() - timedelta(minutes=schedule.run.tech_check_minutes)


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


def briefing_calendar(schedule: Schedule, person: Person, join_url: str | None) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//zoomops//panelist briefing//EN")
    cal.add("version", "2.0")
    events = [("tech-check", "Tech check (practice session)", tech_check_at(schedule), schedule.starts_at())]
    events += [
        (f"slot-{i}", f"{s.title} — {s.block_title}", s.start, s.end)
        for i, s in enumerate(panelist_slots(schedule, person.id))
    ]
    for uid, summary, start, end in events:
        ev = Event()
        ev.add("uid", f"{schedule.event.id}-{person.id}-{uid}@zoomops")
        ev.add("summary", summary)
        ev.add("dtstart", start.astimezone(UTC))
        ev.add("dtend", end.astimezone(UTC))
        ev.add("dtstamp", start.astimezone(UTC))
        if join_url:
            ev.add("location", join_url)
        ev.add("description", f"{schedule.event.title}\nJoin: {join_url or 'link to follow'}")
        cal.add_component(ev)
    return bytes(cal.to_ical())


def write_panelist_briefings(schedule: Schedule, join_links: dict[str, str], out_dir: Path) -> list[Path]:
    """One `<id>.md` and `<id>.ics` per person on stage; join links keyed by lower-case email."""
    files: list[tuple[str, str | bytes]] = []
    for pid in schedule.programme_ids():
        person = schedule.person(pid)
        if person is None:
            continue
        link = join_links.get((person.email or "").casefold())
        files.append((f"{pid}.md", briefing_markdown(schedule, person, link)))
        files.append((f"{pid}.ics", briefing_calendar(schedule, person, link)))
    return write_outputs(out_dir, files)
