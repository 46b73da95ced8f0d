"""`zoomops serve` with N events over a compressed week, live runners and all (issue 18's fleet bench).

N copies of the reference forum, spread over `--days` days (a date and a UTC offset each), in one service
assembled exactly as `zoomops serve` assembles it (`app.serve.assemble`: one App, one Zoom client on the
embedded sandbox, the SQLite store, the lifecycle pass every --poll seconds on its APScheduler job, the HTTP
server, each live event's board). Time is compressed the way `zoomops rehearse --speed` compresses it: the
service reads event time through a `ScaledClock` (a `TimeBase`), and each runner the service starts before its
pre-flight plays at the same speed on the wall clock with its real APScheduler jobs. Nothing is faked: plans,
applies, pre-flight checks and the Zoom actions of every cue go to the sandbox.

Phases: setup at wall speed (plan and auto-apply every event through the one paced Zoom client), idle at wall
speed (all provisioned, none live: CPU seconds per wall second, per event), then the week compressed until every
event is done (RSS, threads and live runners sampled each second). Cue lateness is read afterwards from each
event's `events.jsonl` (the runner's own record): wall lateness = (fired at - effective) / speed. The baseline is
the same bench with one event (same instance code, same speed), each run in its own process (its own peak RSS);
the figures are printed side by side.

Run: .venv/bin/python bench/bench_fleet.py [--events 200] [--speed 1000] [--days 7]   (about 15 minutes)
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_runner import GcProbe  # noqa: E402

from zoomops.app.context import App  # noqa: E402
from zoomops.app.serve import Assembled, ServeConfig, assemble  # noqa: E402
from zoomops.app.settings import load_settings  # noqa: E402
from zoomops.common.clock import SystemClock  # noqa: E402
from zoomops.runner.timebase import ScaledClock, TimeBase  # noqa: E402
from zoomops.zoom.config import ZoomConfig  # noqa: E402

FORUM = Path(__file__).resolve().parents[1] / "schedules" / "2022-undesa-krila-forum.yaml"
FIRST_DAY = date(2022, 9, 5)
# Whole and half-hour UTC offsets: the forum (09:00-14:00 local) starts at a different UTC hour in each.
ZONES = [f"Etc/GMT{-h:+d}" if h else "UTC" for h in range(14, -13, -1)] + ["Asia/Kolkata", "Asia/Kathmandu"]
HOSTS = 4  # Zoom's 100 webinar creates a day are per host user: the fleet is spread over four hosts


def write_events(directory: Path, count: int, days: int) -> None:
    """`count` forums over `days` days: event n on day n // per_day, in zone n % per_day."""
    text = FORUM.read_text(encoding="utf-8")
    per_day = max(1, -(-count // days))
    for n in range(count):
        day = FIRST_DAY + timedelta(days=n // per_day)
        zone = ZONES[n % per_day % len(ZONES)]
        body = (text.replace("id: 2022-undesa-krila-forum", f"id: fleet-{n:03d}", 1)
                .replace("dates: [2022-09-06]", f"dates: [{day.isoformat()}]", 1)
                .replace("timezone: Asia/Seoul", f"timezone: {zone}", 1)
                .replace("host: placeholder+zoom-host@", f"host: placeholder+zoom-host-{n % HOSTS}@", 1))
        (directory / f"fleet-{n:03d}.yaml").write_text(body, encoding="utf-8")


def preflights(directory: Path) -> list[datetime]:
    from zoomops.schedule.loader import load_schedule

    out = []
    for path in sorted(directory.glob("*.yaml")):
        schedule = load_schedule(path).schedule
        out.append(schedule.starts_at().astimezone(UTC) - timedelta(minutes=schedule.run.preflight_minutes))
    return out


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Samples:
    rss: list[float] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)
    live: list[int] = field(default_factory=list)
    peak_names: dict[str, int] = field(default_factory=dict)  # the threads at the peak, by kind

    def take(self, assembled: Assembled) -> None:
        self.rss.append(rss_mb())
        threads = threading.enumerate()
        if len(threads) > max(self.threads, default=0):
            self.peak_names = thread_kinds(threads)
        self.threads.append(len(threads))
        self.live.append(len(assembled.service.runners))


def thread_kinds(threads: list[threading.Thread]) -> dict[str, int]:
    """Threads by name with their numbers dropped ("ThreadPoolExecutor-3_0" -> "ThreadPoolExecutor")."""
    kinds: dict[str, int] = {}
    for thread in threads:
        kind = re.sub(r"[-_]\d+", "", thread.name)
        kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items(), key=lambda kv: -kv[1]))


def states(assembled: Assembled) -> dict[str, int]:
    out: dict[str, int] = {}
    for record in assembled.service.store.events():
        out[str(record.state)] = out.get(str(record.state), 0) + 1
    return out


