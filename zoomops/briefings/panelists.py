"""Per-panelist briefings, for `export` and `send` alike: the panelist template in the person's preferred
language (bilingual when they have none), and a calendar with the practice session and each of their slots,
its summaries and descriptions in the same language(s)."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from zoomops.briefings.briefing import Briefing
from zoomops.briefings.calendar import CalendarEntry, build_calendar, event_name
from zoomops.briefings.localised import briefing_languages, in_languages, render
from zoomops.briefings.slots import Slot, own_zone, panelist_context, panelist_slots, tech_check_at
from zoomops.i18n.dates import format_clock, format_instant
from zoomops.i18n.translate import _, current_language
from zoomops.show.model import Person, Schedule

PRODUCT = "panelist briefing"


def panelist_briefings(schedule: Schedule, join_links: dict[str, str]) -> list[Briefing]:
    """Everyone on stage's briefing; join links keyed by lower-case email."""
    out = []
    for pid in schedule.programme_ids():
        person = schedule.person(pid)
        if person is not None:
            out.append(panelist_briefing(schedule, person, join_links.get((person.email or "").casefold())))
    return out


def panelist_briefing(schedule: Schedule, person: Person, join_url: str | None) -> Briefing:
    languages = briefing_languages(schedule, person.preferred_language)
    markdown = render("panelist.md.j2", panelist_context(schedule, person, join_url), languages)

    def calendar(stamp: datetime, sequence: int) -> bytes:
        return build_calendar(schedule, person.id, calendar_entries(schedule, person, join_url, languages),
                              stamp=stamp, product=PRODUCT, sequence=sequence,
                              title=in_languages(languages, lambda: _("panelist briefing")))

    return Briefing("panelist", schedule.event.id, event_name(schedule), person.id, person.display, person.email,
                    languages, markdown, calendar)


def calendar_entries(schedule: Schedule, person: Person, join_url: str | None,
                     languages: list[str]) -> list[CalendarEntry]:
    """The practice session and every slot of this panelist, in `languages`."""
    practice, first = tech_check_at(schedule), schedule.starts_at()
    entries = [CalendarEntry("practice", in_languages(languages, lambda: _("Tech check (practice session)")),
                             practice, first, _description(schedule, person, join_url, languages, practice, first),
                             join_url)]
    entries += [
        CalendarEntry(s.key, in_languages(languages, partial(_summary, s)), s.start, s.end,
                      _description(schedule, person, join_url, languages, s.start, s.end), join_url)
        for s in panelist_slots(schedule, person.id)
    ]
    return entries


def _summary(slot: Slot) -> str:
    if slot.role == "moderator":
        return _("Moderating: {block}").format(block=slot.block_title)
    return _("Speaking: {title} — {block}").format(title=slot.title, block=slot.block_title)


def _description(schedule: Schedule, person: Person, join_url: str | None, languages: list[str],
                 start: datetime, end: datetime) -> str:
    """The event, then in each language: when (the event's zone, and the person's own), how to join."""
    own = own_zone(schedule, person)

    def text() -> str:
        lang = current_language()
        zone = schedule.tz
        lines = [f"{format_instant(start.astimezone(zone), lang)}–{format_clock(end.astimezone(zone), lang)}"
                 f" ({zone.key})"]
        if own is not None:
            span = f"{format_instant(start.astimezone(own), lang)}–{format_clock(end.astimezone(own), lang)}"
            lines.append(_("your time: %(time)s") % {"time": f"{span} ({own.key})"})
        lines.append(_("Join with your personal panelist link: {link}").format(link=join_url) if join_url
                     else _("Your personal panelist link will follow (after `zoomops apply`)."))
        return "\n".join(lines)

    return f"{schedule.event.title}\n\n" + in_languages(languages, text, sep="\n\n")
