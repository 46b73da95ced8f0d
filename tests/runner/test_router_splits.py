"""WebinarRouter over a two-day schedule: each Zoom action reaches the webinar live at that point, in every split;
each webinar of a split event starts and stops its own live stream."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

import pytest

from zoomops.provision.desired import desired_webinars
from zoomops.runner.zoom_executor import WebinarRouter
from zoomops.schedule.defaults import Defaults
from zoomops.schedule.loader import load_schedule
from zoomops.show.model import Schedule, WebinarSplit
from zoomops.show.timeline import compile_cues
from zoomops.zoom.client import ZoomClient


class RecordingClient:
    """The three ZoomClient calls the runner's actions make, recorded as (call, webinar id, argument)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, str]] = []

    def end_webinar(self, webinar_id: int) -> None:
        self.calls.append(("end", webinar_id, ""))

    def livestream_status(self, webinar_id: int, action: str) -> None:
        self.calls.append(("livestream", webinar_id, action))

    def in_meeting_event(self, webinar_id: int, method: str) -> None:
        self.calls.append(("event", webinar_id, method))


def _two_days(forum_path: Path, split: WebinarSplit) -> Schedule:
    schedule = load_schedule(forum_path).schedule.model_copy(deep=True)
    schedule.zoom.split = split
    schedule.event.dates = [date(2022, 9, 6), date(2022, 9, 7)]
    for block in schedule.blocks[3:]:
        block.date = date(2022, 9, 7)
    actions = schedule.run.actions
    actions.end_webinar = actions.livestream = actions.pause_recording_in_breaks = True
    return schedule


EXPECTED = {  # (cue, call) in firing order; webinar ids 101, 102, ... in provisioning's order
    WebinarSplit.event: [("livestream-start", ("livestream", 101, "start")),
                         ("b02.recording-pause", ("event", 101, "recording.pause")),
                         ("b02.recording-resume", ("event", 101, "recording.resume")),
                         ("b04.recording-pause", ("event", 101, "recording.pause")),
                         ("b04.recording-resume", ("event", 101, "recording.resume")),
                         ("livestream-stop", ("livestream", 101, "stop")), ("close", ("end", 101, ""))],
    WebinarSplit.day: [("livestream-start", ("livestream", 101, "start")),
                       ("b02.recording-pause", ("event", 101, "recording.pause")),
                       ("b02.recording-resume", ("event", 101, "recording.resume")),
                       ("b02.livestream-stop", ("livestream", 101, "stop")), ("b02.close", ("end", 101, "")),
                       ("b03.livestream-start", ("livestream", 102, "start")),
                       ("b04.recording-pause", ("event", 102, "recording.pause")),
                       ("b04.recording-resume", ("event", 102, "recording.resume")),
                       ("livestream-stop", ("livestream", 102, "stop")), ("close", ("end", 102, ""))],
    WebinarSplit.block: [("livestream-start", ("livestream", 101, "start")),
                         ("b00.livestream-stop", ("livestream", 101, "stop")), ("b00.close", ("end", 101, "")),
                         ("b01.livestream-start", ("livestream", 102, "start")),
                         ("b01.livestream-stop", ("livestream", 102, "stop")), ("b01.close", ("end", 102, "")),
                         ("b03.livestream-start", ("livestream", 103, "start")),
                         ("b03.livestream-stop", ("livestream", 103, "stop")), ("b03.close", ("end", 103, "")),
                         ("b05.livestream-start", ("livestream", 104, "start")),
                         ("b05.livestream-stop", ("livestream", 104, "stop")), ("b05.close", ("end", 104, "")),
                         ("b06.livestream-start", ("livestream", 105, "start")),
                         ("livestream-stop", ("livestream", 105, "stop")), ("close", ("end", 105, ""))],
}


@pytest.mark.parametrize("split", list(WebinarSplit))
def test_every_action_reaches_a_provisioned_webinar(forum_path: Path, split: WebinarSplit) -> None:
    schedule = _two_days(forum_path, split)
    ids = {w.key: 101 + n for n, w in enumerate(desired_webinars(schedule, Defaults()))}
    client = RecordingClient()
    router = WebinarRouter(schedule, cast(ZoomClient, client), ids)
    seen = []
    for cue in compile_cues(schedule):
        if cue.action and cue.action != "preflight":
            assert router.execute(cue) == {"status": "ok", "detail": ""}, cue.id
            seen.append((cue.id, client.calls[-1]))
    assert seen == EXPECTED[split]


def test_only_the_last_close_says_the_programme_is_over(forum_path: Path) -> None:
    """Split per block: the first webinar ends with the programme going on in the next one."""
    cues = {c.id: c for c in compile_cues(_two_days(forum_path, WebinarSplit.block))}
    assert str(cues["b00.close"].message) == (
        "Close: ending this webinar after Opening Session; the programme goes on in the next one")
    assert str(cues["close"].message) == "Close: the programme is over; ending the webinar"
