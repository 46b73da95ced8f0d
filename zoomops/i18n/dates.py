"""Dates and times as people of a locale write them, with Babel (CLDR data).

>>> format_instant(datetime(2022, 9, 6, 9, 0, tzinfo=ZoneInfo("Asia/Seoul")), "ko")
'2022년 9월 6일 (화) 오전 9:00'
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_datetime_format


def format_day(day: date, lang: str) -> str:
    """Weekday and date: "2022년 9월 6일 (화)", "Tue, Sep 6, 2022"."""
    return str(format_skeleton("yMMMEd", day, locale=lang))


def format_clock(instant: datetime, lang: str) -> str:
    """Time of day in the instant's own zone: "오전 9:00", "9:00 AM"."""
    return str(format_time(instant, "short", tzinfo=instant.tzinfo, locale=lang))


def format_instant(instant: datetime, lang: str) -> str:
    """Date and time in the instant's own zone: "2022년 9월 6일 (화) 오전 9:00", "Tue, Sep 6, 2022, 9:00 AM"."""
    pattern = str(get_datetime_format("medium", locale=lang))
    return pattern.replace("{1}", format_day(instant, lang)).replace("{0}", format_clock(instant, lang))


def format_long_day(day: date, lang: str) -> str:
    """The full date: "2022년 9월 6일 화요일", "Tuesday, September 6, 2022"."""
    return str(format_date(day, "full", locale=lang))


def format_hm(instant: datetime, lang: str) -> str:
    """24-hour time of day in the instant's own zone, as the locale writes it ("09:30"): rotas and run sheets."""
    return str(format_skeleton("Hm", instant, locale=lang))


def language_name(code: str, lang: str) -> str:
    """A language's name in `lang`: ("ko", "en") -> "Korean", ("en", "ko") -> "영어"; the code if CLDR lacks it."""
    return str(Locale.parse(lang).languages.get(code, code))


def format_span(start: datetime, end: datetime, lang: str) -> str:
    """Two times of one day: "오전 9:00–오전 9:30", "9:00 AM–9:30 AM"."""
    return f"{format_clock(start, lang)}–{format_clock(end, lang)}"
