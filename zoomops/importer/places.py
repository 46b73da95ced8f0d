"""Place names → IANA time zones, from the tz database's own tables (zone.tab cities, iso3166.tab countries)
plus a few cities and Korean names it lacks. Lookup is by words, so scanning a document stays linear."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from zoneinfo import available_timezones

# Places the tz tables do not name (a city without its own zone, a short country name, Korean names).
EXTRA = {
    "geneva": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "washington": "America/New_York",
    "boston": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "hanoi": "Asia/Bangkok",
    "incheon": "Asia/Seoul",
    "busan": "Asia/Seoul",
    "jeonju": "Asia/Seoul",
    "sejong": "Asia/Seoul",
    "korea": "Asia/Seoul",
    "korean": "Asia/Seoul",
    "republic of korea": "Asia/Seoul",
    "japanese": "Asia/Tokyo",
    "osaka": "Asia/Tokyo",
    "kyoto": "Asia/Tokyo",
    "the hague": "Europe/Amsterdam",
    "bonn": "Europe/Berlin",
    "uk": "Europe/London",
    "usa": "America/New_York",
    "united states of america": "America/New_York",
    "pacific time": "America/Los_Angeles",
    "eastern time": "America/New_York",
    "central european": "Europe/Paris",
    "서울": "Asia/Seoul",
    "한국": "Asia/Seoul",
    "대한민국": "Asia/Seoul",
    "부산": "Asia/Seoul",
    "도쿄": "Asia/Tokyo",
    "일본": "Asia/Tokyo",
    "베이징": "Asia/Shanghai",
    "중국": "Asia/Shanghai",
}
_WORD = re.compile(r"[A-Za-z'\u00c0-\u024f]+|[가-힣]+")


def _tzdata(name: str) -> list[list[str]]:
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return []
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def places() -> dict[str, tuple[str, ...]]:
    """{lower-case place name: zones}, countries with several zones listing them all (capital's first)."""
    table: dict[str, list[str]] = {}
    by_country: dict[str, list[str]] = {}
    for row in _tzdata("zone.tab"):
        if len(row) >= 3:
            by_country.setdefault(row[0], []).append(row[2])
    zones = sorted(available_timezones()) or [z for zs in by_country.values() for z in zs]
    for zone in zones:
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "Antarctica/", "Arctic/")):
            city = zone.rsplit("/", 1)[1].replace("_", " ").lower()
            table.setdefault(city, []).append(zone)
    for row in _tzdata("iso3166.tab"):
        if len(row) >= 2 and row[0] in by_country:
            name = row[1]
            for variant in (re.sub(r"\s*\(.*?\)", "", name), *re.findall(r"\((.*?)\)", name)):
                key = variant.strip().lower()
                if key and key not in ("south", "north", "uk", "us"):
                    table.setdefault(key, []).extend(z for z in by_country[row[0]] if z not in table.get(key, []))
    for key, zone in EXTRA.items():
        table[key] = [zone]
    return {k: tuple(v) for k, v in table.items()}


@cache
def _first_words() -> frozenset[str]:
    return frozenset(k.split(" ", 1)[0] for k in places())


@cache
def _korean_keys() -> tuple[str, ...]:
    return tuple(sorted((k for k in places() if "\uac00" <= k[0] <= "\ud7a3"), key=len, reverse=True))


def places_in(text: str) -> list[tuple[str, tuple[str, ...], int]]:
    """Places named in the text, in order: (name as written, zones, offset), longest names first at a position."""
    table = places()
    firsts = _first_words()
    words = list(_WORD.finditer(text))
    out: list[tuple[str, tuple[str, ...], int]] = []
    i = 0
    while i < len(words):
        if words[i].group(0).lower() not in firsts and not "가" <= words[i].group(0)[0] <= "힣":
            i += 1
            continue
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            key = " ".join(w.group(0).lower() for w in words[i : i + n])
            if key in table:
                out.append((text[words[i].start() : words[i + n - 1].end()], table[key], words[i].start()))
                i += n - 1
                break
        else:
            word = words[i].group(0)
            if "\uac00" <= word[0] <= "\ud7a3":  # 한국시간: a Korean place glued to the next word
                hit = next((k for k in _korean_keys() if word.startswith(k)), None)
                if hit is not None:
                    out.append((hit, table[hit], words[i].start()))
        i += 1
    return out
