"""`zoomops serve` with many events in one instance, on the embedded sandbox with a fake clock (Zoom's pacing
advances the fake clock; nothing sleeps): the first pass (validate and plan every event), then idle passes
(nothing changed) — the service's scan with its mtime/size cache beside a scan that hashes every file on every
pass (baseline) — and the process's peak RSS.

Run: .venv/bin/python bench/bench_service.py [--events N] [--passes P]
Not measured here (issue 18, not built): cue lateness of N live runners, idle CPU per event, takeover time.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from zoomops.app.context import App
from zoomops.app.serviceops import AppEventOps
from zoomops.app.settings import load_settings
from zoomops.common.clock import FakeClock
from zoomops.service.lifecycle import Service, ServiceOptions
from zoomops.service.store import Lifecycle, SqliteServiceStore
from zoomops.zoom.config import ZoomConfig

FORUM = Path(__file__).resolve().parents[1] / "schedules" / "2022-undesa-krila-forum.yaml"


class HashEveryPass(Service):
    """The baseline: every file read and hashed on every pass."""

    def _hash(self, path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()


def build(root: Path, events: int, cls: type[Service]) -> Service:
    schedules = root / "schedules"
    schedules.mkdir(parents=True, exist_ok=True)
    text = FORUM.read_text(encoding="utf-8")
    for n in range(events):
        path = schedules / f"forum-{n:03d}.yaml"
        if not path.exists():
            path.write_text(text.replace("id: 2022-undesa-krila-forum", f"id: forum-{n:03d}", 1), encoding="utf-8")
    clock = FakeClock(datetime(2022, 9, 1, tzinfo=UTC))
    app = App(load_settings(env_file=None), None, clock, zoom=ZoomConfig(), state=root / "state")
    ops = AppEventOps(app, threaded=False)
    return cls(schedules, SqliteServiceStore(root / "state"), ops, clock, ServiceOptions("bench"))


def timed(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--passes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        service = build(Path(tmp), args.events, Service)
        first = timed(service.tick, 1)[0]
        states = {r.state for r in service.store.events()}
        assert states == {Lifecycle.PLANNED}, states
        idle = timed(service.tick, args.passes)
        baseline = build(Path(tmp), args.events, HashEveryPass)  # same directory and store, the old scan
        base_idle = timed(baseline.tick, args.passes)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    med, base = statistics.median(idle), statistics.median(base_idle)
    print(f"{args.events} events, first pass (validate + plan each on the sandbox): {first:.2f} s "
          f"({first / args.events * 1000:.1f} ms per event)")
    print(f"idle pass, median of {args.passes}: {med * 1000:.1f} ms with the mtime/size cache, "
          f"{base * 1000:.1f} ms hashing every file (baseline): {base / med:.2f}x")
    print(f"peak RSS of the process: {rss_mb:.0f} MB ({rss_mb / args.events * 1024:.0f} KB per event, "
          f"interpreter included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
