"""Per-interpreter briefings: a Markdown page and an .ics calendar with one event per turn."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from zoomops.briefings.calendar import CalendarEntry, build_calendar, practice_session_at
from zoomops.common.clock import Clock, SystemClock
from zoomops.common.outputs import write_outputs
from zoomops.show.languages import zoom_languages_value
from zoomops.show.model import InterpreterEntry, Schedule
from zoomops.show.pairs import pair_of
from zoomops.show.rota import Rota, Turn

PRODUCT = "interpretation briefing"


def interpreter_briefings(schedule: Schedule, rota: Rota, stamp: datetime, join_links: dict[str, str] | None = None
                          ) -> list[tuple[InterpreterEntry, str, bytes]]:
    """(interpreter, Markdown, .ics) for every interpreter; join links keyed by lower-case email."""
    if schedule.interpretation is None:
        return []
    links = join_links or {}
    out = []
    for member in schedule.interpretation.interpreters:
        turns = rota.for_interpreter(member.id)
        link = links.get((member.email or "").casefold())
        out.append((member, briefing_markdown(schedule, rota, member, turns, link),
                    briefing_calendar(schedule, rota, member, turns, stamp, link)))
    return out


def write_interpreter_briefings(
    schedule: Schedule, rota: Rota, out_dir: Path, clock: Clock | None = None,
    join_links: dict[str, str] | None = None,
) -> list[Path]:
    """Write `<id>.md` and `<id>.ics` for every interpreter; return the paths written.

    `clock` stamps the calendars (DTSTAMP); everything else depends only on the schedule and the join links.
    """
    if schedule.interpretation is None:
        return []
    stamp = (clock or SystemClock()).now()
    files: list[tuple[str, str | bytes]] = []
    for member, markdown, ics in interpreter_briefings(schedule, rota, stamp, join_links):
        files += [(f"{member.id}.md", markdown), (f"{member.id}.ics", ics)]
    return write_outputs(out_dir, files)


def _name(schedule: Schedule, interpreter_id: str | None) -> str:
    interp = schedule.interpretation
    member = next((m for m in interp.interpreters if m.id == interpreter_id), None) if interp else None
    return member.name if member else (interpreter_id or "nobody")


def _span(turn: Turn, zone: ZoneInfo | None = None) -> str:
    start, end = (turn.start, turn.end) if zone is None else (turn.start.astimezone(zone), turn.end.astimezone(zone))
    return f"{start:%H:%M}–{end:%H:%M}"


def _own_zone(schedule: Schedule, member: InterpreterEntry) -> ZoneInfo | None:
    if not member.timezone or member.timezone == schedule.event.timezone:
        return None
    return ZoneInfo(member.timezone)


def _after(schedule: Schedule, rota: Rota, turn: Turn) -> str:
    """What happens when the turn ends: a live handover, a break, or the end of interpreting."""
    nxt = rota.following(turn)
    if nxt is None:
        return "end of interpreting"
    who = _name(schedule, nxt.interpreter_id)
    if turn.handover:
        return f"{who} takes over at {nxt.start:%H:%M}"
    return f"break; {who} resumes at {nxt.start:%H:%M}"


def _channel(schedule: Schedule, member: InterpreterEntry) -> tuple[str, str]:
    """("English ↔ Korean", "US,KR") for the member's pair."""
    assert schedule.interpretation is not None
    pair = pair_of(schedule.interpretation, member)
    if pair is None:
        return " ↔ ".join(member.languages), "?"
    return f"{pair.first} ↔ {pair.second}", zoom_languages_value(pair.languages)


