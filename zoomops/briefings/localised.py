"""Briefings in their reader's language: the one they prefer, else every language of the event (bilingual).

Templates live in `briefings/templates/` and are rendered by the i18n Jinja2 environment; a bilingual
briefing is the whole briefing in each language, English first, separated by a rule.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader

from zoomops.i18n.catalog import SOURCE_LANGUAGE, available_languages
from zoomops.i18n.templates import environment
from zoomops.show.languages import iso_code
from zoomops.show.model import Schedule
from zoomops.show.pairs import valid_pairs

BETWEEN_LANGUAGES = "\n---\n\n"


@functools.cache
def _environment(lang: str) -> Environment:
    return environment(PackageLoader("zoomops.briefings", "templates"), lang)


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


def render_text(template: str, context: dict[str, Any], lang: str) -> str:
    """A short text (a calendar summary) in one language, without its trailing newline."""
    return _environment(lang).get_template(template).render(**context).strip()
