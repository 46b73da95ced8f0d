"""Runner bench: cue lateness (real APScheduler, real clock), idle CPU, restart-to-resumed time (event locks in
each run's temp dir, so a runner of the forum elsewhere on the machine does not refuse it).

.venv/bin/python bench/bench_runner.py [--window 10] [--events 500] [--cues 40]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from zoomops.common.clock import FakeClock, SystemClock
from zoomops.runner.actions import NoActions
from zoomops.runner.engine import Runner
from zoomops.runner.events import CueEvent, RunnerEvent
from zoomops.schedule.loader import load_schedule
from zoomops.show.cue import Audience, Cue, CueKind
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues

ROOT = Path(__file__).resolve().parents[1]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"


class LatenessProbe:
    """A notifier that measures actual - effective for every fired cue, in milliseconds."""

    def __init__(self, expected: int) -> None:
        self.lateness_ms: list[float] = []
        self.missed = 0
        self.expected = expected
        self.done = threading.Event()

    def emit(self, event: RunnerEvent) -> None:
        if not isinstance(event, CueEvent):
            return
        if event.status == "fired":
            late = datetime.fromisoformat(event.at) - datetime.fromisoformat(event.effective)
            self.lateness_ms.append(late.total_seconds() * 1000)
        else:
            self.missed += 1
        if len(self.lateness_ms) + self.missed >= self.expected:
            self.done.set()

    def close(self) -> None:
        return None


def retime(cues: Sequence[Cue], start: datetime, window: float) -> list[Cue]:
    """The same cues squeezed linearly into [start, start + window] seconds."""
    first, last = min(c.at for c in cues), max(c.at for c in cues)
    span = (last - first).total_seconds() or 1.0
    return [
        Cue(
            c.id,
            start + timedelta(seconds=(c.at - first).total_seconds() / span * window),
            c.audience,
            c.kind,
            c.message,
        )
        for c in cues
    ]


def synthetic(events: int, per_event: int, start: datetime, window: float) -> list[Cue]:
    """`events` x `per_event` cues spread evenly (and interleaved) over the window."""
    total = events * per_event
    return [
        Cue(
            f"e{n // per_event:03d}.c{n % per_event:02d}",
            start + timedelta(seconds=window * n / total),
            Audience.tech_host,
            CueKind.reminder,
            f"cue {n}",
        )
        for n in range(total)
    ]


class GcProbe:
    """The full (generation 2) collections of this process during a run: how many, their pauses in ms."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._began = 0.0

    def __enter__(self) -> GcProbe:
        gc.callbacks.append(self._seen)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._seen)

    def _seen(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append((time.perf_counter() - self._began) * 1000)


def lateness_run(schedule: Schedule, cues: list[Cue], window: float) -> dict[str, float]:
    """Fire `cues` with the real scheduler and clock; lateness percentiles in ms."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = LatenessProbe(len(cues))
        runner = Runner(schedule, Path(tmp), SystemClock(), NoActions(), probe, cues=cues, gap_list=[],
                        lock_dir=Path(tmp))
        runner.start()
        probe.done.wait(window + 60)
        runner.stop()
    values = sorted(probe.lateness_ms)
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"n": len(values), "missed": probe.missed, "p50": statistics.median(values), "p99": q[98], "max": values[-1]}


def idle_cpu(schedule: Schedule, seconds: float) -> float:
    """Process CPU milliseconds per wall second while the runner waits for a cue far away."""
    with tempfile.TemporaryDirectory() as tmp:
        later = SystemClock().now() + timedelta(hours=1)
        runner = Runner(
            schedule,
            Path(tmp),
            SystemClock(),
            NoActions(),
            LatenessProbe(1),
            cues=synthetic(500, 40, later, 600),
            gap_list=[],
            lock_dir=Path(tmp),
        )
        runner.start()
        time.sleep(0.5)
        cpu0, wall0 = time.process_time(), time.monotonic()
        time.sleep(seconds)
        cpu = time.process_time() - cpu0
        wall = time.monotonic() - wall0
        runner.stop()
    return cpu * 1000 / wall


def restart_time(schedule: Schedule, cues_of: Any, label: str) -> tuple[str, float, int]:
    """Seconds from Runner() to resumed (ledger read, catch-up, jobs scheduled) with half the cues done."""
    with tempfile.TemporaryDirectory() as tmp:
        base = SystemClock().now() + timedelta(minutes=10)
        cues = cues_of(base)
        mid = sorted(c.at for c in cues)[len(cues) // 2]
        first = Runner(
            schedule,
            Path(tmp),
            FakeClock(base - timedelta(seconds=1)),
            NoActions(),
            LatenessProbe(0),
            cues=cues,
            gap_list=[],
            threaded=False,
            lock_dir=Path(tmp),
        )
        first.start()
        first.advance_to(mid)
        first.stop()
        t0 = time.perf_counter()
        again = Runner(
            schedule, Path(tmp), SystemClock(), NoActions(), LatenessProbe(0), cues=cues_of(base), gap_list=[],
            lock_dir=Path(tmp),
        )
        again.start()
        elapsed = time.perf_counter() - t0
        pending = len(again._scheduler.get_jobs()) - 1 if again._scheduler else 0
        again.stop()
    return label, elapsed, pending


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--window", type=float, default=10.0, help="seconds the 500-event cues are spread over")
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--cues", type=int, default=40)
    parser.add_argument("--idle", type=float, default=5.0, help="idle interval for the CPU measurement")
    args = parser.parse_args()
    schedule = load_schedule(FORUM).schedule
    forum_cues = compile_cues(schedule)
    now = SystemClock().now()

    one = lateness_run(schedule, retime(forum_cues, now + timedelta(seconds=1.5), 5.0), 5.0)
    many = lateness_run(
        schedule, synthetic(args.events, args.cues, now + timedelta(seconds=8.0), args.window), args.window
    )
    cpu = idle_cpu(schedule, args.idle)
    restarts = [
        restart_time(schedule, lambda b: retime(forum_cues, b, 5.0), f"forum ({len(forum_cues)} cues)"),
        restart_time(
            schedule, lambda b: synthetic(args.events, args.cues, b, args.window), f"{args.events}x{args.cues} cues"
        ),
    ]

    print(f"{'scenario':<34} {'cues':>6} {'missed':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for label, r in (
        ("1 event (forum, 5 s window)", one),
        (f"{args.events} events x {args.cues} ({args.window:g} s)", many),
    ):
        print(f"{label:<34} {r['n']:>6} {r['missed']:>6} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['max']:>8.2f}")
    print(f"\nidle CPU (20000 cues pending, {args.idle:g} s): {cpu:.3f} ms CPU per wall second")
    for label, seconds, pending in restarts:
        print(f"restart to resumed, {label}, half done: {seconds * 1000:.0f} ms ({pending} jobs re-scheduled)")


if __name__ == "__main__":
    main()
