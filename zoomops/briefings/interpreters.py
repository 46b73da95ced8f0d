"""Per-interpreter briefings, for `export` and `send` alike: the interpreter template in the person's preferred
language (bilingual when they have none), and a calendar with the practice session and one entry per turn,
its summaries and descriptions in the same language(s)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from zoomops.briefings.briefing import Briefing
from zoomops.briefings.calendar import CalendarEntry, build_calendar, event_name, practice_session_at
from zoomops.briefings.localised import briefing_languages, in_languages, person_name, render
from zoomops.briefings.turns import BlockLines, SpeechLine, TurnLines, interpreter_context
from zoomops.i18n.dates import format_clock, format_hm, format_instant, language_name
from zoomops.i18n.translate import _, current_language
from zoomops.show.model import InterpreterEntry, Schedule
from zoomops.show.rota import Rota

PRODUCT = "interpretation briefing"


def interpreter_briefings(schedule: Schedule, rota: Rota, join_links: dict[str, str]) -> list[Briefing]:
    """Every interpreter's briefing, with their join link (Zoom makes interpreters panelists); join links keyed
    by lower-case email."""
    if schedule.interpretation is None:
        return []
    return [interpreter_briefing(schedule, rota, m, join_links.get((m.email or "").casefold()))
            for m in schedule.interpretation.interpreters]


def interpreter_briefing(schedule: Schedule, rota: Rota, member: InterpreterEntry, join_url: str | None) -> Briefing:
    languages = briefing_languages(schedule, member.preferred_language)
    context = interpreter_context(schedule, rota, member, rota.for_interpreter(member.id), join_url)
    markdown = render("interpreter.md.j2", context, languages)

    def calendar(stamp: datetime, sequence: int) -> bytes:
        return build_calendar(schedule, member.id, calendar_entries(schedule, context, languages), stamp=stamp,
                              product=PRODUCT, sequence=sequence,
                              title=in_languages(languages, lambda: _("interpretation briefing")))

    return Briefing("interpreter", schedule.event.id, event_name(schedule), member.id, member.name, member.email,
                    languages, markdown, calendar)


def calendar_entries(schedule: Schedule, context: dict[str, Any], languages: list[str]) -> list[CalendarEntry]:
    """The practice session, then one entry per turn (a 10-minute alarm), in `languages`."""
    join_url = context["join_url"]
    practice = practice_session_at(schedule)
    entries = [CalendarEntry("practice", in_languages(languages, lambda: _("Tech check (practice session)")),
                             practice, schedule.starts_at(),
                             _about(schedule, join_url, languages, partial(_when, schedule, practice)), join_url)]
    entries += [
        CalendarEntry(turn.key, in_languages(languages, partial(_summary, context, turn)), turn.start, turn.end,
                      _about(schedule, join_url, languages, partial(_turn, schedule, turn)), join_url,
                      alarm_minutes=10)
        for turn in context["turns"]
    ]
    return entries


def _summary(context: dict[str, Any], turn: TurnLines) -> str:
    lang = current_language()
    channel = " ↔ ".join(language_name(code, lang) for code in context["channel"])
    return _("Interpreting {channel}, turn {number} ({boothmate} next)").format(
        channel=channel, number=turn.number, boothmate=turn.boothmate)


def _about(schedule: Schedule, join_url: str | None, languages: list[str], lines: Callable[[], list[str]]) -> str:
    """The event, then in each language: `lines`, and how to join."""

    def text() -> str:
        join = [_("Join with the Zoom desktop client, signed in with your assigned email.")]
        if join_url:
            join.append(_("Join: {url}").format(url=join_url))
        return "\n".join([*lines(), *join])

    return f"{schedule.event.title}\n\n" + in_languages(languages, text, sep="\n\n")


def _when(schedule: Schedule, start: datetime) -> list[str]:
    return [f"{format_instant(start.astimezone(schedule.tz), current_language())} ({schedule.event.timezone})"]


def _turn(schedule: Schedule, turn: TurnLines) -> list[str]:
    """When, who is in the booth with you, what comes after, and who speaks in which language."""
    lang = current_language()
    lines = [f"{format_instant(turn.start, lang)}–{format_clock(turn.end, lang)} ({schedule.event.timezone})",
             f"{_('Boothmate: %(mate)s.') % {'mate': turn.boothmate}} {_after(turn)}"]
    for block in turn.blocks:
        lines.append(block.title + _moderator(block))
        lines += [_speech(s) for s in block.speeches]
    return lines


def _after(turn: TurnLines) -> str:
    if turn.after == "end" or turn.next_start is None:
        return _("After your turn: end of interpreting.")
    at = format_hm(turn.next_start, current_language())
    if turn.after == "handover":
        return _("After your turn: %(who)s takes over at %(at)s.") % {"who": turn.next_name, "at": at}
    return _("After your turn: break; %(who)s resumes at %(at)s.") % {"who": turn.next_name, "at": at}


def _moderator(block: BlockLines) -> str:
    """ " (moderator: Ms. Mi Kyoung Park, Korean)", or nothing."""
    if not block.moderator:
        return ""
    lang = current_language()
    name = person_name(block.moderator, block.moderator_local, lang)
    language = f", {language_name(block.moderator_language, lang)}" if block.moderator_language else ""
    return f" ({_('moderator: %(name)s') % {'name': name}}{language})"


def _speech(s: SpeechLine) -> str:
    lang = current_language()
    who = person_name(s.speaker, s.speaker_local, lang) + (f" ({_('moderator')})" if s.moderating else "")
    language = language_name(s.language, lang) if s.language else _("language not given")
    return f"- {format_hm(s.start, lang)} {s.title} — {who}: {language}" + (f", {s.direction}" if s.direction else "")
