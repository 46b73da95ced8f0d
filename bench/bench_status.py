"""Console live panel bench: what one `runner.status()` costs (the panel calls it twice a second) at the end of
a 500 events x 40 cues run, when the ledger holds every firing.

.venv/bin/python bench/bench_status.py [--events 500] [--cues 40] [--calls 200]

The cues fire on a fake clock (no waiting); then `status()` and `position()` (what it is built on) are timed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_runner import FORUM, synthetic

from zoomops.common.clock import FakeClock
from zoomops.runner.actions import NoActions
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.schedule.loader import load_schedule


def timed(call, calls: int) -> tuple[float, float]:
    """Median and max CPU time of `calls` calls, in ms (CPU time: the machine is shared)."""
    took = []
    for _ in range(calls):
        started = time.thread_time()
        call()
        took.append((time.thread_time() - started) * 1000)
    return statistics.median(took), max(took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--cues", type=int, default=40)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    schedule = load_schedule(FORUM).schedule
    clock = FakeClock(datetime(2030, 1, 1, tzinfo=UTC))
    cues = synthetic(args.events, args.cues, clock.now(), 600)
    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(schedule, Path(tmp), clock, NoActions(), MemoryNotifier(), cues=cues, gap_list=[],
                        threaded=False, lock_dir=Path(tmp))
        runner.start()
        runner.advance_to(cues[-1].at)
        rows = len(runner.ledger.firings()) if runner.ledger is not None else 0
        status = timed(runner.status, args.calls)
        position = timed(runner.position, args.calls)
        runner.stop()
    print(f"{len(cues)} cues fired, {rows} ledger rows; over {args.calls} calls, median / max:")
    print(f"  runner.status()   {status[0]:7.2f} / {status[1]:7.2f} ms  (the console panel: 2 calls a second)")
    print(f"  runner.position() {position[0]:7.2f} / {position[1]:7.2f} ms")


if __name__ == "__main__":
    main()
