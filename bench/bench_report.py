"""Attendance figures for a large webinar: the report's sweep beside a naive count at every join (baseline).

Run: .venv/bin/python bench/bench_report.py [--people N] [--runs R]
Builds N people with 3 join records each over a five-hour programme of 7 blocks, then times `people()` (merge
per person) and the per-block unique/peak figures, the report's one sweep against the straightforward
"count who is present at each join instant" it replaced. Prints medians and the ratio; both must agree.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from zoomops.common.clock import utc_z
from zoomops.report import attendance as att

START = datetime(2022, 9, 6, 0, 0, tzinfo=UTC)


def records(people: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for n in range(people):
        for _ in range(3):
            a = START + timedelta(minutes=rng.uniform(0, 280))
            b = a + timedelta(minutes=rng.uniform(1, 60))
            out.append(
                {"id": f"u{n}", "name": f"P{n}", "join_time": utc_z(a), "leave_time": utc_z(b), "status": "in_meeting"}
            )
    return out


def naive(persons: Sequence[att.Person], start: datetime, end: datetime) -> dict[str, int]:
    """The baseline: who is present at the window start and at each join inside it, counted person by person."""
    present = [p for p in persons if p.present_during(start, end)]
    instants = [start] + [a for p in present for a, _ in p.intervals if start <= a < end]
    peak = max((sum(1 for p in present if any(a <= t < b for a, b in p.intervals)) for t in instants), default=0)
    return {"unique": len(present), "peak": peak}


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = records(args.people)
    blocks = [(START + timedelta(minutes=40 * i), START + timedelta(minutes=40 * i + 40)) for i in range(7)]
    merge_s, persons = median_time(lambda: att.people(rows), args.runs)
    assert isinstance(persons, list)
    sweep_s, sweep = median_time(lambda: [att.window_figures(persons, a, b) for a, b in blocks], args.runs)
    naive_s, base = median_time(lambda: [naive(persons, a, b) for a, b in blocks], args.runs)
    if sweep != base:
        raise SystemExit(f"figures differ: sweep {sweep} vs baseline {base}")
    print(f"{args.people} people, {len(rows)} join records, 7 blocks (median of {args.runs})")
    print(f"  merge per person      {merge_s * 1000:8.1f} ms")
    print(f"  per-block, sweep      {sweep_s * 1000:8.1f} ms")
    print(f"  per-block, baseline   {naive_s * 1000:8.1f} ms   ({naive_s / sweep_s:.0f}x the sweep)")


if __name__ == "__main__":
    main()
