"""The rota: coverage minute by minute, turn lengths, breaks, snapping, round-robin, the forum's instants."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from tests.interpretation.interp_helpers import FORUM, load
from zoomops.schedule.loader import load_schedule
from zoomops.show.model import BlockKind, Schedule
from zoomops.show.rota import Rota, build_rota, turn_changes

SEOUL = ZoneInfo("Asia/Seoul")


def at(hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2022, 9, 6, int(h), int(m), tzinfo=SEOUL)


def spans(rota: Rota) -> list[tuple[str, str, str, str]]:
    return [(t.interpreter_id, f"{t.start:%H:%M}", f"{t.end:%H:%M}", t.boothmate_id or "") for t in rota.turns]


def minutes(start: datetime, end: datetime) -> list[datetime]:
    return [start + timedelta(minutes=k) for k in range(int((end - start).total_seconds() // 60))]


def forum() -> Schedule:
    return load_schedule(FORUM).schedule


def test_every_interpreted_minute_of_the_forum_has_exactly_one_interpreter_and_breaks_none() -> None:
    s = forum()
    rota = build_rota(s)
    assert list(rota.teams) and all(len(rota.for_pair(p)) > 0 for p in rota.teams)
    interpreted = [b for b in s.blocks if b.kind != BlockKind.break_]
    breaks = [b for b in s.blocks if b.kind == BlockKind.break_]
    assert len(breaks) == 2
    for pair in rota.teams:
        turns = rota.for_pair(pair)
        for block in interpreted:
            for minute in minutes(s.block_start(block), s.block_end(block)):
                on_duty = [t.interpreter_id for t in turns if t.start <= minute < t.end]
                assert len(on_duty) == 1, (minute, on_duty)
        for block in breaks:
            for minute in minutes(s.block_start(block), s.block_end(block)):
                assert [t for t in turns if t.start <= minute < t.end] == []
    covered = sum(t.minutes for t in rota.turns)
    assert covered == 275  # 09:00-14:00 less 25 minutes of breaks


def test_no_forum_turn_exceeds_turn_plus_tolerance_and_none_spans_a_break() -> None:
    s = forum()
    rota = build_rota(s)
    assert max(t.minutes for t in rota.turns) == 30
    breaks = [(s.block_start(b), s.block_end(b)) for b in s.blocks if b.kind == BlockKind.break_]
    for t in rota.turns:
        assert t.minutes <= 32
        assert all(t.end <= b_start or t.start >= b_end for b_start, b_end in breaks)


def test_forum_rota_exact_instants() -> None:
    rota = build_rota(forum())
    assert spans(rota) == [
        ("interpreter-a", "09:00", "09:30", "interpreter-b"),
        ("interpreter-b", "09:30", "10:00", "interpreter-c"),
        ("interpreter-c", "10:00", "10:30", "interpreter-a"),
        ("interpreter-a", "10:30", "10:45", "interpreter-b"),
        ("interpreter-b", "11:00", "11:30", "interpreter-c"),  # the break ended A's turn: B starts
        ("interpreter-c", "11:30", "11:55", "interpreter-a"),  # snapped to the 11:55 discussion (nominal 12:00)
        ("interpreter-a", "11:55", "12:20", "interpreter-b"),
        ("interpreter-b", "12:30", "13:00", "interpreter-c"),
        ("interpreter-c", "13:00", "13:30", "interpreter-a"),  # 13:35 Q&A is after the change: no snap
        ("interpreter-a", "13:30", "14:00", "interpreter-b"),
    ]
    first = rota.turns[0]
    assert (first.code, first.start.isoformat(), first.block_index, first.handover) == (
        "t01",
        "2022-09-06T09:00:00+09:00",
        0,
        True,
    )
    assert [c.title for c in first.covers] == ["Opening Remarks", "Keynote Speech", "Group photo"]
    assert first.speakers[:3] == ["Mr. Jae-hee Park", "Mr. Kyu Chang Ko", "Mr. Iljae Kim"]
    assert [t.handover for t in rota.turns] == [True, True, True, False, True, True, False, True, True, False]
    assert [t.block_index for t in rota.turns] == [0, 1, 1, 1, 3, 3, 3, 5, 5, 5]


def test_a_boundary_within_snap_minutes_before_the_nominal_change_takes_the_change(tmp_path) -> None:
    s = load(
        tmp_path,
        """
        - kind: session
          start: "10:00"
          end: "10:58"
          items:
            - {kind: presentation, minutes: 26, speakers: [p1]}
            - {kind: presentation, minutes: 32, speakers: [p2]}
        """,
    ).schedule
    assert spans(build_rota(s)) == [("a", "10:00", "10:26", "b"), ("b", "10:26", "10:58", "c")]


def test_a_boundary_six_minutes_early_or_one_minute_late_is_not_taken(tmp_path) -> None:
    early = load(
        tmp_path,
        """
        - kind: session
          start: "10:00"
          end: "11:00"
          items:
            - {kind: presentation, minutes: 24, speakers: [p1]}
            - {kind: presentation, minutes: 36, speakers: [p2]}
        """,
    ).schedule
    assert spans(build_rota(early)) == [("a", "10:00", "10:30", "b"), ("b", "10:30", "11:00", "c")]
    late = load(
        tmp_path,
        """
        - kind: session
          start: "10:00"
          end: "11:00"
          items:
            - {kind: presentation, minutes: 31, speakers: [p1]}
            - {kind: presentation, minutes: 29, speakers: [p2]}
        """,
    ).schedule
    assert spans(build_rota(late)) == [("a", "10:00", "10:30", "b"), ("b", "10:30", "11:00", "c")]


def test_of_two_boundaries_in_the_window_the_later_one_wins_and_speaker_changes_count(tmp_path) -> None:
    s = load(
        tmp_path,
        """
        - kind: session
          start: "10:00"
          end: "10:55"
          items:
            - {kind: presentation, minutes: 25, speakers: [p1]}
            - kind: remarks
              segments: [{speaker: p2, minutes: 3}, {speaker: p3, minutes: 27}]
        """,
    ).schedule
    # boundaries 10:25 (item) and 10:28 (speaker change) are both within 10:25-10:30: 10:28 is taken
    assert spans(build_rota(s)) == [("a", "10:00", "10:28", "b"), ("b", "10:28", "10:55", "c")]


def test_the_tolerance_lets_a_stretch_end_within_two_minutes_but_not_three(tmp_path) -> None:
    ok = load(tmp_path, '- {kind: session, start: "10:00", end: "11:02"}').schedule
    assert spans(build_rota(ok)) == [("a", "10:00", "10:30", "b"), ("b", "10:30", "11:02", "c")]
    over = load(tmp_path, '- {kind: session, start: "10:00", end: "11:03"}').schedule
    assert spans(build_rota(over)) == [
        ("a", "10:00", "10:30", "b"),
        ("b", "10:30", "11:00", "c"),
        ("c", "11:00", "11:03", "a"),
    ]


def test_a_break_ends_the_turn_and_the_next_interpreter_starts_after_it(tmp_path) -> None:
    s = load(
        tmp_path,
        """
        - {kind: opening, start: "10:00", end: "10:20"}
        - {kind: break, start: "10:20", end: "10:30"}
        - {kind: session, start: "10:30", end: "11:00"}
        - {kind: session, start: "11:00", end: "11:20"}
        """,
    ).schedule
    rota = build_rota(s)
    assert spans(rota) == [("a", "10:00", "10:20", "b"), ("b", "10:30", "11:00", "c"), ("c", "11:00", "11:20", "a")]
    assert [t.handover for t in rota.turns] == [False, True, False]
    assert [t.block_index for t in rota.turns] == [0, 2, 3]


def test_uninterpreted_blocks_and_gaps_are_not_covered_and_end_a_turn(tmp_path) -> None:
    blocks = """
        - {kind: opening, start: "10:00", end: "10:20"}
        - {kind: session, start: "10:20", end: "10:40", interpreted: false}
        - {kind: session, start: "10:50", end: "11:10"}
        - {kind: closing, start: "11:10", end: "11:20"}
        """
    interp = """\
