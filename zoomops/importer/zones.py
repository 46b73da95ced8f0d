"""Time-zone statements in text and what they mean: `UTC`, `GMT+9`, `UTC+05:30`, `KST`, `Asia/Seoul`,
`Seoul time`, `Korea Time (GMT+9)`, `한국시간`. An offset is read together with a place in the same line or,
failing that, the venue named elsewhere in the document (`UTC+9` for a venue in Palau is Pacific/Palau)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from zoomops.importer.places import places_in
from zoomops.importer.text import plain_dashes

IANA = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_]+(?:/[A-Za-z_]+)?\b")
OFFSET = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?:(?::|\.)?(?P<m>\d{2}))?(?!\d)", re.IGNORECASE)
UTC_WORD = re.compile(r"(?<![\w/])(?:UTC|GMT|Z|Zulu|Coordinated Universal Time)(?![\w+-]|\s*[+-]\s*\d)")
# Abbreviations that name one zone without doubt; the rest (CST, IST, BST...) are ambiguous and ignored.
ABBREVIATIONS = {
    "KST": "Asia/Seoul",
    "JST": "Asia/Tokyo",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "ICT": "Asia/Bangkok",
    "WIB": "Asia/Jakarta",
    "PHT": "Asia/Manila",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "WET": "Europe/Lisbon",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "ET": "America/New_York",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "EAT": "Africa/Nairobi",
    "MSK": "Europe/Moscow",
}
ABBR = re.compile(r"(?<![\w.])(" + "|".join(ABBREVIATIONS) + r")(?![\w])")
_TIME_WORD = re.compile(r"\btime\b|\btimes\b|시간|기준|\bhora\b|\bheure\b", re.IGNORECASE)
SIDE_NOTE = re.compile(
    r"equivalent|correspond|convert|conversion|which is|i\.e\.|your (?:local )?time|local time for|"
    r"participants (?:in|from)|for those (?:in|joining)|in \w+ this is|=|환산|참고",
    re.IGNORECASE,
)


@dataclass
class ZoneReading:
    """A zone read from one line: the zone, the words that decided it, and warnings about it."""

    zone: str
    words: str
    col: int
    warnings: list[tuple[int, str]] = field(default_factory=list)
    error: str | None = None


def utc_offset(zone: str, on: date) -> int:
    """The zone's UTC offset in minutes at noon on the day."""
    off = datetime(on.year, on.month, on.day, 12, tzinfo=ZoneInfo(zone)).utcoffset()
    return int(off.total_seconds() // 60) if off is not None else 0


def valid_zone(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _offset(m: re.Match[str]) -> int:
    sign = -1 if m.group("sign") == "-" else 1
    return sign * (int(m.group("h")) * 60 + int(m.group("m") or 0))


def mentions_zone(text: str) -> bool:
    """Whether the text states a time zone at all (cheap test for every line)."""
    t = plain_dashes(text)
    if IANA.search(t) or OFFSET.search(t) or ABBR.search(t) or UTC_WORD.search(t):
        return True
    return bool(_TIME_WORD.search(t)) and bool(places_in(t))


def _matching(zones: tuple[str, ...], minutes: int, on: date) -> str | None:
    return next((z for z in zones if valid_zone(z) and utc_offset(z, on) == minutes), None)


def read_zone(text: str, on: date, venue: list[tuple[str, tuple[str, ...], int]]) -> ZoneReading | None:
    """The zone a line states, or None. `venue` is the places named anywhere in the document."""
    t = plain_dashes(text)
    m = IANA.search(t)
    if m is not None:
        if valid_zone(m.group(0)):
            return ZoneReading(m.group(0), m.group(0), m.start() + 1)
        return ZoneReading("", m.group(0), m.start() + 1, error=f"unknown time zone {m.group(0)!r}")
    off = OFFSET.search(t)
    abbr = ABBR.search(t)
    here = places_in(t)
    if off is None:
        if abbr is not None:
            zone = ABBREVIATIONS[abbr.group(1)]
            for name, zones, _ in here:  # "CET (Brussels)": the place's own zone when it keeps that time that day
                match = _matching(zones, utc_offset(zone, on), on)
                if match is not None:
                    return ZoneReading(match, f"{name}, {abbr.group(1)}", abbr.start() + 1)
            return ZoneReading(zone, abbr.group(1), abbr.start() + 1)
        utc = UTC_WORD.search(t)
        if utc is not None:
            for name, zones, _ in here:  # "GMT (Accra)": the place's own zone when it is on UTC that day
                match = _matching(zones, 0, on)
                if match is not None:
                    return ZoneReading(match, f"{name}, {utc.group(0)}", utc.start() + 1)
            return ZoneReading("UTC", utc.group(0), utc.start() + 1)
        if here and _TIME_WORD.search(t):
            name, zones, pos = here[0]
            reading = ZoneReading(zones[0], f"{name} time", pos + 1)
            if len(zones) > 1:
                reading.warnings.append((pos + 1, f"{name} has several time zones; used {zones[0]}"))
            return reading
        return None
    minutes, words, col = _offset(off), off.group(0), off.start() + 1
    if abbr is not None and utc_offset(ABBREVIATIONS[abbr.group(1)], on) == minutes:
        return ZoneReading(ABBREVIATIONS[abbr.group(1)], f"{abbr.group(1)}, {words}", col)
    for name, zones, _ in here:
        match = _matching(zones, minutes, on)
        if match is not None:
            return ZoneReading(match, f"{name}, {words}", col)
    for name, zones, _ in venue:
        match = _matching(zones, minutes, on)
        if match is not None:
            return ZoneReading(match, f"{words} with the venue {name} named in the document", col)
    if minutes == 0:
        return ZoneReading("UTC", words, col)
    if minutes % 60:
        return ZoneReading(
            "",
            words,
            col,
            error=f"{words} names no IANA zone and no place is given: pass --timezone (e.g. Asia/Kolkata)",
        )
    zone = "Etc/GMT" + f"{-minutes // 60:+d}"
    reading = ZoneReading(zone, words, col)
    reading.warnings.append(
        (
            col,
            f"{words} does not say which place; used the fixed zone {zone} (no daylight saving): set event.timezone "
            "to the city's zone, e.g. Asia/Seoul",
        )
    )
    return reading


def is_side_note(text: str) -> bool:
    """`KST equivalent: 17:00`, `i.e. 9:00 in Seoul`: a conversion for readers, not the zone of the rows."""
    return bool(SIDE_NOTE.search(text))
