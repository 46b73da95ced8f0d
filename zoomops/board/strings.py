"""What the board's page needs to speak its viewer's language: the words its script writes (translated from
the gettext catalog), the catalog's messages (to localise cue messages, which arrive as template + fields),
the names of the event's languages, and links to the page in every language.

A viewer picks the language with `?lang=ko` (or the links in the page's header); without one the page is
in the runner's language (`ZOOMOPS_LANG`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from zoomops.i18n.catalog import UnknownLanguage, available_languages, messages, normalise_language
from zoomops.i18n.dates import language_name
from zoomops.i18n.translate import N_, current_language, localise
from zoomops.show.model import Schedule

# What board.js writes; `{field}`s are filled in the page. Marked here so `pybabel extract` finds them.
SCRIPT_WORDS = (
    N_("Programme over"),
    N_("Run ended"),
    N_("Starting soon"),
    N_("Starts {time}"),
    N_("Back at {time}"),
    N_("Ends {time}"),
    N_("Moderator {name}"),
    N_("{time} (planned {planned})"),
    N_("Nothing left"),
    N_("No interpretation"),
    N_("{name} on"),
    N_("Nobody on"),
    N_("until {time}"),
    N_("Handover to {name} at {time} (in {minutes} min)"),
    N_("Next: {name} at {time} (in {minutes} min)"),
    N_("Speaking now: {name}"),
    N_("Speaking next at {time}: {name}"),
    N_("language not given"),
    N_("No cue yet"),
    N_("No Zoom action yet"),
    N_("{seconds} s late"),
    N_("Next cue {time} · {cue}: {message}"),
    N_("No cue left"),
    N_("live"),
    N_("reconnecting…"),
    N_("on time"),
    N_("+{minutes} min behind"),
    N_("{minutes} min ahead"),
    N_("Refused ({status}): {error}"),
    N_("Delayed {minutes} min"),
    N_("Started {label} now"),
    N_("Skipped: {message}"),
    N_("No answer from the runner: {error}"),
    N_("Tech host"),
    N_("Board"),
    N_("Stage timer"),
    N_("Interpreters"),
    N_("Moderators"),
    N_("now"),
    N_("in {minutes} min"),
    N_("Speaker {n} of {of}: {name}'s time"),
    N_("then {name}"),
    N_("Share ends {time}"),
    N_("No session on"),
    N_("speaks {language}"),
    N_("Nothing in the next 30 minutes"),
    N_("{fired} of {cues} cues fired, {missed} missed, {skipped} skipped."),
    N_("ended"),
)


def page_language(requested: str | None) -> str:
    """`?lang=` when zoomops writes it, else the runner's language."""
    if requested:
        try:
            return normalise_language(requested)
        except UnknownLanguage:
            pass
    return current_language()


def page_strings(schedule: Schedule, lang: str) -> dict[str, Any]:
    """The JSON the page embeds: `words` (its script's), `messages` (the catalog's), `languages` (names)."""
    spoken = {code for p in schedule.people for code in p.languages} | set(available_languages())
    return {
        "lang": lang,
        "words": {str(w): localise(w, lang) for w in SCRIPT_WORDS},
        "messages": messages(lang),
        "languages": {code: language_name(code, lang) for code in sorted(spoken)},
    }


def language_links(query: Mapping[str, str], path: str = "board") -> list[dict[str, str]]:
    """The page in each language, keeping its token (`token` or `view`): each language named in itself."""
    keep = {k: v for k, v in query.items() if k in ("token", "view")}
    return [
        {"lang": code, "name": language_name(code, code), "href": f"{path}?{urlencode({**keep, 'lang': code})}"}
        for code in available_languages()
    ]
