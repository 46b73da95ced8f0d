"""Briefings in their reader's language: the one they prefer, else every language of the event (bilingual).

Templates live in `briefings/templates/` and are rendered by the i18n Jinja2 environment; a bilingual
briefing is the whole briefing in each language, English first, separated by a rule.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader

from zoomops.i18n.catalog import SOURCE_LANGUAGE, available_languages
from zoomops.i18n.templates import environment
from zoomops.i18n.translate import use_language
from zoomops.show.languages import iso_code
from zoomops.show.model import Schedule
from zoomops.show.pairs import valid_pairs

BETWEEN_LANGUAGES = "\n---\n\n"
ALSO = " / "  # between the languages of a short text (a subject line, a calendar summary)


@functools.cache
def _environment(lang: str) -> Environment:
    env = environment(PackageLoader("zoomops.briefings", "templates"), lang)
    env.globals["person"] = lambda name, local: person_name(name, local, lang)
    return env


def person_name(name: str, local: str | None, lang: str) -> str:
    """How a person is named in `lang`: in Korean, the Hangul name first when the schedule gives one."""
    return f"{local} ({name})" if local and lang == "ko" else name


def event_languages(schedule: Schedule) -> list[str]:
    """The languages of the event that zoomops writes: English, then the interpreted pairs' languages."""
    pairs = valid_pairs(schedule.interpretation) if schedule.interpretation else []
    codes = [SOURCE_LANGUAGE, *(iso_code(lang) or "" for p in pairs for lang in p.languages)]
    return [c for c in dict.fromkeys(codes) if c in available_languages()]


def briefing_languages(schedule: Schedule, preferred: str | None) -> list[str]:
    """[preferred] when zoomops writes it, else the event's languages (a bilingual briefing)."""
    if preferred and preferred in available_languages():
        return [preferred]
    return event_languages(schedule)


def render(template: str, context: dict[str, Any], languages: list[str]) -> str:
    """The template rendered in each language, joined by a rule."""
    parts = [_environment(lang).get_template(template).render(**context).rstrip() + "\n" for lang in languages]
    return BETWEEN_LANGUAGES.join(parts)


def in_languages(languages: list[str], text: Callable[[], str], sep: str = ALSO) -> str:
    """`text()` called once per language (its gettext messages in that language), joined by `sep`; a text that reads
    the same in two languages (a name) is said once."""
    parts = []
    for lang in languages:
        with use_language(lang):
            parts.append(text())
    return sep.join(dict.fromkeys(parts))