def lateness(state: Path, speed: float) -> tuple[list[float], dict[str, int], dict[str, int]]:
    """Wall-clock lateness (ms) of every fired cue, cue statuses and Zoom action outcomes, from events.jsonl."""
    late: list[float] = []
    status: dict[str, int] = {}
    actions: dict[str, int] = {}
    for log in sorted((state / "events").glob("*/events.jsonl")):
        for line in log.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            if event.get("type") == "cue":
                status[event["status"]] = status.get(event["status"], 0) + 1
                if event["status"] == "fired":
                    gap = datetime.fromisoformat(event["at"]) - datetime.fromisoformat(event["effective"])
                    late.append(gap.total_seconds() * 1000 / speed)
            elif event.get("type") == "action":
                outcome = str((event.get("outcome") or {}).get("status"))
                actions[outcome] = actions.get(outcome, 0) + 1
    return late, status, actions


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class BenchClock(ScaledClock):
    """The service's clock: wall speed while the events are planned, applied and idle (the production case),
    then `compress(speed)` from the current instant on (continuous: event time never jumps)."""

    def compress(self, speed: float) -> None:
        now_wall = self.base.now()
        # The clock is frozen for everyone else; only the bench switches its speed, once, between phases.
        object.__setattr__(self, "timebase", TimeBase(speed, self.timebase.to_event(now_wall), now_wall))


def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    schedules = root / "schedules"
    schedules.mkdir()
    write_events(schedules, args.events, args.days)
    marks = preflights(schedules)
    settings = load_settings(env_file=None)
    settings = settings.model_copy(update={"defaults": settings.defaults.model_copy(
        update={"daily_create_update_budget": 100 * HOSTS})})
    origin = min(marks) - timedelta(hours=args.lead_hours)
    clock = BenchClock(SystemClock(), TimeBase(1.0, origin, datetime.now(UTC)))
    app = App(settings, None, clock, zoom=ZoomConfig(), state=root / "state", stderr=io.StringIO())
    config = ServeConfig(schedules, port=0, poll_seconds=args.poll, holder="bench",
                         auto_apply_lead=timedelta(days=args.days + 2))
    assembled = assemble(app, config)
    assembled.service.wall = clock.base  # leases and fences on wall time, as `serve --speed` has them
    if args.no_boards and assembled.service.extras is not None:  # the runners alone, to see what boards cost
        assembled.service.extras.host = None  # type: ignore[attr-defined]
    samples = Samples()
    wall0 = time.monotonic()
    assembled.start()
    try:
        while states(assembled).get("provisioned", 0) < args.events:
            time.sleep(0.2)
        setup = time.monotonic() - wall0
        threads_idle = threading.active_count()
        cpu1, wall1 = time.process_time(), time.monotonic()
        time.sleep(args.idle_seconds)
        idle_cpu = (time.process_time() - cpu1) / (time.monotonic() - wall1)
        rss_idle = rss_mb()
        # Compressed from here: a pass every --poll wall seconds is poll * speed event seconds, so the runner
        # starts two passes before pre-flight, and drift reads keep their production wall rate (one per event
        # per 15 wall minutes: 15 min * speed of event time).
        assembled.service.options = replace(assembled.service.options,
                                            runner_lead=timedelta(seconds=2 * args.poll * args.speed),
                                            drift_every=timedelta(minutes=15) * args.speed)
        clock.compress(args.speed)
        gc_probe = GcProbe().__enter__()  # the full collections of the compressed phase
        cpu2, wall2 = time.process_time(), time.monotonic()
        while True:
            samples.take(assembled)
            counts = states(assembled)
            if counts.get("done", 0) + counts.get("failed", 0) >= args.events:
                break
            time.sleep(1.0)
        live_wall, live_cpu = time.monotonic() - wall2, time.process_time() - cpu2
        gc_probe.__exit__()
    finally:
        assembled.stop()
    late, status, actions = lateness(root / "state", args.speed)
    return {"events": args.events, "speed": args.speed, "setup_s": setup, "idle_window_s": args.idle_seconds,
            "poll": args.poll, "idle_cpu": idle_cpu, "threads_idle": threads_idle, "rss_idle": rss_idle,
            "late": late, "status": status, "actions": actions, "states": counts, "samples": samples,
            "wall_s": live_wall, "cpu_s": live_cpu, "gc": gc_probe.pauses,
            "heap": (app.heap.settles, app.heap.refreshes, app.heap.longest_ms)}


def summary(r: dict[str, Any]) -> dict[str, Any]:
    """The figures of one run (JSON)."""
    late, s, n = r["late"], r["samples"], r["events"]
    return {"events": n, "speed": r["speed"], "setup_s": r["setup_s"], "idle_cpu_ms_per_s": r["idle_cpu"] * 1000,
            "idle_cpu_ms_per_s_per_event": r["idle_cpu"] * 1000 / n, "threads_idle": r["threads_idle"],
            "rss_idle_mb": r["rss_idle"], "live_max": max(s.live, default=0),
            "threads_peak": max(s.threads, default=0), "threads_peak_kinds": s.peak_names,
            "rss_peak_mb": max(s.rss, default=0.0),
            "cues": r["status"], "actions": r["actions"], "states": r["states"], "fired": len(late),
            "late_p50_ms": pct(late, 0.5), "late_p99_ms": pct(late, 0.99),
            "late_max_ms": max(late, default=float("nan")),
            "compressed_wall_s": r["wall_s"], "compressed_cpu_s": r["cpu_s"], "load": os.getloadavg(),
            "gc_full": len(r["gc"]), "gc_full_ms": sum(r["gc"]), "gc_full_max_ms": max(r["gc"], default=0.0),
            "heap_settles": r["heap"][0], "heap_refreshes": r["heap"][1]}


