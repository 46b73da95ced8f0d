"""Rules a schedule must satisfy beyond its shape: timing, references, people, Zoom's limits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from zoomops.common.clock import elapsed
from zoomops.common.diagnostics import Diagnostic, Severity
from zoomops.i18n.translate import _
from zoomops.schedule.language_rules import check_languages
from zoomops.schedule.yamlsource import field_name
from zoomops.show.languages import ZOOM_LANGUAGE_CODES, canonical_language
from zoomops.show.model import DEFAULT_PANELIST_CAP, BlockKind, Schedule
from zoomops.show.pairs import canonical_pair, team, valid_pairs

if TYPE_CHECKING:
    from zoomops.schedule.loader import LoadedSchedule

MAX_INTERPRETERS = 20  # Zoom: up to 20 interpreters per meeting or webinar
TOPIC_MAX = 200  # Zoom: a webinar topic has at most 200 characters (official spec)
Path_ = tuple[str | int, ...]


class _Checker:
    def __init__(self, loaded: LoadedSchedule) -> None:
        self.loaded = loaded
        self.s: Schedule = loaded.schedule
        self.out: list[Diagnostic] = []

    def report(self, path: Path_, message: str, severity: Severity = "error") -> None:
        file, line, col = self.loaded.where(path)
        self.out.append(Diagnostic(file, line, col, field_name(path), message, severity))

    def report_person(self, person_id: str, fld: str, message: str, severity: Severity = "error") -> None:
        index = next((i for i, p in enumerate(self.s.roster) if p.id == person_id), -1)
        self.report_entry(index, fld, message, severity)

    def report_entry(self, index: int, fld: str, message: str, severity: Severity = "error") -> None:
        """A field of the index-th roster entry; indexes past the roster are interpreters."""
        roster = len(self.s.roster)
        if index >= roster and self.s.interpretation is not None:
            self.report(("interpretation", "interpreters", index - roster, fld), message, severity)
            return
        file, line, col, name = self.loaded.person_where(index, fld)
        self.out.append(Diagnostic(file, line, col, name, message, severity))


def check_schedule(
    loaded: LoadedSchedule, *, for_provisioning: bool = False, panelist_cap: int | None = None
) -> list[Diagnostic]:
    """Every rule violation in the schedule, errors and warnings."""
    c = _Checker(loaded)
    if not _check_timezones(c):
        return c.out  # times cannot be resolved without a valid zone
    _check_dates(c)
    _check_local_times(c)
    _check_blocks(c)
    _check_items(c)
    _check_references(c)
    _check_people(c, for_provisioning)
    _check_interpretation(c, for_provisioning)
    _check_panelist_cap(c, panelist_cap)
    _check_zoom_settings(c)
    c.out += check_languages(loaded, c.out)
    _check_topic(c, for_provisioning)
    _check_speaker_warnings(c)
    return c.out


def _check_speaker_warnings(c: _Checker) -> None:
    """A speaker warning as long as a speaking slot never fires there: say so rather than drop it silently."""
    if ("run", "speaker_warnings") not in c.loaded.source.positions:
        return  # the defaults (2 and 1 minutes): nothing the organizer wrote
    slots = [(i, j, m) for i, b in enumerate(c.s.blocks) for j, it in enumerate(b.items)
             if it.speaker_ids and (m := _item_minutes(it)) is not None]
    for k, minutes in enumerate(c.s.run.speaker_warnings):
        short = [(i, j, m) for i, j, m in slots if minutes >= m]
        if short:
            i, j, m = short[0]
            c.report(("run", "speaker_warnings", k), _(
                "{minutes} minutes is as long as {count} speaking slot(s) (first: {first}, {m} min): no "
                "{minutes}-minute warning fires there").format(
                    minutes=minutes, count=len(short), first=f"blocks[{i}].items[{j}]", m=m), "warning")


def _check_topic(c: _Checker, for_provisioning: bool) -> None:
    """Zoom's topic allows 200 characters: a longer title needs zoom.topic; a longer zoom.topic is wrong."""
    topic, title = c.s.zoom.topic, c.s.event.title
    if topic and len(topic) > TOPIC_MAX:
        c.report(("zoom", "topic"), _("{length} characters; Zoom's webinar topic allows at most {max}: shorten it")
                 .format(length=len(topic), max=TOPIC_MAX))
    elif not topic and len(title) > TOPIC_MAX:
        c.report(("event", "title"), _(
            "{length} characters, but Zoom's webinar topic allows at most {max}: set zoom.topic to the webinar's "
            "name (at most {max} characters); plan and apply will not cut it for you").format(
                length=len(title), max=TOPIC_MAX), "error" if for_provisioning else "warning")


