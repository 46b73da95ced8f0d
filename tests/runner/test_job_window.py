"""Only a window of cues holds APScheduler jobs; refills keep every cue firing once, in order."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from zoomops.common.clock import SystemClock
from zoomops.runner.actions import NoActions
from zoomops.runner.engine import JOB_WINDOW, Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.show.cue import Audience, Cue, CueKind
from zoomops.show.model import Schedule


def many_cues(n: int, seconds: float) -> list[Cue]:
    start = SystemClock().now() + timedelta(seconds=1)
    kind = CueKind.reminder
    return [Cue(f"c{i:04d}", start + timedelta(seconds=seconds * i / n), Audience.tech_host, kind, f"cue {i}")
            for i in range(n)]


def test_more_cues_than_the_window_all_fire_once_in_order(tiny: Schedule, tmp_path: Path) -> None:
    cues = many_cues(3 * JOB_WINDOW, 3.0)
    notes = MemoryNotifier()
    runner = Runner(tiny, tmp_path, SystemClock(), NoActions(), notes, cues=cues, gap_list=[])
    runner.start()
    try:
        assert runner._scheduler is not None
        jobs = runner._scheduler.get_jobs()
        assert len(jobs) == JOB_WINDOW + 2  # the window, the refill and the heartbeat
        assert runner.wait(timeout=20)
    finally:
        runner.stop()
    fired = [e for e in notes.events if e.get("type") == "cue" and e["status"] == "fired"]
    assert [e["cue"] for e in fired] == [c.id for c in cues]
    # Refills arrive before the window runs dry: no cue waits for the 5 s heartbeat.
    late = [datetime.fromisoformat(e["at"]) - datetime.fromisoformat(e["effective"]) for e in fired]
    assert max(late) < timedelta(seconds=1)
