"""Malformed schedules and agenda documents: each error exactly (file:line:col: field: message), all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoomops.common.diagnostics import InputError
from zoomops.importer import import_document
from zoomops.schedule.loader import load_schedule

HEAD = """event:
  id: demo
  title: Demo
  dates: [2022-09-06]
  timezone: Asia/Seoul
people:
  - {id: ann, name: Ann, email: ann@example.org}
  - {id: bob, name: Bob, email: bob@example.org}
"""
BLOCK = """blocks:
  - kind: session
    title: One
    start: "09:00"
    end: "09:30"
    moderator: ann
    items:
      - {kind: presentation, minutes: 30, speakers: [bob]}
"""
TEAM = """    - {id: i1, name: I1, email: i1@example.org, languages: [English, Korean]}
    - {id: i2, name: I2, email: i2@example.org, languages: [English, Korean]}
"""
KLINGON = "Zoom does not offer 'Klingon' for interpretation (it offers English, Chinese, Japanese, German, French, "
KLINGON += "Russian, Portuguese, Spanish, Korean)"

# (name, schedule text, expected rendered errors in order)
SCHEDULES: list[tuple[str, str, list[str]]] = [
    (
        "yaml_syntax",
        HEAD + BLOCK.replace("title: One", "title: [One"),
        [
            "s.yaml:11:12: this [ opens a list that is not closed by ] (or its entries are not separated by commas): "
            "close it, or put the value in quotes if the [ is part of the text"
        ],
    ),
    (
        "yaml_tab",
        HEAD + BLOCK.replace("    title: One", "\ttitle: One"),
        ["s.yaml:11:1: a tab character: YAML indents with spaces only; replace the tab with spaces"],
    ),
    ("not_mapping", "- just\n- a list\n", ["s.yaml:1:1: a schedule is a mapping with event, people and blocks"]),
    ("empty", "", ["s.yaml:1:1: the file is empty: a schedule has event, people and blocks"]),
    ("comments_only", "# nothing yet\n", ["s.yaml:1:1: the file is empty: a schedule has event, people and blocks"]),
    (
        "unknown_key",
        HEAD + BLOCK.replace("title: One", "titel: One"),
        ["s.yaml:11:5: blocks[0].titel: unknown field; did you mean 'title'?"],
    ),
    ("unknown_top", HEAD + BLOCK + "zom: {}\n", ["s.yaml:17:1: zom: unknown field; did you mean 'zoom'?"]),
    (
        "bad_block_kind",
        HEAD + BLOCK.replace("kind: session", "kind: sesion"),
        [
            "s.yaml:10:5: blocks[0].kind: 'sesion' is not one of 'opening', 'session', 'break' or 'closing'; did "
            "you mean 'session'?"
        ],
    ),
    (
        "bad_item_kind",
        HEAD + BLOCK.replace("kind: presentation", "kind: talk"),
        [
            "s.yaml:16:10: blocks[0].items[0].kind: 'talk' is not one of 'remarks', 'keynote', 'presentation', "
            "'discussion', 'qa', 'group_photo' or 'other'"
        ],
    ),
    (
        "bad_time",
        HEAD + BLOCK.replace('start: "09:00"', 'start: "9h"'),
        ["s.yaml:12:5: blocks[0].start: not a time of day (HH:MM): '9h'"],
    ),
    (
        "hour_25",
        HEAD + BLOCK.replace('end: "09:30"', 'end: "25:00"'),
        ["s.yaml:13:5: blocks[0].end: not a time of day (HH:MM): '25:00'"],
    ),
    (
        "int_time",
        HEAD + BLOCK.replace('start: "09:00"', "start: 900"),
        ["s.yaml:12:5: blocks[0].start: not a time of day (HH:MM): 900; write it in quotes, e.g. '09:00'"],
    ),
    ("missing_event_id", HEAD.replace("  id: demo\n", "") + BLOCK, ["s.yaml:1:1: event.id: required field is missing"]),
    (
        "missing_start",
        HEAD + BLOCK.replace('    start: "09:00"\n', ""),
        ["s.yaml:10:5: blocks[0].start: required field is missing"],
    ),
    ("no_blocks", HEAD + "blocks: []\n", ["s.yaml:9:1: blocks: needs at least 1 entry, found 0"]),
    (
        "minutes_text",
        HEAD + BLOCK.replace("minutes: 30", "minutes: thirty"),
        ["s.yaml:16:30: blocks[0].items[0].minutes: expected a whole number, found the text 'thirty'"],
    ),
    (
        "minutes_negative",
        HEAD + BLOCK.replace("minutes: 30", "minutes: -5"),
        ["s.yaml:16:30: blocks[0].items[0].minutes: must be at least 0, found -5 (minutes)"],
    ),
    (
        "speakers_not_list",
        HEAD + BLOCK.replace("speakers: [bob]", "speakers: bob"),
        [
            "s.yaml:16:43: blocks[0].items[0].speakers: expected a list ([a, b] or lines starting with '- '), found "
            "the text 'bob'"
        ],
    ),
    (
        "bad_person_id_no_cascade",
        HEAD.replace("id: ann,", "id: Ann Lee,") + BLOCK.replace("moderator: ann", "moderator: Ann Lee"),
        ["s.yaml:7:6: people[0].id: 'Ann Lee': use lower-case letters, digits, '.', '_' or '-' (e.g. jae-hee-park)"],
    ),
    (
        "bad_email_no_cascade",
        HEAD.replace("ann@example.org", "ann.example.org") + BLOCK,
        [
            "s.yaml:7:26: people[0].email: not an email address: 'ann.example.org' (an email address must have an "
            "@-sign)"
        ],
    ),
    (
        "duplicate_person",
        HEAD.replace("{id: bob, name: Bob,", "{id: ann, name: Bob,") + BLOCK.replace("[bob]", "[ann]"),
        ["s.yaml:8:6: people[1].id: duplicate person id 'ann'"],
    ),
    (
        "duplicate_email",
        HEAD.replace("bob@example.org", "ANN@example.org") + BLOCK,
        ["s.yaml:8:26: people[1].email: ANN@example.org is also the email of 'ann'"],
    ),
    (
        "bad_event_timezone",
        HEAD.replace("Asia/Seoul", "Korea/Seoul") + BLOCK,
        ["s.yaml:5:3: event.timezone: unknown time zone 'Korea/Seoul' (use an IANA name such as Asia/Seoul)"],
    ),
    (
        "bad_person_timezone",
        HEAD.replace("email: ann@example.org}", "email: ann@example.org, timezone: Mars/Base}") + BLOCK,
        ["s.yaml:7:50: people[0].timezone: unknown time zone 'Mars/Base' for ann"],
    ),
    (
        "duplicate_date",
        HEAD.replace("[2022-09-06]", "[2022-09-06, 2022-09-06]") + BLOCK,
        ["s.yaml:4:3: event.dates: a date is listed twice"],
    ),
    (
        "impossible_date",
        HEAD.replace("[2022-09-06]", "[2022-09-31]") + BLOCK,
        ["s.yaml:4:11: event.dates[0]: input should be a valid date or datetime, day value is outside expected range"],
    ),
    (
        "several_dates_block_without_date",
        HEAD.replace("[2022-09-06]", "[2022-09-06, 2022-09-07]") + BLOCK,
        ["s.yaml:10:5: blocks[0]: the event has several dates: give this block a date"],
    ),
    (
        "block_date_not_event_date",
        HEAD + BLOCK.replace("    title: One\n", "    title: One\n    date: 2022-09-08\n"),
        ["s.yaml:12:5: blocks[0].date: 2022-09-08 is not one of the event's dates"],
    ),
    (
        "end_before_start",
        HEAD + BLOCK.replace('end: "09:30"', 'end: "08:30"'),
        ["s.yaml:13:5: blocks[0].end: ends at 08:30, not after its start 09:00"],
    ),
    (
        "block_minutes_mismatch",
        HEAD + BLOCK.replace("    moderator: ann\n", "    minutes: 45\n    moderator: ann\n"),
        ["s.yaml:14:5: blocks[0].minutes: says 45 minutes but 09:00-09:30 is 30 minutes"],
    ),
    (
        "overlap",
        HEAD + BLOCK + '  - {kind: session, title: Two, start: "09:15", end: "10:00"}\n',
        ["s.yaml:17:33: blocks[1].start: starts at 09:15, before block 0 ends (09:30)"],
    ),
    (
        "out_of_order",
        HEAD + BLOCK + '  - {kind: session, title: Two, start: "08:00", end: "08:30"}\n',
        ["s.yaml:17:33: blocks[1].start: starts before block 0 (09:00): blocks must be in order"],
    ),
    (
        "items_overflow",
        HEAD + BLOCK.replace("minutes: 30", "minutes: 40"),
        ["s.yaml:15:5: blocks[0].items: items take 40 minutes but the block lasts 30"],
    ),
    (
        "segments_do_not_add_up",
        HEAD + BLOCK.replace("speakers: [bob]", "segments: [{speaker: bob, minutes: 10}, {speaker: ann, minutes: 10}]"),
        ["s.yaml:16:30: blocks[0].items[0].minutes: the item is 30 minutes but its speakers' shares add up to 20"],
    ),
    (
        "speakers_and_segments",
        HEAD + BLOCK.replace("speakers: [bob]", "speakers: [bob], segments: [{speaker: ann}]"),
        ["s.yaml:16:9: blocks[0].items[0]: give either speakers or segments, not both"],
    ),
    (
        "unknown_people_all_reported",
        HEAD + BLOCK.replace("[bob]", "[carol]").replace("moderator: ann", "moderator: dave"),
        [
            "s.yaml:14:5: blocks[0].moderator: unknown person 'dave' (not in people)",
            "s.yaml:16:54: blocks[0].items[0].speakers[0]: unknown person 'carol' (not in people)",
        ],
    ),
    (
        "unknown_segment_speaker",
        HEAD + BLOCK.replace("speakers: [bob]", "segments: [{speaker: zed, minutes: 30}]"),
        ["s.yaml:16:55: blocks[0].items[0].segments[0].speaker: unknown person 'zed' (not in people)"],
    ),
    (
        "unsupported_language",
        HEAD + BLOCK + "interpretation:\n  pairs: [[English, Klingon]]\n  interpreters:\n"
        "    - {id: i1, name: I1, email: i1@example.org, languages: [English, Klingon]}\n",
        [
            f"s.yaml:18:21: interpretation.pairs[0][1]: {KLINGON}",
            f"s.yaml:20:70: interpretation.interpreters[0].languages[1]: {KLINGON}",
        ],
    ),
    (
        "pair_of_three",
        HEAD + BLOCK + "interpretation:\n  pairs: [[English, Korean, French]]\n",
        ["s.yaml:18:11: interpretation.pairs[0]: a language pair has exactly two languages"],
    ),
    (
        "interpreted_block_out_of_range",
        HEAD + BLOCK + "interpretation:\n  pairs: [[English, Korean]]\n  blocks: [0, 3]\n  interpreters:\n" + TEAM,
        ["s.yaml:19:15: interpretation.blocks[1]: there is no block 3 (blocks are numbered from 0)"],
    ),
    (
        "interpreter_one_language",
        HEAD + BLOCK + "interpretation:\n  pairs: [[English, Korean]]\n  interpreters:\n"
        "    - {id: i1, name: I1, languages: [English]}\n",
        ["s.yaml:20:26: interpretation.interpreters[0].languages: needs at least 2 entries, found 1"],
    ),
    (
        "interpreter_timezone",
        HEAD
        + BLOCK
        + "interpretation:\n  pairs: [[English, Korean]]\n  interpreters:\n"
        + TEAM.replace("Korean]}", "Korean], timezone: Nowhere}", 1),
        ["s.yaml:20:79: interpretation.interpreters[0].timezone: unknown time zone 'Nowhere'"],
    ),
    (
        "interpreter_id_clashes_with_person",
        HEAD + BLOCK + "interpretation:\n  pairs: [[English, Korean]]\n  interpreters:\n" + TEAM.replace("i2", "bob"),
        [
            "s.yaml:21:8: interpretation.interpreters[1].id: duplicate person id 'bob'",
        ],
    ),
    (
        "turn_too_long",
        HEAD + BLOCK + "interpretation:\n  pairs: [[English, Korean]]\n  turn_minutes: 200\n",
        ["s.yaml:19:3: interpretation.turn_minutes: must be at most 120, found 200 (minutes)"],
    ),
    (
        "people_not_a_list",
        HEAD.split("people:")[0] + "people: 7\n" + BLOCK,
        ["s.yaml:6:1: people: a list of people, or the name of a CSV file beside the schedule"],
    ),
    (
        "roster_csv_missing",
        HEAD.split("people:")[0] + "people: roster.csv\n" + BLOCK,
        ["s.yaml:6:1: people: cannot read file: No such file or directory: roster.csv"],
    ),
    (
        "bad_split",
        HEAD + BLOCK + "zoom: {split: week}\n",
        ["s.yaml:17:8: zoom.split: 'week' is not one of 'event', 'day' or 'block'"],
    ),
    (
        "many_errors_one_run",
        HEAD.replace("ann@example.org", "nope")
        + BLOCK.replace("kind: presentation", "kind: talk").replace('end: "09:30"', 'end: "9.30.1"')
        + "zom: 1\n",
        [
            "s.yaml:7:26: people[0].email: not an email address: 'nope' (an email address must have an @-sign)",
            "s.yaml:13:5: blocks[0].end: not a time of day (HH:MM): '9.30.1'",
            "s.yaml:16:10: blocks[0].items[0].kind: 'talk' is not one of 'remarks', 'keynote', 'presentation', "
            "'discussion', 'qa', 'group_photo' or 'other'",
            "s.yaml:17:1: zom: unknown field; did you mean 'zoom'?",
            "s.yaml:17:1: zoom: expected fields (split, topic, settings, name_tag) as key: value lines, "
            "found the number 1",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in SCHEDULES], ids=[c[0] for c in SCHEDULES])
def test_malformed_schedule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_schedule(Path("s.yaml"))
    errors = [d.render() for d in info.value.diagnostics if d.severity == "error"]
    assert errors == expected


def test_missing_email_is_an_error_only_for_provisioning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text(HEAD.replace(", email: bob@example.org", "") + BLOCK, encoding="utf-8")
    msg = "s.yaml:8:5: {}people[1].email: Bob is on stage and must become a panelist, but has no email"
    assert [d.render() for d in load_schedule(Path("s.yaml")).warnings] == [msg.format("warning: ")]
    with pytest.raises(InputError) as info:
        load_schedule(Path("s.yaml"), for_provisioning=True)
    assert [d.render() for d in info.value.diagnostics] == [msg.format("")]


def test_panelist_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text(HEAD + BLOCK, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_schedule(Path("s.yaml"), panelist_cap=1)
    assert [d.render() for d in info.value.diagnostics] == [
        "s.yaml:6:1: people: 2 panelists exceed the cap of 1 (config panelist_cap)"
    ]
    assert load_schedule(Path("s.yaml"), panelist_cap=2).schedule.event.id == "demo"


def test_sexagesimal_times_stay_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """YAML 1.1 reads 10:45 as 645; unquoted agenda times must still mean 10:45."""
    monkeypatch.chdir(tmp_path)
    text = HEAD + BLOCK.replace('start: "09:00"', "start: 9:00").replace('end: "09:30"', "end: 10:45")
    (tmp_path / "s.yaml").write_text(text.replace("minutes: 30", "minutes: 105"), encoding="utf-8")
    block = load_schedule(Path("s.yaml")).schedule.blocks[0]
    assert (block.start.isoformat(), block.end.isoformat()) == ("09:00:00", "10:45:00")


def test_unreadable_and_non_utf8_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        load_schedule(Path("absent.yaml"))
    assert [d.render() for d in info.value.diagnostics] == ["absent.yaml: cannot read file: No such file or directory"]
    (tmp_path / "latin1.yaml").write_bytes("event:\n  title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        load_schedule(Path("latin1.yaml"))
    assert [d.render() for d in info.value.diagnostics] == [
        "latin1.yaml:2:13: the file is not UTF-8: byte 0xE9 here (it reads as 'é' in Windows-1252/Latin-1, the "
        "encoding it was probably saved in); save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"
    ]
    (tmp_path / "adir.yaml").mkdir()
    with pytest.raises(InputError) as info:
        load_schedule(Path("adir.yaml"))
    assert [d.render() for d in info.value.diagnostics] == ["adir.yaml: cannot read file: Is a directory"]


# ---------------------------------------------------------------- agenda documents

DOCS: list[tuple[str, str, list[str]]] = [
    (
        "no_agenda",
        "# Forum\n\nSome prose about 6 September 2022.\n",
        ["doc.md: no agenda found: expected a table or list of time ranges like 09:00-09:30"],
    ),
    ("empty_doc", "", ["doc.md: no agenda found: expected a table or list of time ranges like 09:00-09:30"]),
    (
        "no_time_zone",
        "# Forum\n\n6 September 2022\n\n09:00-09:30 Opening\n",
        [
            "doc.md:5:1: event.timezone: no time zone found: write it beside the times (e.g. 'Seoul (KST), GMT+9' or "
            "'UTC+2') or pass --timezone"
        ],
    ),
    (
        "no_date",
        "# Forum\n\nSeoul (KST), GMT+9\n\n09:00-09:30 Opening\n",
        ["doc.md:5:1: event.dates: no date found: expected a line like '6 September 2022' before the agenda"],
    ),
    (
        "bad_clock",
        "# Forum\n\n6 September 2022, GMT+9 Seoul\n\n09:00-25:30 Opening\n",
        ["doc.md:5:1: blocks[0].end: not a time of day: '25:30' (use HH:MM, e.g. 09:30)"],
    ),
    (
        "half_hour_offset_without_place",
        "# Forum\n\n6 September 2022, UTC+5:30\n\n09:00-09:30 Opening\n",
        [
            "doc.md:3:19: event.timezone: UTC+5:30 names no IANA zone and no place is given: pass --timezone (e.g. "
            "Asia/Kolkata)"
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in DOCS], ids=[c[0] for c in DOCS])
def test_malformed_agenda(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_document(Path("doc.md"), None)
    assert [d.render() for d in info.value.diagnostics] == expected


def test_agenda_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.md").write_bytes(b"\xff\xfe agenda")
    with pytest.raises(InputError) as info:
        import_document(Path("doc.md"), None)
    assert [d.render() for d in info.value.diagnostics] == ["doc.md: not UTF-8 text (invalid start byte at byte 0)"]
