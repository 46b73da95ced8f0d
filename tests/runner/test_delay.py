"""Ontime's delay model with exact instants: gap absorption, negative delays, anchors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from zoomops.show.delay import Adjustment, effective_instants, position_for, rundown_order
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues, gaps


def z(hhmm: str, day: int = 6) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2022, 9, day, int(h), int(m), tzinfo=UTC)


@pytest.fixture
def cues(forum: Schedule) -> list:
    return rundown_order(compile_cues(forum, interpretation=False))


def run(forum: Schedule, cues: list, adjustments: list[Adjustment], done: frozenset[str] = frozenset()) -> dict:
    eff = effective_instants(cues, adjustments, gaps(forum))
    return {k: v.astimezone(UTC) for k, v in eff.items()}


def delay(cues: list, eff: dict, now: datetime, minutes: float, seq: int, kind: str = "delay") -> Adjustment:
    pos = position_for(cues, eff, set(), now)
    assert pos is not None
    return Adjustment(kind, minutes * 60, pos, now, seq)  # type: ignore[arg-type]


def test_no_adjustment_is_the_plan(forum: Schedule, cues: list) -> None:
    eff = run(forum, cues, [])
    assert all(eff[c.id] == c.at for c in cues)


def test_small_delay_absorbed_by_the_break(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    adj = delay(cues, plan, z("01:30"), 5, 1)
    assert adj.position == "b02.break-start"
    eff = run(forum, cues, [adj])
    assert eff["b02.break-start"] == z("01:50")
    assert eff["b03.t-10"] == z("01:50")  # belongs to Session 2, which keeps its time
    assert eff["b03.start"] == z("02:00")
    assert eff["b01.i04.start"] == z("01:30")  # already past: unchanged


def test_large_delay_shrinks_break_to_zero_and_carries_the_rest(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    eff = run(forum, cues, [delay(cues, plan, z("01:30"), 20, 1)])
    assert eff["b02.break-start"] == z("02:05")
    assert eff["b03.t-10"] == z("01:55")
    assert eff["b03.start"] == z("02:05")
    assert eff["b03.i00.warn-2"] == z("02:18")
    assert eff["b04.break-start"] == z("03:25")
    assert eff["b05.start"] == z("03:30")  # the second break absorbed the remaining 5 minutes
    assert eff["close"] == z("05:00")


def test_delay_crosses_two_gaps(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    eff = run(forum, cues, [delay(cues, plan, z("01:30"), 30, 1)])
    assert (eff["b02.break-start"], eff["b03.start"]) == (z("02:15"), z("02:15"))
    assert (eff["b04.break-start"], eff["b05.start"]) == (z("03:35"), z("03:35"))
    assert eff["close"] == z("05:05")


def test_delay_made_during_the_break_is_not_absorbed(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    adj = delay(cues, plan, z("01:47"), 5, 1)
    assert adj.position == "b03.t-10"
    eff = run(forum, cues, [adj])
    assert (eff["b03.t-10"], eff["b03.start"]) == (z("01:55"), z("02:05"))
    assert eff["b05.start"] == z("03:30")  # the next break absorbs it


def test_negative_delay_moves_later_cues_earlier(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    adj = delay(cues, plan, z("00:50"), -3, 1)
    assert adj.position == "b01.i01.warn-2"
    eff = run(forum, cues, [adj])
    assert eff["b01.i01.warn-2"] == z("00:55")
    assert eff["b01.i02.start"] == z("00:57")
    assert eff["b02.break-start"] == z("01:42")
    assert eff["b03.t-10"] == z("01:50")  # Session 2 is published for 02:00: the lead ends at its start
    assert eff["b03.start"] == z("02:00")


def test_forced_negative_delay_pulls_the_published_start(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    pos = position_for(cues, plan, set(), z("00:50"))
    assert pos is not None
    eff = run(forum, cues, [Adjustment("delay", -180, pos, z("00:50"), 1, forced=True)])
    assert eff["b02.break-start"] == z("01:42")
    assert eff["b03.t-10"] == z("01:47")
    assert eff["b03.start"] == z("01:57")
    assert eff["close"] == z("04:57")


def test_negative_delay_never_pulls_the_close(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    adj = delay(cues, plan, z("04:33"), -13, 1)  # the issue: a `next` at 13:32:48 Seoul, closing session
    eff = run(forum, cues, [adj])
    assert eff["close"] == z("05:00")
    assert min(eff[c.id] for c in cues if c.block_index == 6 and c.kind == "block-start") == z("04:45")


def test_negative_delay_never_before_now(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    eff = run(forum, cues, [delay(cues, plan, z("00:50"), -30, 1)])
    assert eff["b01.i01.warn-2"] == z("00:50")
    assert eff["b01.i02.start"] == z("00:50")
    assert eff["b01.i02.warn-2"] == z("00:50")  # 01:13 - 30 min = 00:43, before now
    assert eff["b02.break-start"] == z("01:15")


def test_opposite_delays_cancel_and_the_break_keeps_its_time(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    first = delay(cues, plan, z("00:50"), 5, 1)
    eff1 = run(forum, cues, [first])
    second = delay(cues, eff1, z("00:52"), -5, 2)
    eff = run(forum, cues, [first, second])
    assert eff["b01.i01.warn-2"] == z("00:58")
    assert eff["b02.break-start"] == z("01:45")
    assert eff["b03.start"] == z("02:00")


def test_anchor_on_late_start(forum: Schedule, cues: list) -> None:
    anchor = Adjustment("anchor", 7 * 60, "b00.start", z("00:07"), 1)
    eff = run(forum, cues, [anchor])
    assert eff["b00.start"] == z("00:07")
    assert eff["b00.i00.warn-2"] == z("00:20")
    assert eff["b01.start"] == z("00:37")
    assert eff["b02.break-start"] == z("01:52")
    assert (eff["b03.t-10"], eff["b03.start"]) == (z("01:50"), z("02:00"))
    assert eff["b00.t-5"] == z("23:55", day=5)  # before the anchor's position


def test_anchor_replaces_an_earlier_delay(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    early = delay(cues, plan, z("23:52", day=5), 5, 1)
    assert early.position == "b00.t-5"
    anchor = Adjustment("anchor", 7 * 60, "b00.start", z("00:07"), 2)
    eff = run(forum, cues, [early, anchor])
    assert eff["b00.t-5"] == z("00:00")
    assert eff["b00.start"] == z("00:07")
    assert eff["b01.start"] == z("00:37")


def test_position_skips_done_cues(forum: Schedule, cues: list) -> None:
    plan = run(forum, cues, [])
    assert position_for(cues, plan, {"b02.break-start"}, z("01:30")) == "b03.t-10"
    assert position_for(cues, plan, set(), z("05:00")) is None