ROWS = [  # label, key, format
    ("setup: plan + apply all (paced Zoom client), s", "setup_s", "{:.1f}"),
    ("idle: CPU ms per wall s, whole process", "idle_cpu_ms_per_s", "{:.2f}"),
    ("idle: CPU ms per wall s, per event", "idle_cpu_ms_per_s_per_event", "{:.3f}"),
    ("idle: threads", "threads_idle", "{}"),
    ("idle: RSS MB", "rss_idle_mb", "{:.0f}"),
    ("live: most events live at once", "live_max", "{}"),
    ("live: threads, peak", "threads_peak", "{}"),
    ("live: RSS MB, peak", "rss_peak_mb", "{:.0f}"),
    ("cues fired", "fired", "{}"),
    ("cue lateness p50, wall ms", "late_p50_ms", "{:.2f}"),
    ("cue lateness p99, wall ms", "late_p99_ms", "{:.2f}"),
    ("cue lateness max, wall ms", "late_max_ms", "{:.2f}"),
    ("compressed phase: wall s", "compressed_wall_s", "{:.0f}"),
    ("compressed phase: CPU s", "compressed_cpu_s", "{:.0f}"),
    ("compressed phase: full collections (gc gen 2)", "gc_full", "{}"),
    ("compressed phase: full collections, ms in all", "gc_full_ms", "{:.0f}"),
    ("compressed phase: full collections, longest ms", "gc_full_max_ms", "{:.1f}"),
    ("heap frozen (after runner starts)", "heap_settles", "{}"),
    ("full refreshes in gaps between cues", "heap_refreshes", "{}"),
]


def side_by_side(base: dict[str, Any], fleet: dict[str, Any]) -> list[str]:
    width = max(len(label) for label, _, _ in ROWS)
    fleet_head = f"{fleet['events']} events"
    lines = [f"{'':{width}}  {'baseline (1 event)':>20}  {fleet_head:>20}"]
    for label, key, fmt in ROWS:
        lines.append(f"{label:{width}}  {fmt.format(base[key]):>20}  {fmt.format(fleet[key]):>20}")
    extra = (fleet["rss_peak_mb"] - base["rss_peak_mb"]) / max(fleet["events"] - 1, 1)
    lines.append(f"RSS per added event (peak, {fleet['events']} events vs 1): {extra:.2f} MB")
    for name, r in (("baseline", base), ("fleet", fleet)):
        lines.append(f"{name}: cues {r['cues']}; Zoom actions {r['actions']}; end states {r['states']}; "
                     f"load average after {', '.join(f'{x:.2f}' for x in r['load'])}")
        lines.append(f"{name}: threads at the peak, by name: {r.get('threads_peak_kinds', {})}")
    return lines


def single(args: argparse.Namespace) -> dict[str, Any]:
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # "skipped: maximum number of running instances"
    if args.keep is not None:
        return summary(run(args, args.keep))
    with tempfile.TemporaryDirectory() as tmp:
        return summary(run(args, Path(tmp)))


def child(args: argparse.Namespace, events: int) -> dict[str, Any]:
    """One run in its own process (its own peak RSS), as JSON on its stdout."""
    argv = [sys.executable, __file__, "--single", "--events", str(events), "--speed", str(args.speed),
            "--days", str(args.days), "--poll", str(args.poll), "--idle-seconds", str(args.idle_seconds),
            "--lead-hours", str(args.lead_hours), *(["--no-boards"] if args.no_boards else [])]
    # Its own temporary directory, so its runners' event locks (<tmp>/zoomops-<uid>/, keyed by account and
    # event id) never meet another bench's fleet-000… on the same machine (RunnerBusy, the event failed).
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        out = subprocess.run(argv, check=True, capture_output=True, text=True, env={**os.environ, "TMPDIR": tmp}).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--speed", type=float, default=1000.0)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--poll", type=float, default=5.0, help="wall seconds between service passes (serve's)")
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    parser.add_argument("--lead-hours", type=float, default=3.0,
                        help="event hours from the switch to compressed time to the first pre-flight")
    parser.add_argument("--keep", type=Path, default=None, help="with --single: keep the state here (empty dir)")
    parser.add_argument("--single", action="store_true", help="one run (--events), its figures as JSON")
    parser.add_argument("--no-baseline", action="store_true", help="only the fleet run")
    parser.add_argument("--no-boards", action="store_true", help="live events without their boards")
    args = parser.parse_args()
    if args.single:
        print(json.dumps(single(args), default=str))
        return 0
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    base = child(args, 1) if not args.no_baseline else None
    fleet = child(args, args.events)
    if base is None:
        print(json.dumps(fleet, indent=1, default=str))
        return 0
    for line in side_by_side(base, fleet):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