def _check_zoom_settings(c: _Checker) -> None:
    """The schedule's `zoom.settings` must be what Zoom's webinar create *and* update accept."""
    if not c.s.zoom.settings:
        return
    if c.s.zoom.name_tag is not None and c.s.zoom.settings.get("enable_session_branding") is False:
        c.report(("zoom", "settings", "enable_session_branding"),
                 "zoom.name_tag needs session branding; remove this or the name tag")
    if c.s.registration is not None:
        for key in c.s.registration.ZOOM_SETTINGS:
            if key in c.s.zoom.settings:
                c.report(("zoom", "settings", key), "set by the `registration:` section; set it there, not here")
    # Lazy: building the Zoom models costs ~0.1 s, paid only by schedules that override settings.
    from zoomops.zoom.models import settings_problems

    if problems := settings_problems(c.s.zoom.settings):
        c.report(("zoom", "settings"), _("not what Zoom's webinar settings accept: {problems}").format(
            problems="; ".join(problems)))


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" is a folder, a 300-letter name too long
        return False
    return True


def _zone_hint(name: str) -> str:
    import difflib

    zones = sorted(z for z in available_timezones() if "/" in z or z == "UTC")
    found = difflib.get_close_matches(name[:100], zones, n=1, cutoff=0.75)
    return _("; did you mean '{match}'?").format(match=found[0]) if found else ""


def _zone(name: str) -> str:
    """The zone name as written, cut short for the message if it is long."""
    return repr(name) if len(name) <= 60 else repr(name[:60]) + "…"


def _check_timezones(c: _Checker) -> bool:
    ok = _valid_zone(c.s.event.timezone)
    if not ok:
        name = c.s.event.timezone
        c.report(("event", "timezone"), _("unknown time zone {zone} (use an IANA name such as Asia/Seoul)")
                 .format(zone=_zone(name)) + _zone_hint(name))
    for i, p in enumerate(c.s.roster):
        if p.timezone and not _valid_zone(p.timezone):
            c.report_entry(i, "timezone", _("unknown time zone {zone} for {id}").format(zone=_zone(p.timezone), id=p.id)
                           + _zone_hint(p.timezone))
    return ok


def _check_local_times(c: _Checker) -> None:
    """A start or end the clocks skip on a DST night is an error; one they pass twice is a warning."""
    tz = c.s.tz
    for i, block in enumerate(c.s.blocks):
        day = c.s.block_date(block)
        for name in ("start", "end"):
            wall = datetime.combine(day, getattr(block, name))
            first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
            if first.utcoffset() == second.utcoffset():
                continue
            change = clock_change(first, second)
            fields = {"time": f"{wall:%H:%M}", "day": day, "zone": c.s.event.timezone, "change": change.text(),
                      "before": change.start, "after": change.end}
            if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
                c.report(("blocks", i, name), _("{time} does not exist on {day} in {zone}: {change}; use a time "
                                                "before {before} or from {after}").format(**fields))
            else:
                c.report(("blocks", i, name), _("{time} happens twice on {day} in {zone}: {change}; zoomops takes the "
                                                "first one (UTC{offset}): move it out of {after}-{before} to leave no "
                                                "doubt").format(offset=_offset(first), **fields), "warning")


@dataclass(frozen=True)
class ClockChange:
    """A DST change in local wall-clock times: forward from 02:00 to 03:00, or back from 02:00 to 01:00."""

    forward: bool
    start: str
    end: str

    def text(self) -> str:
        """'the clocks go forward from 02:00 to 03:00 that night', in the current language."""
        message = (_("the clocks go forward from {start} to {end} that night") if self.forward
                   else _("the clocks go back from {start} to {end} that night"))
        return message.format(start=self.start, end=self.end)


