"""The benches' lateness probe reads the runner's typed events (bench/bench_runner.py, used by bench_board.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from zoomops.runner.events import ActionEvent, CueEvent
from zoomops.show.cue import CueKind

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import bench_runner


def _cue(status: str, at: str) -> CueEvent:
    return CueEvent(status, "c1", CueKind.reminder, "tech-host", "cue", None,  # type: ignore[arg-type]
                    "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:01+00:00", at, "09:00:01", 0)


def test_the_probe_measures_fired_cues_and_counts_the_rest() -> None:
    probe = bench_runner.LatenessProbe(3)
    probe.emit(_cue("fired", "2026-01-01T00:00:01.0125+00:00"))
    probe.emit(ActionEvent("c1", "start", {"status": "ok"}))  # not a cue: ignored
    probe.emit(_cue("missed", "2026-01-01T00:00:09+00:00"))
    assert probe.lateness_ms == [12.5] and probe.missed == 1 and not probe.done.is_set()
    probe.emit(_cue("fired", "2026-01-01T00:00:01+00:00"))
    assert probe.lateness_ms == [12.5, 0.0] and probe.done.is_set()