def briefing_markdown(schedule: Schedule, rota: Rota, member: InterpreterEntry, turns: list[Turn],
                      join_url: str | None = None) -> str:
    """The Markdown briefing for one interpreter."""
    channel, codes = _channel(schedule, member)
    practice = practice_session_at(schedule).astimezone(schedule.tz)
    zone = _own_zone(schedule, member)
    tz = schedule.event.timezone
    lines = [
        f"# Interpretation briefing: {member.name}",
        "",
        f"{schedule.event.title}",
        "",
        f"{schedule.starts_at():%A %d %B %Y}. Times are in {tz}"
        + (f", then in your time zone ({member.timezone})" if zone else "")
        + ", then UTC.",
        "",
        "## Your channel",
        "",
        f"- {channel} (Zoom pair `{codes}`)" + (f", booth {member.booth}" if member.booth else "") + ".",
        "- Switch your active language in Zoom as the floor changes language.",
        "",
        "## How to join",
        "",
        "- Use the Zoom **desktop client** (Windows or macOS), signed in with "
        f"**{member.email or '(no email assigned yet)'}**: Zoom gives the interpreter role to that account. "
        "Interpretation cannot be managed from the mobile app or the web client (they can only listen).",
        "- Your personal join link (do not share it): "
        + (join_url or "to follow — the organizers send it once the webinar is set up in Zoom") + ".",
        f"- Tech check: join the practice session at {practice:%H:%M} {tz}"
        + (f" ({practice.astimezone(zone):%H:%M} your time)" if zone else "")
        + f", {practice.astimezone(ZoneInfo('UTC')):%H:%M} UTC: audio, your interpretation channel, the handover "
        "with your boothmate.",
        "- You join the webinar as a panelist; the host starts interpretation about 15 minutes before the first "
        "session, and your interpretation controls appear then.",
        "- Handover: keep a backchannel with your boothmate; the incoming interpreter signals 5 min, 2 min, then "
        "unmutes once the outgoing interpreter's microphone shows muted.",
        "",
        f"## Your turns ({len(turns)}, {sum(t.minutes for t in turns)} minutes)",
        "",
    ]
    for turn in turns:
        lines += _turn_section(schedule, rota, turn, zone)
    if not turns:
        lines += ["No turns are assigned to you.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _turn_section(schedule: Schedule, rota: Rota, turn: Turn, zone: ZoneInfo | None) -> list[str]:
    times = f"{_span(turn)} {schedule.event.timezone}"
    if zone is not None:
        times += f" ({_span(turn, zone)} {zone.key})"
    times += f", {_span(turn, ZoneInfo('UTC'))} UTC"
    lines = [
        f"### Turn {turn.number}: {times}",
        "",
        f"- Boothmate: {_name(schedule, turn.boothmate_id)}. After your turn: {_after(schedule, rota, turn)}.",
    ]
    block = None
    for c in turn.covers:
        if c.block_index != block:
            block = c.block_index
            lines.append(f"- {c.block_title}")
        who = f": {', '.join(c.speakers)}" if c.speakers else ""
        lines.append(f"  - {c.start:%H:%M} {c.title}{who}")
    return [*lines, ""]


def briefing_calendar(
    schedule: Schedule, rota: Rota, member: InterpreterEntry, turns: list[Turn], stamp: datetime,
    join_url: str | None = None, sequence: int = 0,
) -> bytes:
    """An iCalendar file: the practice session, then one entry per turn (UTC times, stable UIDs, alarms)."""
    channel, _ = _channel(schedule, member)
    join = f"\nJoin: {join_url}" if join_url else ""
    entries = [CalendarEntry("practice", "Tech check (practice session)", practice_session_at(schedule),
                             schedule.starts_at(), f"{schedule.event.title}{join}", join_url)]
    entries += [
        CalendarEntry(f"{turn.pair.key}-{turn.code}",
                      f"Interpreting {channel}, turn {turn.number} ({_name(schedule, turn.boothmate_id)} next)",
                      turn.start, turn.end, _description(schedule, rota, turn) + join, join_url, alarm_minutes=10)
        for turn in turns
    ]
    return build_calendar(schedule, member.id, entries, stamp=stamp, product=PRODUCT, sequence=sequence)


def _description(schedule: Schedule, rota: Rota, turn: Turn) -> str:
    lines = [
        f"{schedule.event.title}",
        f"Boothmate: {_name(schedule, turn.boothmate_id)}. After your turn: {_after(schedule, rota, turn)}.",
    ]
    lines += [f"{c.start:%H:%M} {c.title}" + (f": {', '.join(c.speakers)}" if c.speakers else "") for c in turn.covers]
    lines.append("Join with the Zoom desktop client, signed in with your assigned email.")
    return "\n".join(lines)
