"""Time `zoomops validate` on the forum schedule as a subprocess, beside Python's own start-up.

Run: .venv/bin/python bench/bench_validate.py [--runs N]
Prints the median wall time of each command over N runs and its ratio to a bare `python -c pass`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEDULE = "schedules/2022-undesa-krila-forum.yaml"
TARGET_SECONDS = 0.5


def wall(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    py = sys.executable
    commands = [
        ("python -c pass", [py, "-c", "pass"]),
        ('python -c "import pydantic"', [py, "-c", "import pydantic"]),
        (f"zoomops validate {SCHEDULE}", [py, "-m", "zoomops", "validate", SCHEDULE]),
    ]
    wall(commands[-1][1], 1)  # warm the page cache and __pycache__
    rows = []
    for label, cmd in commands:
        t = wall(cmd, args.runs)
        rows.append((label, statistics.median(t), min(t), max(t)))
    base = rows[0][1]
    width = max(len(r[0]) for r in rows)
    print(f"{args.runs} runs each, {os.cpu_count()} CPUs, {sys.version.split()[0]}")
    print(f"{'command':<{width}}  {'median s':>9}  {'min s':>7}  {'max s':>7}  {'x pass':>7}")
    for label, med, lo, hi in rows:
        print(f"{label:<{width}}  {med:>9.3f}  {lo:>7.3f}  {hi:>7.3f}  {med / base:>7.1f}")
    validate = rows[-1][1]
    verdict = "within" if validate < TARGET_SECONDS else "OVER"
    print(f"validate median {validate:.3f} s: {verdict} the {TARGET_SECONDS} s target")
    return 0 if validate < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