def clock_change(before: datetime, after: datetime) -> ClockChange:
    """The DST change between two instants."""
    tz = before.tzinfo
    lo, hi = sorted((before.astimezone(UTC), after.astimezone(UTC)))
    lo -= timedelta(hours=1)
    hi += timedelta(hours=1)
    while hi - lo > timedelta(minutes=1):  # the UTC minute at which the offset changes
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).utcoffset() == lo.astimezone(tz).utcoffset():
            lo = mid
        else:
            hi = mid
    hi = hi.replace(second=0, microsecond=0)
    old, new = lo.astimezone(tz).utcoffset(), hi.astimezone(tz).utcoffset()
    assert old is not None and new is not None
    return ClockChange(new > old, f"{(hi + old).time():%H:%M}", f"{(hi + new).time():%H:%M}")


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _check_dates(c: _Checker) -> None:
    dates = c.s.event.dates
    if len(set(dates)) != len(dates):
        c.report(("event", "dates"), _("a date is listed twice"))
    for i, block in enumerate(c.s.blocks):
        if block.date is None and len(set(dates)) > 1:
            c.report(("blocks", i), _("the event has several dates: give this block a date"))
        elif block.date is not None and block.date not in dates:
            c.report(("blocks", i, "date"), _("{date} is not one of the event's dates").format(date=block.date))


