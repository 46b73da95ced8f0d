"""The forum schedule's instants, UTC conversion (with DST), warnings, and a CSV roster beside a schedule."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FORUM, ROOT
from zoomops.common.diagnostics import InputError
from zoomops.schedule.loader import load_schedule
from zoomops.show.runofshow import run_of_show


@pytest.fixture
def forum(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    return load_schedule(FORUM)


def test_forum_opens_at_midnight_utc_and_closes_at_five(forum) -> None:  # type: ignore[no-untyped-def]
    s = forum.schedule
    assert s.starts_at().astimezone(UTC) == datetime(2022, 9, 6, 0, 0, tzinfo=UTC)
    assert s.ends_at().astimezone(UTC) == datetime(2022, 9, 6, 5, 0, tzinfo=UTC)
    assert s.starts_at().isoformat() == "2022-09-06T09:00:00+09:00"
    assert [(b.kind.value, f"{b.start:%H:%M}", f"{b.end:%H:%M}") for b in s.blocks] == [
        ("opening", "09:00", "09:30"),
        ("session", "09:30", "10:45"),
        ("break", "10:45", "11:00"),
        ("session", "11:00", "12:20"),
        ("break", "12:20", "12:30"),
        ("session", "12:30", "13:45"),
        ("closing", "13:45", "14:00"),
    ]
    assert len(s.roster) == 18
    assert s.programme_ids()[:3] == ["jae-hee-park", "kyu-chang-ko", "iljae-kim"]


def test_forum_warnings_exact(forum) -> None:  # type: ignore[no-untyped-def]
    assert [d.render() for d in forum.warnings] == [
        "schedules/2022-undesa-krila-forum.yaml:39:5: warning: blocks[0].items: items fill 25 of 30 minutes "
        "(Group photo without a duration)",
        "schedules/2022-undesa-krila-forum.yaml:103:5: warning: blocks[6].items: items fill 10 of 15 minutes",
    ]


def test_forum_run_of_show_shared_slot(forum) -> None:  # type: ignore[no-untyped-def]
    slots = run_of_show(forum.schedule)
    shared = slots[5].items[2]
    assert [
        (sg.speaker_id, sg.start.astimezone(UTC).strftime("%H:%M"), sg.end.astimezone(UTC).strftime("%H:%M"))
        for sg in shared.segments
    ] == [("soo-young-lee", "04:00", "04:10"), ("seonju-choi", "04:10", "04:20")]
    photo = slots[0].items[2]
    assert (photo.open_ended, photo.minutes, photo.start.strftime("%H:%M")) == (True, 5, "09:25")


DST = """event:
  id: berlin
  title: Berlin
  dates: [2024-03-30, 2024-03-31, 2024-10-27]
  timezone: Europe/Berlin
people: []
blocks:
  - {kind: session, date: 2024-03-30, start: "10:00", end: "11:00"}
  - {kind: session, date: 2024-03-31, start: "10:00", end: "11:00"}
  - {kind: session, date: 2024-10-27, start: "01:30", end: "04:00"}
"""


def test_utc_conversion_across_daylight_saving(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(DST, encoding="utf-8")
    s = load_schedule(tmp_path / "b.yaml").schedule
    utc = [(s.block_start(b).astimezone(UTC), s.block_end(b).astimezone(UTC)) for b in s.blocks]
    assert utc[0] == (datetime(2024, 3, 30, 9, 0, tzinfo=UTC), datetime(2024, 3, 30, 10, 0, tzinfo=UTC))  # CET +1
    assert utc[1] == (datetime(2024, 3, 31, 8, 0, tzinfo=UTC), datetime(2024, 3, 31, 9, 0, tzinfo=UTC))  # CEST +2
    # 27 Oct 2024: 03:00 CEST -> 02:00 CET; 01:30 is still summer time, 04:00 is winter time
    assert utc[2] == (datetime(2024, 10, 26, 23, 30, tzinfo=UTC), datetime(2024, 10, 27, 3, 0, tzinfo=UTC))


ROSTER_SCHEDULE = """event: {id: demo, title: Demo, dates: [2022-09-06], timezone: Asia/Seoul}
people: roster.csv
blocks:
  - kind: session
    start: "09:00"
    end: "09:30"
    moderator: ann
    items:
      - {kind: presentation, minutes: 30, speakers: [bob]}
"""


def test_csv_roster_beside_the_schedule(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(ROSTER_SCHEDULE, encoding="utf-8")
    (tmp_path / "roster.csv").write_text(
        "\ufeffid,honorific,name,affiliation,email,timezone\r\n"
        'ann,Dr.,Ann Lee,"KRILA, Seoul",ann@example.org,Asia/Seoul\r\n'
        "bob,,Bob Roe,,,\r\n",
        encoding="utf-8",
    )
    loaded = load_schedule(tmp_path / "s.yaml")
    ann, bob = loaded.schedule.roster
    assert (ann.display, ann.affiliation, ann.email, ann.timezone) == (
        "Dr. Ann Lee",
        "KRILA, Seoul",
        "ann@example.org",
        "Asia/Seoul",
    )
    assert (bob.display, bob.affiliation, bob.email) == ("Bob Roe", None, None)
    shown = str(tmp_path / "roster.csv")
    assert [d.render() for d in loaded.warnings] == [
        f"{shown}:3:5: warning: email: Bob Roe is on stage and must become a panelist, but has no email"
    ]


def test_csv_roster_errors_with_line_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "s.yaml").write_text(ROSTER_SCHEDULE, encoding="utf-8")
    (tmp_path / "roster.csv").write_text(
        "id,name,email,timezone\n"
        "ann,Ann,ann-at-example,\n"
        "Bob,Bob,bob@example.org,Mars/Base\n"
        "carol,Carol,carol@example.org,Moon/Base\n"
        "dave,,dave@example.org,\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        load_schedule(tmp_path / "s.yaml")
    shown = "roster.csv"
    assert [d.render() for d in info.value.diagnostics] == [
        f"{shown}:2:3: email: not an email address: 'ann-at-example' (an email address must have an @-sign)",
        f"{shown}:3:1: id: 'Bob': use lower-case letters, digits, '.', '_' or '-' (e.g. jae-hee-park)",
        f"{shown}:4:4: timezone: unknown time zone 'Moon/Base' for carol",
        f"{shown}:5:2: name: required field is missing",
        # the roster's id is 'Bob', invalid and not 'bob': the reference is reported too
        "s.yaml:9:54: blocks[0].items[0].speakers[0]: unknown person 'bob' (not in people)",
    ]


def test_csv_roster_bad_header(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(ROSTER_SCHEDULE, encoding="utf-8")
    (tmp_path / "roster.csv").write_text("ident,name,mail\nann,Ann,a@example.org\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_schedule(tmp_path / "s.yaml")
    shown = str(tmp_path / "roster.csv")
    assert [d.render() for d in info.value.diagnostics] == [
        f"{shown}:1:1: ident: unknown column; expected id, honorific, name, affiliation, email, timezone, "
        "languages, name_local, preferred_language, pronouns",
        f"{shown}:1:1: id: required column is missing",
        f"{shown}:1:3: mail: unknown column; did you mean 'email'? expected id, honorific, name, affiliation, "
        "email, timezone, "
        "languages, name_local, preferred_language, pronouns",
    ]
