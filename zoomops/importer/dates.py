"""Dates as organizers write them: `6 September 2022`, `Tuesday, September 6, 2022`, `6-7 Sept 2022`,
`2022-09-06`, `2022년 9월 6일 (화)`, `2022.9.6`, and day headings such as `Day 2 — 7 November 2023`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from zoomops.importer.text import plain_dashes

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?,?"
_ORD = r"(?:st|nd|rd|th)?"
_DMY = re.compile(
    rf"(?<!\d)(?<!\bday\s)(?<!\bday)(?P<d1>\d{{1,2}}){_ORD}(?:\s*(?:-|to|and|&)\s*(?P<d2>\d{{1,2}}){_ORD})?\s+(?:of\s+)?{_MONTH}"
    rf"(?:\s*,?\s*(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
_MDY = re.compile(
    rf"{_MONTH}\s+(?P<d1>\d{{1,2}}){_ORD}(?:\s*(?:-|to|and|&)\s*(?P<d2>\d{{1,2}}){_ORD})?(?!\d)"
    rf"(?:\s*,?\s*(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?<![\d.])(?P<year>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d1>\d{1,2})(?![\d])")
_KOREAN = re.compile(
    r"(?:(?P<year>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월\s*(?P<d1>\d{1,2})\s*일(?:\s*\([월화수목금토일]\))?"
)
_ORDINALS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_DAY_NAMED = re.compile(r"^(?:day\s+(one|two|three|four|five)|(first|second|third|fourth|fifth)\s+day)\b", re.I)
_DAY_WORD = re.compile(
    r"^(?:day|jour|día|tag)\s*(?P<n>\d{1,2})\b|^(?P<ko>\d{1,2})\s*일차|^제\s*(?P<ko2>\d{1,2})\s*일", re.I
)


_DIGIT = re.compile(r"\d")
MAX_DATE_LINE = 160  # a day heading is short; longer text is prose


def _make(year: int, month: int, d1: int, d2: int | None) -> list[date]:
    try:
        first = date(year, month, d1)
        if d2 is None or d2 <= d1 or d2 - d1 > 14:
            return [first]
        return [first + timedelta(days=k) for k in range(d2 - d1 + 1)]
    except ValueError:
        return []


def find_dates(text: str, default_year: int | None = None) -> tuple[list[date], list[tuple[int, int]]]:
    """Every date in the text (ranges expanded) and the spans they occupy; a date without a year takes
    default_year, or is skipped when there is none."""
    if not _DIGIT.search(text):
        return [], []
    t = plain_dashes(text)
    found: list[tuple[int, date]] = []
    spans: list[tuple[int, int]] = []
    for rx in (_KOREAN, _ISO, _DMY, _MDY):
        for m in rx.finditer(t):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            gd = m.groupdict()
            year = int(gd["year"]) if gd.get("year") else default_year
            if year is None:
                continue
            month = int(gd["m"]) if gd.get("m") else MONTHS[gd["month"].lower().rstrip(".")]
            d2 = int(gd["d2"]) if gd.get("d2") else None
            days = _make(year, month, int(gd["d1"]), d2)
            if days:
                spans.append((m.start(), m.end()))
                found.extend((m.start(), d) for d in days)
    found.sort(key=lambda x: x[0])
    return list(dict.fromkeys(d for _, d in found)), spans


def day_number(text: str) -> int | None:
    """`Day 2`, `2일차`, `제2일` at the start of a heading: the day's number."""
    t = text.strip().lstrip("#").strip()
    named = _DAY_NAMED.match(t)
    if named is not None:
        return _ORDINALS[(named.group(1) or named.group(2)).lower()]
    m = _DAY_WORD.match(t)
    if m is None:
        return None
    return int(m.group("n") or m.group("ko") or m.group("ko2"))


def is_date_line(text: str, default_year: int | None = None) -> list[date] | None:
    """The dates of a line that is mostly a date (a day heading), else None.

    `Day 1 — 7 November 2023`, `Tuesday, 6 September 2022 (UTC)`, `2022년 9월 6일 (화)`: the words left once the
    date, weekday, day number, times and zone are taken out must be few."""
    if len(text) > MAX_DATE_LINE:
        return None
    dates, spans = find_dates(text, default_year)
    if not dates:
        return None
    rest = plain_dashes(text)
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    rest = re.sub(rf"\b{WEEKDAY}", " ", rest, flags=re.I)
    rest = re.sub(
        r"\b(?:day|date|dates|on|and|the|of|time|times|local|programme|program|agenda|schedule)\b",
        " ",
        rest,
        flags=re.I,
    )
    rest = re.sub(r"\d{1,2}[:.]\d{2}|\b\d{1,2}\b|[월화수목금토일]요일|일차|\(\s*[월화수목금토일]\s*\)", " ", rest)
    rest = re.sub(r"[\W_]+", " ", rest).strip()
    return dates if len(rest.split()) <= 4 else None
