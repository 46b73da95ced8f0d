"""The one rule for which webinar a block belongs to: provisioning's webinars and the runner's routing agree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zoomops.provision.desired import desired_webinars
from zoomops.schedule.defaults import Defaults
from zoomops.schedule.loader import load_schedule
from zoomops.show.cue import CueKind
from zoomops.show.model import BlockKind, Schedule, WebinarSplit
from zoomops.show.runofshow import run_of_show
from zoomops.show.timeline import compile_cues
from zoomops.show.webinars import cue_webinar_key, webinar_groups, webinar_key


def _forum(forum_path: Path, split: WebinarSplit, second_day_from: int | None = None) -> Schedule:
    """The forum with `zoom.split`; with `second_day_from`, the blocks from that index move to the next day."""
    schedule = load_schedule(forum_path).schedule.model_copy(deep=True)
    schedule.zoom.split = split
    if second_day_from is not None:
        schedule.event.dates = [date(2022, 9, 6), date(2022, 9, 7)]
        for block in schedule.blocks[second_day_from:]:
            block.date = date(2022, 9, 7)
    return schedule


def test_keys_per_split(forum_path: Path) -> None:
    one = _forum(forum_path, WebinarSplit.event)
    assert {webinar_key(one, i) for i in range(len(one.blocks))} == {"event"}
    days = _forum(forum_path, WebinarSplit.day, second_day_from=3)
    assert [webinar_key(days, i) for i in range(len(days.blocks))] == ["2022-09-06"] * 3 + ["2022-09-07"] * 4
    blocks = _forum(forum_path, WebinarSplit.block)
    assert [webinar_key(blocks, i) for i in range(3)] == ["b00", "b01", "b02"]
    assert webinar_key(blocks, None) == "event"  # a cue of no block (pre-flight, close) belongs to the event


def test_groups_leave_breaks_without_a_webinar_only_when_split_by_block(forum_path: Path) -> None:
    blocks = _forum(forum_path, WebinarSplit.block)
    assert [key for key, _ in webinar_groups(run_of_show(blocks), blocks)] == ["b00", "b01", "b03", "b05", "b06"]
    days = _forum(forum_path, WebinarSplit.day, second_day_from=3)
    groups = webinar_groups(run_of_show(days), days)
    assert [(key, [s.index for s in slots]) for key, slots in groups] == [
        ("2022-09-06", [0, 1, 2]), ("2022-09-07", [3, 4, 5, 6])]


@pytest.mark.parametrize("split", list(WebinarSplit))
def test_a_blocks_actions_go_to_the_webinar_provisioning_creates_for_it(forum_path: Path, split: WebinarSplit) -> None:
    schedule = _forum(forum_path, split, second_day_from=3 if split == WebinarSplit.day else None)
    schedule.run.actions.end_webinar = schedule.run.actions.livestream = True
    created = {key: [s.index for s in slots] for key, slots in
               webinar_groups(run_of_show(schedule), schedule)}
    assert list(created) == [w.key for w in desired_webinars(schedule, Defaults())]
    in_blocks = [c for c in compile_cues(schedule) if c.action and c.block_index is not None
                 and schedule.blocks[c.block_index].kind != BlockKind.break_]
    assert in_blocks
    for cue in in_blocks:
        assert cue.block_index in created[webinar_key(schedule, cue.block_index)], cue.id


def _routed(schedule: Schedule) -> dict[str, str]:
    """Each Zoom action's cue -> the key of the webinar it goes to (what runner/zoom_executor.py sends to)."""
    schedule.run.actions.end_webinar = schedule.run.actions.livestream = True
    schedule.run.actions.pause_recording_in_breaks = True
    return {c.id: cue_webinar_key(schedule, c) for c in compile_cues(schedule) if c.action and c.action != "preflight"
            and (c.kind in (CueKind.close, CueKind.action))}


def test_closing_and_break_actions_go_to_the_live_webinar_in_every_split(forum_path: Path) -> None:
    """Two days (blocks 0-2 on the 6th, 3-6 on the 7th; blocks 2 and 4 are breaks): a day's webinar closes at the
    end of its last block, after a break there has resumed the recording; each webinar streams on its own."""
    assert _routed(_forum(forum_path, WebinarSplit.event, second_day_from=3)) == {
        "livestream-start": "event", "b02.recording-pause": "event", "b02.recording-resume": "event",
        "b04.recording-pause": "event", "b04.recording-resume": "event",
        "livestream-stop": "event", "close": "event"}
    assert _routed(_forum(forum_path, WebinarSplit.day, second_day_from=3)) == {
        "livestream-start": "2022-09-06", "b02.livestream-stop": "2022-09-06", "b02.close": "2022-09-06",
        "b03.livestream-start": "2022-09-07",
        "b02.recording-pause": "2022-09-06", "b02.recording-resume": "2022-09-06",
        "b04.recording-pause": "2022-09-07", "b04.recording-resume": "2022-09-07",
        "livestream-stop": "2022-09-07", "close": "2022-09-07"}
    # split per block: each block's webinar closes at its end; a break has no webinar, so no recording cue
    assert _routed(_forum(forum_path, WebinarSplit.block, second_day_from=3)) == {
        "livestream-start": "b00", "b00.livestream-stop": "b00", "b00.close": "b00",
        "b01.livestream-start": "b01", "b01.livestream-stop": "b01", "b01.close": "b01",
        "b03.livestream-start": "b03", "b03.livestream-stop": "b03", "b03.close": "b03",
        "b05.livestream-start": "b05", "b05.livestream-stop": "b05", "b05.close": "b05",
        "b06.livestream-start": "b06", "livestream-stop": "b06", "close": "b06"}


@pytest.mark.parametrize("split", list(WebinarSplit))
def test_every_routed_key_is_a_webinar_provisioning_creates(forum_path: Path, split: WebinarSplit) -> None:
    schedule = _forum(forum_path, split, second_day_from=3)
    routed = _routed(schedule)
    assert set(routed.values()) <= {w.key for w in desired_webinars(schedule, Defaults())}


def test_each_webinar_closes_at_the_end_of_its_last_block(forum_path: Path) -> None:
    schedule = _forum(forum_path, WebinarSplit.day, second_day_from=3)
    schedule.run.actions.end_webinar = True
    cues = {c.id: c for c in compile_cues(schedule)}
    slots = run_of_show(schedule)
    assert (cues["b02.close"].at, cues["b02.close"].action) == (slots[2].end, "end_webinar")  # day 1 ends with a break
    assert (cues["close"].at, cues["close"].action) == (max(s.end for s in slots), "end_webinar")
