"""Every template renders in both languages, and in Korean none of its English messages is left."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file

from tests.conftest import FORUM, ROOT
from zoomops.briefings.localised import BETWEEN_LANGUAGES, briefing_languages, render
from zoomops.briefings.slots import panelist_context
from zoomops.briefings.turns import interpreter_context
from zoomops.schedule.loader import load_schedule
from zoomops.show.rota import build_rota

TEMPLATES = ROOT / "zoomops" / "briefings" / "templates"


def _forum_contexts() -> dict[str, dict[str, Any]]:
    s = load_schedule(FORUM).schedule
    assert s.interpretation is not None
    rota = build_rota(s)
    member = s.interpretation.interpreters[1]
    person = s.person("kim-kwan-young")
    assert person is not None
    return {
        "interpreter.md.j2": interpreter_context(s, rota, member, rota.for_interpreter(member.id)),
        "panelist.md.j2": panelist_context(s, person, "https://zoom.example/w/1?tk=x"),
    }


def _english_words(template: Path) -> list[str]:
    """The literal English parts (3+ letters) of every message marked in the template."""
    words = []
    for _, msgid, _, _ in extract_from_file("jinja2", str(template), options={"extensions": "jinja2.ext.i18n"}):
        for text in [msgid] if isinstance(msgid, str) else msgid:
            parts = re.split(r"%\(\w+\)s|`[^`]*`|\*\*[^*]*\*\*|\bUTC\b|\bZoom\b", text)
            words += [p.strip(" .,;:()") for p in parts if re.search(r"[A-Za-z]{3}", p)]
    return words


def test_every_template_has_a_forum_context() -> None:
    pages = {p.name for p in TEMPLATES.glob("*.md.j2")}
    assert pages == set(_forum_contexts())


@pytest.mark.parametrize("name", sorted(_forum_contexts()))
def test_template_renders_in_both_languages(name: str) -> None:
    context = _forum_contexts()[name]
    english, korean = render(name, context, ["en"]), render(name, context, ["ko"])
    assert re.search(r"[\uac00-\ud7a3]", korean) and not re.search(r"[\uac00-\ud7a3]", english)
    words = _english_words(TEMPLATES / name)
    assert len(words) > 10
    left = [w for w in words if w in korean]
    assert left == [], f"English left in the Korean {name}"
    assert render(name, context, ["en", "ko"]) == english + BETWEEN_LANGUAGES + korean


def test_briefing_languages() -> None:
    s = load_schedule(FORUM).schedule
    assert briefing_languages(s, None) == ["en", "ko"]  # English–Korean interpretation: bilingual
    assert briefing_languages(s, "ko") == ["ko"]
    assert briefing_languages(s, "ja") == ["en", "ko"]  # no Japanese catalog: bilingual
    s.interpretation = None
    assert briefing_languages(s, None) == ["en"]
