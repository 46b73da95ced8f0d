"""The event around the agenda: its title, its id, and interpretation languages named in the text."""

from __future__ import annotations

import re
from collections.abc import Callable

from zoomops.importer.document import Document, Text
from zoomops.importer.text import short, slug
from zoomops.importer.times import find_range
from zoomops.show.languages import canonical_language

Warn = Callable[[int, int, str, str], None]
_EVENT_WORDS = re.compile(
    r"\b(?:forum|conference|workshop|webinar|meeting|summit|symposium|seminar|dialogue|session|roundtable|"
    r"round table|congress|assembly|colloquium|training|event|consultation|launch|expo|hackathon|clinic|retreat|"
    r"hearing|festival|course|bootcamp|school|meetup|gathering|exchange|briefing|dialog|week|day|days)\b|"
    r"포럼|회의|세미나|워크숍|심포지엄|컨퍼런스|학술대회|토론회|설명회",
    re.IGNORECASE,
)
_NOT_TITLE = re.compile(r"^(?:concept note|agenda|draft agenda|programme|program|background|table of contents)$", re.I)
INTERPRETATION = re.compile(r"interpretation|interpreting|interpreters?|통역", re.IGNORECASE)
_PAIR = re.compile(
    r"\b([A-Z][a-z]+)\s*(?:-|–|/|<>|<->|↔|\band\b|\bto\b|\binto\b|&)\s*([A-Z][a-z]+)\b"
    r"|(영어|한국어|국어|중국어|일본어|불어|프랑스어|독일어|스페인어|러시아어|포르투갈어)\s*[-/↔·,와과]?\s*"
    r"(영어|한국어|국어|중국어|일본어|불어|프랑스어|독일어|스페인어|러시아어|포르투갈어)|(한영|영한)"
)
_KOREAN_LANGUAGES = {
    "영어": "English",
    "한국어": "Korean",
    "국어": "Korean",
    "중국어": "Chinese",
    "일본어": "Japanese",
    "불어": "French",
    "프랑스어": "French",
    "독일어": "German",
    "스페인어": "Spanish",
    "러시아어": "Russian",
    "포르투갈어": "Portuguese",
}


def find_title(doc: Document, before_line: int, warn: Warn) -> str:
    """The first heading before the agenda (not `Agenda`/`Concept note`), else a line naming an event."""
    texts = [n for n in doc.nodes if isinstance(n, Text) and n.line < before_line]
    headings = sorted((n for n in texts if n.kind == "heading" and not _NOT_TITLE.match(n.text)), key=lambda n: n.level)
    if headings and headings[0].level <= 2:
        return headings[0].text
    for n in texts:
        if (
            _EVENT_WORDS.search(n.text)
            and not find_range(n.text)
            and len(n.text) <= 400
            and not _NOT_TITLE.match(n.text)
        ):
            return n.text
    if headings:
        return headings[0].text
    for n in texts:
        warn(n.line, 1, "event.title", f"no title found; used the first line: {short(n.text)}")
        return n.text
    warn(0, 0, "event.title", "no title found before the agenda; wrote 'Untitled event'")
    return "Untitled event"


def make_event_id(title: str, given: str | None, warn: Warn) -> str:
    """The given id (made valid), else the title's slug cut at 64 characters on a word."""
    if given:
        sid = slug(given)
        if sid != given:
            warn(0, 0, "event.id", f"{given!r} is not a valid id; used {sid!r}")
        return sid or "event"
    sid = slug(title)
    if len(sid) > 64:
        sid = sid[:64].rsplit("-", 1)[0]
    return sid or "event"


def find_interpretation(doc: Document, warn: Warn) -> dict[str, list[list[str]]] | None:
    """Language pairs of a line that mentions interpretation; a warning that the team is still to be named."""
    pairs: list[list[str]] = []
    first = 0
    for line, text in doc.texts():
        if not INTERPRETATION.search(text):
            continue
        for m in _PAIR.finditer(text):
            if m.group(5):
                names = ("English", "Korean")
            elif m.group(3):
                names = (_KOREAN_LANGUAGES[m.group(3)], _KOREAN_LANGUAGES[m.group(4)])
            else:
                names = (m.group(1), m.group(2))
            a, b = canonical_language(names[0]), canonical_language(names[1])
            if a is None and b is None:
                continue
            first = first or line
            if a is None or b is None:
                bad = names[0] if a is None else names[1]
                warn(line, m.start() + 1, "interpretation.pairs", f"Zoom does not offer {bad!r} for interpretation")
                continue
            if a != b and [a, b] not in pairs and [b, a] not in pairs:
                pairs.append([a, b])
    if not pairs:
        return None
    warn(
        first,
        1,
        "interpretation.interpreters",
        f"{' and '.join('-'.join(p) for p in pairs)} interpretation: the document names no interpreters; "
        "add the team (id, name, email, languages) before provisioning",
    )
    return {"pairs": pairs}
