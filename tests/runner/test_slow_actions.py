"""A slow Zoom call must not make the cues after it late: actions run on their own ordered thread."""

from __future__ import annotations

import threading
from pathlib import Path

from zoomops.common.clock import SystemClock
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.show.cue import Cue
from zoomops.show.model import Schedule


class SlowExecutor:
    """Blocks the first action until released; records the order actions ran in."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.order: list[str] = []

    def execute(self, cue: Cue) -> dict[str, str]:
        if not self.order:
            self.release.wait(10)
        self.order.append(cue.id)
        return {"status": "ok", "detail": ""}


def test_cues_keep_firing_while_an_action_hangs_and_actions_stay_in_order(tiny: Schedule, tmp_path: Path) -> None:
    executor = SlowExecutor()
    runner = Runner(tiny, tmp_path, SystemClock(), executor, MemoryNotifier(), speed=600)
    runner.start()
    try:
        # The pre-flight action hangs; the rest of the 22-minute day (2.2 s at 600x) must still fire on time.
        assert runner.wait(timeout=15)
        done = runner.ledger.firings() if runner.ledger else {}
        action_cues = [c.id for c in runner.cues if c.action]
        assert all(done[c.id].status == "fired" for c in runner.cues)
        assert executor.order == []  # nothing ran past the hung first action
        executor.release.set()
        report = runner.report()  # waits for the queued actions
    finally:
        runner.stop()
    assert executor.order == action_cues
    assert set(report["actions"]) == set(action_cues)
    assert all(o["status"] == "ok" for o in report["actions"].values())
    assert max(f.lateness_ms for f in done.values()) < 120_000  # event time: within the 120 s grace at 600x

