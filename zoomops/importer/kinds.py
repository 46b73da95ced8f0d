"""Block and item kinds from what a title means, in English and Korean, with the word that decided."""

from __future__ import annotations

import re

_BREAK = re.compile(
    r"\b(?:break|breakfast|brunch|supper|lunch(?:eon)?|coffee|tea|recess|intermission|networking|refreshments?|dinner|reception|"
    r"registration|arrival|pause|d[ée]jeuner|almuerzo|receso|descanso|mittagspause|kaffeepause)\b|"
    r"휴식|점심|오찬|중식|만찬|커피|다과|네트워킹|등록",
    re.I,
)
_OPENING = re.compile(
    r"\b(?:opening|welcome|welcoming|inaugura\w*|ouverture|apertura|er[öo]ffnung)\b|개회|개막|환영", re.I
)
_CLOSING = re.compile(
    r"\b(?:closing|wrap[- ]?up|concluding|conclusions?|adjourn\w*|farewell|close|cl[ôo]ture|clausura|abschluss)\b|"
    r"폐회|폐막|마무리",
    re.I,
)

_ITEMS: list[tuple[str, re.Pattern[str]]] = [
    ("keynote", re.compile(r"\bkeynote\b|기조", re.I)),
    ("qa", re.compile(r"\bq\s*&\s*a\b|\bq\s+and\s+a\b|\bquestions\b|\bopen floor\b|질의|질문", re.I)),
    ("group_photo", re.compile(r"\bphoto\w*|사진|촬영", re.I)),
    (
        "remarks",
        re.compile(
            r"\bremarks?\b|\bwelcom\w*|\baddress\b|\bstatement\b|\bgreetings?\b|개회사|환영사|축사|폐회사|인사", re.I
        ),
    ),
    (
        "discussion",
        re.compile(
            r"\bdiscussion\b|\bpanel\b|\bdialogue\b|\bdebate\b|\bround\s?table\b|\bconversation\b|토론|패널|대담", re.I
        ),
    ),
    (
        "presentation",
        re.compile(r"\bpresentation\b|\btalk\b|\blecture\b|\bcase stud|\bspeech\b|\bbriefing\b|발표|강연|주제", re.I),
    ),
]


def block_kind(title: str) -> tuple[str, str]:
    """(kind, the word that decided) for a block title: break, opening, closing or session."""
    m = _BREAK.search(title)
    if m is not None and len(title.split()) <= 5 and not re.search(r"\bsession\b|세션", title, re.I):
        return "break", m.group(0)
    m = _OPENING.search(title)
    if m is not None:
        return "opening", m.group(0)
    m = _CLOSING.search(title)
    if m is not None:
        return "closing", m.group(0)
    return "session", ""


def item_kind(title: str, block: str | None) -> str:
    """The item kind for a title; an untyped item in an opening or closing is remarks."""
    for kind, rx in _ITEMS:
        if rx.search(title):
            return kind
    return "remarks" if block in ("opening", "closing") else "other"
