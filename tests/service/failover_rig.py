"""Real `zoomops serve` processes on one PostgreSQL and one served sandbox (the faults suite's `World`: the
faults forum provisioned, its webinar started, every request logged), for the failover and partition tests.

Each instance plays one machine: its own state directory and its own temporary directory (the runner's
per-machine event lock), a unique holder name per life. Time is compressed (`serve --speed --start-at
--wall-origin`, the same for all) and leases are short (`--lease-seconds` etc.). The witnesses are the database
(leases, claims under their fencing tokens, on the database's clock) and the sandbox's request log, stamped here
with the wall time of arrival and the caller's bearer token (one per process)."""

from __future__ import annotations

import json
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from tests.faults.conftest import ROOT, START_AT, World
from zoomops.sandbox.wire import SandboxRequest, SandboxResponse

KEY = "faults.yaml"
WRITES = ("PUT", "PATCH", "POST", "DELETE")


@dataclass(frozen=True)
class Request:
    """One request the sandbox answered: wall time of arrival, caller's token, method, path, JSON body."""

    at: float
    caller: str
    method: str
    path: str
    body: Any


@dataclass
class Life:
    machine: str
    holder: str
    proc: subprocess.Popen[bytes]
    log: Path


@dataclass
class Pair:
    """Two machines ("a", "b") running `zoomops serve` on one schedules directory and one database."""

    world: World
    dsn: str
    tmp: Path
    speed: float
    lease: tuple[float, float, float] = (2.0, 0.5, 0.5)  # ttl, renew, margin (seconds)
    dsns: dict[str, str] = field(default_factory=dict)  # a machine's own way to the database (a proxy...)
    lives: list[Life] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    wall_origin: datetime = field(default_factory=lambda: datetime.now(UTC) + timedelta(seconds=4))

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        sandbox = self.world.sandbox
        plain: Callable[[SandboxRequest], SandboxResponse] = sandbox.handle

        def stamped(request: SandboxRequest) -> SandboxResponse:
            at = time.time()
            response = plain(request)
            try:
                body = request.json()
            except ValueError:
                body = None
            with self._lock:
                self.requests.append(Request(at, request.header("Authorization") or "", request.method,
                                             request.path, body))
            return response

        sandbox.handle = stamped  # type: ignore[method-assign]

    # ---- processes ----
    def start(self, machine: str) -> Life:
        number = sum(1 for life in self.lives if life.machine == machine) + 1
        holder = f"{machine}{number}"
        state, temp = self.tmp / f"machine-{machine}", self.tmp / f"tmp-{machine}"
        temp.mkdir(parents=True, exist_ok=True)
        ttl, renew, margin = self.lease
        env = {**self.world.env, "ZOOMOPS_STATE_DIR": str(state), "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
        log = self.tmp / f"{holder}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "zoomops", "serve", str(self.world.schedule.parent), "--port", "0",
                 "--database", self.dsns.get(machine, self.dsn), "--holder", holder, "--poll", "1",
                 "--auto-apply-hours", "24", "--lease-seconds", str(ttl), "--renew-seconds", str(renew),
                 "--fence-margin-seconds", str(margin), "--speed", str(self.speed), "--start-at", START_AT,
                 "--wall-origin", self.wall_origin.isoformat()],
                env=env, stdout=out, stderr=subprocess.STDOUT)
        life = Life(machine, holder, proc, log)
        self.lives.append(life)
        return life

    def kill(self, life: Life) -> float:
        at = time.time()
        life.proc.send_signal(signal.SIGKILL)
        life.proc.wait(timeout=10)
        return at

    def stop_all(self) -> None:
        for life in self.lives:
            if life.proc.poll() is None:
                life.proc.send_signal(signal.SIGTERM)
        for life in self.lives:
            try:
                life.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                life.proc.kill()
                life.proc.wait(timeout=10)

    def up(self, life: Life) -> bool:
        """The instance has made its first pass and serves (it prints its address then)."""
        return f"holder {life.holder}" in life.log.read_text(errors="replace")

    def life_of(self, holder: str) -> Life:
        return next(life for life in self.lives if life.holder == holder)

    # ---- the database, as witness ----
    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        """Rows from the database ([] before the first instance created the tables)."""
        with psycopg.connect(self.dsn, autocommit=True) as db:
            try:
                return list(db.execute(sql, args).fetchall())
            except psycopg.errors.UndefinedTable:
                return []

    def holder(self) -> tuple[str, int, float] | None:
        """(holder, token, acquired at) of the event's lease, acquired at on the database's clock (epoch)."""
        rows = self.rows("SELECT holder, token, extract(epoch FROM acquired_at) FROM zoomops_leases WHERE key = %s",
                         KEY)
        return (rows[0][0], int(rows[0][1]), float(rows[0][2])) if rows else None

    def state(self) -> str | None:
        rows = self.rows("SELECT state FROM zoomops_events WHERE key = %s", KEY)
        return rows[0][0] if rows else None

    def claims(self) -> list[tuple[str, str, int, float]]:
        """(cue, status, fencing token, claimed at on the database's clock) of every cue claimed."""
        return [(r[0], r[1], int(r[2]), float(r[3])) for r in self.rows(
            "SELECT cue_id, status, fence, extract(epoch FROM claimed_db_at) FROM zoomops_firings "
            "WHERE event_key = %s ORDER BY seq", KEY)]

    def actions(self) -> dict[str, tuple[str, int, dict[str, Any] | None]]:
        return {r[0]: (r[1], int(r[2]), json.loads(r[3]) if r[3] else None) for r in self.rows(
            "SELECT cue_id, state, fence, outcome FROM zoomops_actions WHERE event_key = %s", KEY)}

    def wait_for(self, what: Callable[[], Any], timeout: float, poll: float = 0.02) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = what()
            if found:
                return found
            time.sleep(poll)
        raise AssertionError(f"not within {timeout}s: {getattr(what, '__name__', what)}\n{self.tail()}")

    def tail(self) -> str:
        return "\n".join(f"--- {life.holder}\n" + life.log.read_text(errors="replace")[-3000:] for life in self.lives)

    # ---- the sandbox, as witness ----
    def writes(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.method in WRITES and "/oauth/" not in r.path]

    def announcements(self) -> list[dict[str, Any]]:
        """Every fired cue announced by any life (each machine's events.jsonl; lines cut by SIGKILL skipped)."""
        found = []
        for machine in {life.machine for life in self.lives}:
            path = self.tmp / f"machine-{machine}" / "events" / "faults" / "events.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if event.get("type") == "cue" and event.get("status") == "fired":
                    found.append(event)
        return found

    def run_events(self, machine: str, state: str) -> list[dict[str, Any]]:
        path = self.tmp / f"machine-{machine}" / "events" / "faults" / "events.jsonl"
        events = []
        for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("type") == "run" and event.get("state") == state:
                events.append(event)
        return events


