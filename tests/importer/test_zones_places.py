"""zones.py, places.py and decide.py: what a zone statement means, and which statement wins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zoomops.common.diagnostics import InputError
from zoomops.importer import import_document
from zoomops.importer.places import places_in
from zoomops.importer.zones import is_side_note, mentions_zone, read_zone

ON = date(2022, 9, 6)


@pytest.mark.parametrize(
    ("text", "zone", "words"),
    [
        ("09:00-11:00 Seoul (KST), GMT+9", "Asia/Seoul", "KST, GMT+9"),
        ("Times are KST", "Asia/Seoul", "KST"),
        ("All times UTC+9 (Korea)", "Asia/Seoul", "Korea, UTC+9"),
        ("Times in Europe/Berlin", "Europe/Berlin", "Europe/Berlin"),
        ("Geneva time (UTC+2)", "Europe/Zurich", "Geneva, UTC+2"),
        ("Time (UTC)", "UTC", "UTC"),
        ("all times GMT (Accra)", "Africa/Accra", "Accra, GMT"),
        ("14:00–16:00 CEST (Brussels)", "Europe/Brussels", "Brussels, CEST"),
        ("한국시간 기준", "Asia/Seoul", "한국 time"),
    ],
)
def test_read_zone(text: str, zone: str, words: str) -> None:
    reading = read_zone(text, ON, [])
    assert reading is not None
    assert (reading.zone, reading.words, reading.warnings, reading.error) == (zone, words, [], None)


def test_an_offset_takes_the_venue_named_elsewhere() -> None:
    venue = places_in("Venue: Koror, Palau")
    reading = read_zone("Time: UTC+9", ON, venue)
    assert reading is not None and reading.zone == "Pacific/Palau"  # not Asia/Tokyo
    reading = read_zone("Time: UTC+9", ON, [])
    assert reading is not None and reading.zone == "Etc/GMT-9" and reading.warnings


def test_half_hour_offset_without_a_place_is_an_error() -> None:
    reading = read_zone("UTC+5:30", ON, [])
    assert reading is not None and reading.error is not None and "pass --timezone" in reading.error
    reading = read_zone("UTC+5:30 (New Delhi)", ON, [])
    assert reading is not None and reading.zone == "Asia/Kolkata"


def test_statements_and_side_notes() -> None:
    assert mentions_zone("KST equivalent: 17:00")
    assert is_side_note("KST equivalent: 17:00") and is_side_note("i.e. 9:00 in Seoul")
    assert not is_side_note("All times are UTC")
    assert not mentions_zone("Venue: Seoul")  # a place alone is a venue, not a zone statement
    assert mentions_zone("Seoul time")


def test_places_from_the_tz_tables() -> None:
    assert places_in("Koror, Palau")[0][1] == ("Pacific/Palau",)
    assert places_in("Mexico City")[0][1] == ("America/Mexico_City",)
    assert places_in("Dr. Casey Davis, Director") == []  # Antarctic stations are not venues


def _doc(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_zone_of_the_rows_wins_over_a_side_note(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        "# Summit\n\nKST equivalent: add 9 hours.\n\n7 November 2023\n\n| Time | Session |\n|---|---|\n"
        "| 08:00-09:30 UTC | Opening |\n| 09:30-10:00 UTC | Closing |\n",
    )
    result = import_document(doc, "s")
    assert result.data["event"]["timezone"] == "UTC"
    assert [b["title"] for b in result.data["blocks"]] == ["Opening", "Closing"]  # never "UTC"
    assert result.explanation[0].endswith("time zone UTC — from 'UTC' (written in the agenda rows, line 9)")


def test_only_a_side_note_gives_a_warning(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Summit\n\n7 November 2023\n\n09:00-10:00 Opening\n\nThe KST equivalent is 18:00.\n")
    result = import_document(doc, "s")
    assert result.data["event"]["timezone"] == "Asia/Seoul"
    assert [d.render().split(": warning: ")[1] for d in result.diagnostics] == [
        "event.timezone: only a side note names a time zone (KST); used Asia/Seoul"
    ]


def test_timezone_option_overrides_and_is_checked(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# Summit\n\n7 November 2023, UTC\n\n09:00-10:00 Opening\n")
    assert import_document(doc, "s", timezone="Europe/Oslo").data["event"]["timezone"] == "Europe/Oslo"
    with pytest.raises(InputError) as info:
        import_document(doc, "s", timezone="Mars/Olympus")
    assert [d.message for d in info.value.diagnostics] == ["unknown time zone 'Mars/Olympus'"]
