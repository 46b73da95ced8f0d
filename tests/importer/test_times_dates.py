"""times.py and dates.py: clock ranges, durations and dates as organizers write them."""

from __future__ import annotations

from datetime import date

import pytest

from zoomops.importer.dates import day_number, find_dates, is_date_line
from zoomops.importer.times import BadClock, duration, find_range, leading_time


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("09:00-09:30", "09:00", "09:30"),
        ("9:00 – 9:30 Opening", "09:00", "09:30"),
        ("09h00-09h30", "09:00", "09:30"),
        ("9.00am–9.30am", "09:00", "09:30"),
        ("9am to 10am", "09:00", "10:00"),
        ("0900-0930 hrs", "09:00", "09:30"),
        ("09:00~09:30", "09:00", "09:30"),
        ("11:30-1:00 pm", "11:30", "13:00"),
        ("12.30–1.30pm Lunch", "12:30", "13:30"),
        ("1-1:30pm Closing", "13:00", "13:30"),
        ("2 - 3 pm", "14:00", "15:00"),
        ("오전 9:00 ~ 오전 10:00", "09:00", "10:00"),
        ("14시~15시 30분", "14:00", "15:30"),
        ("Session (10:00 until 11:00)", "10:00", "11:00"),
        ("9h – 10h30 Ouverture", "09:00", "10:30"),
        ("14h00-15h00", "14:00", "15:00"),
    ],
)
def test_ranges(text: str, start: str, end: str) -> None:
    rng = find_range(text)
    assert rng is not None
    assert (rng.start.text, rng.end.text if rng.end else None) == (start, end)


@pytest.mark.parametrize("text", ["2022-2023", "version 1.2-1.5", "10 participants", "Room 12-14"])
def test_not_ranges(text: str) -> None:
    assert find_range(text) is None


def test_leading_time_and_lone_starts() -> None:
    assert leading_time("Opening 09:00-09:30") is None  # not at the start
    rng = leading_time("- 09:00 Registration")
    assert rng is not None and rng.start.text == "09:00" and rng.end is None
    rng = leading_time("1. 09:00 - 09:30 Welcome")
    assert rng is not None and (rng.start.text, rng.end and rng.end.text) == ("09:00", "09:30")
    assert leading_time("2024-06-11") is None  # a date, not 20:24
    rng = leading_time("9h Accueil")
    assert rng is not None and rng.start.text == "09:00" and rng.end is None
    assert leading_time("2022 was a good year") is None
    with pytest.raises(BadClock) as info:
        leading_time("09:00-25:30 Opening")
    assert (info.value.raw, info.value.which) == ("25:30", "end")


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("(30 min)", 30),
        ("(30 mins)", 30),
        ("[45 minutes]", 45),
        ("(1 hour)", 60),
        ("(1.5 hours)", 90),
        ("(1h30)", 90),
        ("(20분)", 20),
        ("(10')", 10),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    found = duration(f"Talk {text}: Dr. A")
    assert found is not None and found[0] == minutes


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("6 September 2022", [date(2022, 9, 6)]),
        ("Tuesday, September 6, 2022", [date(2022, 9, 6)]),
        ("6-7 Sept 2022", [date(2022, 9, 6), date(2022, 9, 7)]),
        ("November 7-8, 2023", [date(2023, 11, 7), date(2023, 11, 8)]),
        ("2022-09-06", [date(2022, 9, 6)]),
        ("2022년 9월 6일 (화)", [date(2022, 9, 6)]),
        ("Day 1 — 7 November 2023", [date(2023, 11, 7)]),
        ("Saturday 20 January 2024.", [date(2024, 1, 20)]),
    ],
)
def test_dates(text: str, dates: list[date]) -> None:
    assert find_dates(text)[0] == dates


def test_date_lines_and_day_numbers() -> None:
    assert is_date_line("Day 2 — Wednesday 8 November", 2023) == [date(2023, 11, 8)]
    assert is_date_line("9월 7일 (수)", 2023) == [date(2023, 9, 7)]
    assert is_date_line("Wednesday 8 November") is None  # no year anywhere: not a date
    assert is_date_line("Some prose about 6 September 2022 and more things here.") is None
    assert day_number("Day 2") == 2
    assert day_number("## 2일차 – 2024년 11월 8일") == 2
    assert day_number("Daylight saving") is None
    assert (day_number("Day One: Monday"), day_number("Second day")) == (1, 2)