def _check_blocks(c: _Checker) -> None:
    previous = None
    for i, block in enumerate(c.s.blocks):
        start, end = c.s.block_start(block), c.s.block_end(block)
        span = int(elapsed(start, end).total_seconds() // 60)
        if end <= start:
            c.report(
                ("blocks", i, "end"),
                _("ends at {end}, not after its start {start}").format(
                    end=f"{block.end:%H:%M}", start=f"{block.start:%H:%M}"
                ),
            )
            continue
        if block.minutes is not None and block.minutes != span:
            dst = ""
            if start.utcoffset() != end.utcoffset():
                dst = _(" of real time: {change} (daylight saving time)").format(change=clock_change(start, end).text())
            c.report(
                ("blocks", i, "minutes"),
                _("says {minutes} minutes but {start}-{end} is {span} minutes").format(
                    minutes=block.minutes, start=f"{block.start:%H:%M}", end=f"{block.end:%H:%M}", span=span
                )
                + dst,
            )
        if previous is not None:
            p_i, p_start, p_end = previous
            if start < p_start:
                c.report(("blocks", i, "start"), _("starts before block {block} ({start}): blocks must be in order")
                         .format(block=p_i, start=f"{p_start:%H:%M}"))
            elif start < p_end:
                c.report(
                    ("blocks", i, "start"),
                    _("starts at {start}, before block {block} ends ({end})").format(
                        start=f"{block.start:%H:%M}", block=p_i, end=f"{p_end:%H:%M}"
                    ),
                )
        previous = (i, start, end)
        if block.kind == BlockKind.break_ and (block.items or block.moderator):
            c.report(("blocks", i), _("a break has no moderator or items"), "warning")


def _check_items(c: _Checker) -> None:
    for i, block in enumerate(c.s.blocks):
        span = int(elapsed(c.s.block_start(block), c.s.block_end(block)).total_seconds() // 60)
        if span <= 0 or not block.items:
            continue
        for j, item in enumerate(block.items):
            _check_segments(c, (("blocks", i, "items", j)), item)
        filled = sum(_item_minutes(it) or 0 for it in block.items)
        untimed = [it.label for it in block.items if _item_minutes(it) is None]
        if filled > span:
            c.report(
                ("blocks", i, "items"),
                _("items take {filled} minutes but the block lasts {span}").format(filled=filled, span=span),
            )
        elif filled < span:
            extra = _(" ({items} without a duration)").format(items=", ".join(untimed)) if untimed else ""
            message = _("items fill {filled} of {span} minutes").format(filled=filled, span=span) + extra
            c.report(("blocks", i, "items"), message, "warning")


def _item_minutes(item) -> int | None:  # type: ignore[no-untyped-def]
    if item.minutes is not None:
        return item.minutes
    if item.segments and all(s.minutes is not None for s in item.segments):
        return sum(s.minutes for s in item.segments)
    return None


def _check_segments(c: _Checker, path: Path_, item) -> None:  # type: ignore[no-untyped-def]
    timed = [s.minutes for s in item.segments if s.minutes is not None]
    if item.segments and item.minutes is not None and len(timed) == len(item.segments) and sum(timed) != item.minutes:
        c.report((*path, "minutes"), _("the item is {minutes} minutes but its speakers' shares add up to {total}")
                 .format(minutes=item.minutes, total=sum(timed)))


def _references(s: Schedule) -> Iterator[tuple[Path_, str]]:
    for i, block in enumerate(s.blocks):
        if block.moderator:
            yield ("blocks", i, "moderator"), block.moderator
        for j, item in enumerate(block.items):
            if item.segments:
                for k, seg in enumerate(item.segments):
                    yield ("blocks", i, "items", j, "segments", k, "speaker"), seg.speaker
            for k, pid in enumerate(item.speakers):
                yield ("blocks", i, "items", j, "speakers", k), pid


def _check_references(c: _Checker) -> None:
    if c.loaded.people_unreadable:
        return  # the people list itself is in error; every reference would repeat that
    known = {p.id for p in c.s.roster} | c.loaded.invalid_person_ids
    for path, pid in _references(c.s):
        if pid not in known:
            c.report(path, _("unknown person {id} (not in people)").format(id=repr(pid)))


def _check_people(c: _Checker, for_provisioning: bool) -> None:
    seen_ids: set[str] = set()
    seen_emails: dict[str, str] = {}
    interp = c.s.interpretation.interpreters if c.s.interpretation else []
    entries = [(p.id, p.email) for p in c.s.roster] + [(t.id, t.email) for t in interp]
    for index, (pid, email) in enumerate(entries):
        if pid in seen_ids:
            c.report_entry(index, "id", _("duplicate person id {id}").format(id=repr(pid)))
        seen_ids.add(pid)
        if email:
            key = email.casefold()
            if key in seen_emails and seen_emails[key] != pid:
                c.report_entry(index, "email", _("{email} is also the email of {id}").format(
                    email=email, id=repr(seen_emails[key])))
            seen_emails.setdefault(key, pid)
    hosts = {h.casefold() for h in [c.s.event.host or "", *c.s.event.alternative_hosts] if h}
    severity: Severity = "error" if for_provisioning else "warning"
    for pid in c.s.programme_ids():
        person = c.s.person(pid)
        if person is not None and not person.email and pid.casefold() not in hosts:
            c.report_person(
                pid,
                "email",
                _("{name} is on stage and must become a panelist, but has no email").format(name=person.display),
                severity,
            )


def _check_interpretation(c: _Checker, for_provisioning: bool) -> None:
    interp = c.s.interpretation
    if interp is None:
        return
    severity: Severity = "error" if for_provisioning else "warning"
    for i, pair in enumerate(interp.pairs):
        if len(pair) != 2:
            c.report(("interpretation", "pairs", i), _("a language pair has exactly two languages"))
        for k, lang in enumerate(pair):
            if canonical_language(lang) is None:
                c.report(("interpretation", "pairs", i, k), _language_message(lang))
    for i, member in enumerate(interp.interpreters):
        for k, lang in enumerate(member.languages):
            if canonical_language(lang) is None:
                c.report(("interpretation", "interpreters", i, "languages", k), _language_message(lang))
        if not member.email:
            c.report(
                ("interpretation", "interpreters", i, "email"),
                _("interpreter {name} has no email").format(name=member.name),
                severity,
            )
        if member.timezone and not _valid_zone(member.timezone):
            c.report(("interpretation", "interpreters", i, "timezone"),
                     _("unknown time zone {zone}").format(zone=_zone(member.timezone)))
    if len(interp.interpreters) > MAX_INTERPRETERS:
        c.report(
            ("interpretation", "interpreters"),
            _("{count} interpreters; Zoom allows at most {max}").format(count=len(interp.interpreters),
                                                                       max=MAX_INTERPRETERS),
        )
    if interp.blocks != "all":
        for k, idx in enumerate(interp.blocks):
            if not 0 <= idx < len(c.s.blocks):
                c.report(("interpretation", "blocks", k),
                         _("there is no block {index} (blocks are numbered from 0)").format(index=idx))
    _check_interpretation_teams(c, for_provisioning)


# AIIC Canada, two languages both ways from one booth: up to about 4 h -> 2 interpreters, up to 6 h -> 3,
# up to 8 h -> 4. A team of two working this many minutes or more in a day needs a third.
TEAM_NEEDS_BY_MINUTES = ((240, 3), (360, 4))


def _check_interpretation_teams(c: _Checker, for_provisioning: bool = False) -> None:
    """Each pair has a team of two or more who cover both languages, big enough for the day's load."""

    interp = c.s.interpretation
    assert interp is not None
    if interp.interpreters and not interp.pairs:
        c.report(("interpretation", "pairs"), _("list the language pairs, e.g. [[English, Korean]]"))
    for i, raw in enumerate(interp.pairs):
        pair = canonical_pair(raw)
        if pair is None:
            continue
        members = team(interp, pair)
        if len(members) < 2:
            found = f"{len(members)} ({', '.join(m.id for m in members)})" if members else _("none")
            # No team yet is a draft (an imported agenda names none): an error only for provisioning.
            c.report(
                ("interpretation", "pairs", i),
                _("{pair} needs at least two interpreters who work in both languages; found {found}").format(
                    pair=pair.label, found=found),
                "error" if members or for_provisioning else "warning",
            )
            continue
        _check_team_load(c, pair.label, len(members))
    pairs = valid_pairs(interp)
    for i, member in enumerate(interp.interpreters):
        langs = [canonical_language(lang) for lang in member.languages]
        if pairs and None not in langs and not any(p.covered_by(member) for p in pairs):
            c.report(
                ("interpretation", "interpreters", i, "languages"),
                _("{id} works in {languages}, which is not one of the pairs").format(
                    id=member.id, languages=_("{some} and {last}").format(some=langs[0], last=langs[1])),
                "warning",
            )


def _check_team_load(c: _Checker, label: str, size: int) -> None:
    minutes_by_day: dict[date, int] = {}
    for block in c.s.interpreted_blocks():
        span = int(elapsed(c.s.block_start(block), c.s.block_end(block)).total_seconds() // 60)
        day = c.s.block_date(block)
        minutes_by_day[day] = minutes_by_day.get(day, 0) + max(span, 0)
    for day, minutes in sorted(minutes_by_day.items()):
        needed = max([n for limit, n in TEAM_NEEDS_BY_MINUTES if minutes >= limit], default=2)
        if size < needed:
            c.report(
                ("interpretation", "interpreters"),
                _("{hours} h {minutes} min of {pair} interpreting on {day} calls for {needed} interpreters (a "
                  "two-way team of two covers up to about 4 hours); the team has {size}").format(
                    hours=minutes // 60, minutes=f"{minutes % 60:02d}", pair=label, day=day, needed=needed,
                    size=size),
                "warning",
            )


def _language_message(lang: str) -> str:
    return _("Zoom does not offer {language} for interpretation (it offers {codes})").format(
        language=repr(lang), codes=", ".join(ZOOM_LANGUAGE_CODES))


def _check_panelist_cap(c: _Checker, cap: int | None) -> None:
    if cap is None:
        cap = DEFAULT_PANELIST_CAP
    hosts = {h.casefold() for h in [c.s.event.host or "", *c.s.event.alternative_hosts] if h}
    panelists = {
        (p.email or p.id).casefold()
        for pid in c.s.programme_ids()
        if (p := c.s.person(pid)) is not None and (p.email or "").casefold() not in hosts
    }
    if c.s.interpretation:
        panelists |= {(t.email or t.id).casefold() for t in c.s.interpretation.interpreters}
    if len(panelists) > cap:
        c.report(("people",), _("{count} panelists exceed the cap of {cap} (config panelist_cap)").format(
            count=len(panelists), cap=cap))