interpretation:
  pairs: [[English, Korean]]
  blocks: [0, 1, 2]
  interpreters:
    - {id: a, name: A, email: a@example.org, languages: [English, Korean]}
    - {id: b, name: B, email: b@example.org, languages: [English, Korean]}
"""
    rota = build_rota(load(tmp_path, blocks, interp).schedule)
    assert spans(rota) == [("a", "10:00", "10:20", "b"), ("b", "10:50", "11:10", "a")]


def test_two_pairs_get_separate_teams_and_turns(tmp_path) -> None:
    interp = """\
interpretation:
  pairs: [[English, Korean], [English, Japanese]]
  interpreters:
    - {id: a, name: A, email: a@example.org, languages: [English, Korean]}
    - {id: j1, name: J1, email: j1@example.org, languages: [English, Japanese]}
    - {id: b, name: B, email: b@example.org, languages: [English, Korean]}
    - {id: j2, name: J2, email: j2@example.org, languages: [Japanese, English]}
"""
    rota = build_rota(load(tmp_path, '- {kind: session, start: "10:00", end: "11:00"}', interp).schedule)
    assert {p.key: list(m) for p, m in rota.teams.items()} == {"en-ko": ["a", "b"], "en-ja": ["j1", "j2"]}
    assert spans(rota) == [
        ("a", "10:00", "10:30", "b"),
        ("b", "10:30", "11:00", "a"),
        ("j1", "10:00", "10:30", "j2"),
        ("j2", "10:30", "11:00", "j1"),
    ]


def test_no_interpretation_means_an_empty_rota(tmp_path) -> None:
    s = load(tmp_path, '- {kind: session, start: "10:00", end: "11:00"}', "").schedule
    assert build_rota(s) == Rota({}, ())


@given(
    length=st.integers(min_value=1, max_value=400),
    marks=st.lists(st.integers(min_value=1, max_value=399), max_size=30),
    turn=st.integers(min_value=5, max_value=60),
    tolerance=st.integers(min_value=0, max_value=15),
    snap=st.integers(min_value=0, max_value=15),
)
def test_turn_changes_tile_the_stretch_and_respect_every_limit(length, marks, turn, tolerance, snap) -> None:
    start = at("09:00")
    end = start + timedelta(minutes=length)
    boundaries = sorted({start + timedelta(minutes=m) for m in marks if m < length})
    cuts = turn_changes(start, end, boundaries, turn, tolerance, snap)
    assert cuts[0][0] == start and cuts[-1][1] == end
    assert all(a[1] == b[0] for a, b in pairwise(cuts))
    for cut_start, cut_end in cuts:
        assert timedelta(0) < cut_end - cut_start <= timedelta(minutes=turn + tolerance)
    for cut_start, change in cuts[:-1]:
        nominal = cut_start + timedelta(minutes=turn)
        window = [b for b in boundaries if cut_start < b and nominal - timedelta(minutes=snap) <= b <= nominal]
        assert change == (max(window) if window else nominal)