def exactly_once(world: World, writes: list[Request]) -> dict[str, int]:
    """How many times each of the faults forum's Zoom actions reached the sandbox."""
    webinar = world.webinar_id

    def count(verb: str, suffix: str, **body: Any) -> int:
        return sum(1 for r in writes if r.method == verb and r.path.endswith(suffix)
                   and all((r.body or {}).get(k) == v for k, v in body.items()))

    return {
        "end webinar": count("PUT", f"/webinars/{webinar}/status"),
        "livestream start": count("PATCH", f"/webinars/{webinar}/livestream/status", action="start"),
        "livestream stop": count("PATCH", f"/webinars/{webinar}/livestream/status", action="stop"),
        "recording pause": count("PATCH", f"/live_meetings/{webinar}/events", method="recording.pause"),
        "recording resume": count("PATCH", f"/live_meetings/{webinar}/events", method="recording.resume"),
    }


EXPECTED_ACTIONS = {"end webinar": 1, "livestream start": 1, "livestream stop": 1, "recording pause": 2,
                    "recording resume": 2}


def figures(values: list[float]) -> str:
    """p50 / p99 / max of seconds, for the test's printout."""
    ordered = sorted(values)
    p99 = statistics.quantiles(ordered, n=100, method="inclusive")[98] if len(ordered) > 1 else ordered[0]
    return f"p50 {statistics.median(ordered):.2f}s, p99 {p99:.2f}s, max {ordered[-1]:.2f}s (n={len(ordered)})"
