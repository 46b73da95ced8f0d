"""Runners on one shared APScheduler scheduler (as `zoomops serve` runs them): each fires its own cues once, at
their instants; stopping one removes only its jobs; a missed job wakes only the runner it belongs to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.executors.pool import ThreadPoolExecutor as JobPool
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger

from zoomops.common.clock import Clock, FakeClock, SystemClock
from zoomops.runner.actions import NoActions
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.runner.wakeups import Wakeups, WakeupScheduler
from zoomops.show.cue import Audience, Cue, CueKind
from zoomops.show.model import Schedule

T = datetime(2022, 9, 6, 0, 0, tzinfo=UTC)
# The same cue ids in every event, at instants that interleave: a/c1 at +10 s, b/c1 at +20 s, c/c1 at +30 s, …
OFFSETS = {"a": [10, 40, 70], "b": [20, 50], "c": [30, 60, 90]}


def cues_at(start: datetime, seconds: list[float]) -> list[Cue]:
    return [Cue(f"c{n + 1}", start + timedelta(seconds=s), Audience.tech_host, CueKind.reminder, f"cue {n + 1}")
            for n, s in enumerate(seconds)]


def shared_host(workers: int = 4) -> WakeupScheduler:
    return WakeupScheduler(BackgroundScheduler(timezone=UTC, executors={"cues": JobPool(max_workers=workers)}),
                           "cues")


def make_runner(tiny: Schedule, root: Path, name: str, clock: Clock, cues: list[Cue], host: WakeupScheduler | None,
                pool: ThreadPoolExecutor | None) -> tuple[Runner, MemoryNotifier]:
    notes = MemoryNotifier()
    (root / "locks").mkdir(exist_ok=True)
    runner = Runner(tiny, root / name, clock, NoActions(), notes, cues=cues, gap_list=[], account=name,
                    lock_dir=root / "locks", scheduler=host, action_pool=pool, namespace=name)
    return runner, notes


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    actions = ThreadPoolExecutor(max_workers=2)
    yield actions
    actions.shutdown()


def fire_date_jobs(host: WakeupScheduler, clock: FakeClock) -> list[tuple[str, datetime]]:
    """Play the scheduler's date jobs (cues, refills) in time order on the fake clock, each at its instant, as
    the scheduler's thread would hand them to a worker; returns (job id, instant) in the order run."""
    ran: list[tuple[str, datetime]] = []
    while jobs := [j for j in host.scheduler.get_jobs() if isinstance(j.trigger, DateTrigger)]:
        job = min(jobs, key=lambda j: j.next_run_time)
        clock.set(job.next_run_time)
        host.scheduler.remove_job(job.id)  # a date job leaves the store when it is handed to a worker
        job.func(*job.args)
        ran.append((job.id, job.next_run_time))
    return ran


def test_three_runners_on_one_scheduler_fire_each_cue_once_at_its_instant(
        tiny: Schedule, tmp_path: Path, pool: ThreadPoolExecutor) -> None:
    clock, host = FakeClock(T), shared_host()
    host.scheduler.start(paused=True)  # jobs get their run times; nothing is run but what the test hands over
    runners = {name: make_runner(tiny, tmp_path, name, clock, cues_at(T, offsets), host, pool)
               for name, offsets in OFFSETS.items()}
    try:
        for runner, _ in runners.values():
            runner.start()
        ran = fire_date_jobs(host, clock)
    finally:
        for runner, _ in runners.values():
            runner.stop()
        host.scheduler.shutdown()
    expected = sorted(((f"{name}::c{n + 1}", T + timedelta(seconds=s)) for name, offsets in OFFSETS.items()
                       for n, s in enumerate(offsets)), key=lambda job: job[1])
    assert ran == expected
    for name, (_runner, notes) in runners.items():
        fired = [(e["cue"], e["at"], e["lateness_ms"]) for e in notes.events if e.get("type") == "cue"]
        assert fired == [(f"c{n + 1}", (T + timedelta(seconds=s)).isoformat(), 0)
                         for n, s in enumerate(OFFSETS[name])], name


def test_stopping_one_runner_removes_exactly_its_jobs(tiny: Schedule, tmp_path: Path,
                                                      pool: ThreadPoolExecutor) -> None:
    clock, host = FakeClock(T), shared_host()
    host.scheduler.start(paused=True)
    runners = {name: make_runner(tiny, tmp_path, name, clock, cues_at(T, offsets), host, pool)[0]
               for name, offsets in OFFSETS.items()}
    try:
        for runner in runners.values():
            runner.start()
        ids = {j.id for j in host.scheduler.get_jobs()}
        assert ids == {f"{name}::{local}" for name, offsets in OFFSETS.items()
                       for local in [*(f"c{n + 1}" for n in range(len(offsets))), "heartbeat"]}
        runners["b"].stop()
        assert {j.id for j in host.scheduler.get_jobs()} == {i for i in ids if not i.startswith("b::")}
        assert host.namespaces() == ["a", "c"] and host.scheduler.running  # the shared scheduler goes on
        runners["a"].delay(1)  # a rebuild of a's jobs leaves c's alone
        assert {j.id for j in host.scheduler.get_jobs()} == {i for i in ids if not i.startswith("b::")}
        assert host.scheduler.get_job("a::c1").next_run_time == T + timedelta(seconds=70)
        assert host.scheduler.get_job("c::c1").next_run_time == T + timedelta(seconds=30)
    finally:
        for runner in runners.values():
            runner.stop()
        host.scheduler.shutdown()
    assert host.scheduler.get_jobs() == []


def test_a_missed_job_wakes_only_its_own_runner() -> None:
    """Two namespaces with the same cue id: the one in the past is found late by the real scheduler
    (EVENT_JOB_MISSED), and only its runner is told; the other's job stays for its time."""
    host = shared_host()
    woken: dict[str, threading.Event] = {"a": threading.Event(), "b": threading.Event()}
    fired: list[str] = []
    now = datetime.now(UTC)
    when = {"a": now - timedelta(seconds=30), "b": now + timedelta(hours=1)}

    def wakeups(name: str) -> Wakeups:
        return Wakeups(host, name, grace_wall=1, upcoming=lambda _n, _x: [("c1", when[name])],
                       fire=lambda cue: fired.append(f"{name}/{cue}"), heartbeat=lambda: None,
                       on_missed=woken[name].set)

    a, b = wakeups("a"), wakeups("b")
    a.start()
    b.start()
    host.scheduler.start()
    try:
        assert woken["a"].wait(10)
        assert not woken["b"].is_set() and fired == []
        assert sorted(j.id for j in host.scheduler.get_jobs()) == ["a::heartbeat", "b::c1", "b::heartbeat"]
    finally:
        a.stop()
        b.stop()
        host.scheduler.shutdown()


def test_a_namespace_with_colons_keeps_its_jobs_apart() -> None:
    host = shared_host()
    later = datetime.now(UTC) + timedelta(hours=1)
    made: list[Wakeups] = []
    for name in ("x", "x::y", "x%3A%3Ay"):
        made.append(Wakeups(host, name, grace_wall=1, upcoming=lambda _n, _x: [("c1", later)], fire=print,
                            heartbeat=lambda: None, on_missed=lambda: None))
        made[-1].start()
    assert [len(host.job_ids(w.namespace)) for w in made] == [2, 2, 2]
    made[1].stop()
    assert sorted(j.id for j in host.scheduler.get_jobs()) == [
        "x%253A%253Ay::c1", "x%253A%253Ay::heartbeat", "x::c1", "x::heartbeat"]


def test_real_scheduler_shared_by_three_runners_fires_every_cue_once_in_order(
        tiny: Schedule, tmp_path: Path, pool: ThreadPoolExecutor) -> None:
    """The real thing: one started BackgroundScheduler, the wall clock; 3 × 40 cues interleaved over 2 s."""
    host = shared_host()
    host.scheduler.start()
    start = SystemClock().now() + timedelta(seconds=1)
    runners: dict[str, tuple[Runner, MemoryNotifier]] = {}
    for k, name in enumerate("abc"):
        cues = cues_at(start, [0.05 * n + 0.015 * k for n in range(40)])
        runners[name] = make_runner(tiny, tmp_path, name, SystemClock(), cues, host, pool)
    try:
        for runner, _ in runners.values():
            runner.start()
        assert [t.name for t in threading.enumerate()].count("APScheduler") == 1
        assert all(runner.wait(timeout=20) for runner, _ in runners.values())
    finally:
        for runner, _ in runners.values():
            runner.stop()
        host.scheduler.shutdown()
    for _runner, notes in runners.values():
        fired = [e for e in notes.events if e.get("type") == "cue"]
        assert [(e["cue"], e["status"]) for e in fired] == [(f"c{n + 1}", "fired") for n in range(40)]
        late = [datetime.fromisoformat(e["at"]) - datetime.fromisoformat(e["effective"]) for e in fired]
        assert max(late) < timedelta(seconds=1)  # no cue waited for the 5 s heartbeat


def test_zoomops_run_keeps_a_scheduler_of_its_own(tiny: Schedule, tmp_path: Path) -> None:
    start = SystemClock().now() + timedelta(hours=1)
    runner, _ = make_runner(tiny, tmp_path, "solo", SystemClock(), cues_at(start, [0, 1]), None, None)
    runner.start()
    try:
        sched: Any = runner._scheduler
        assert sched is not None and sched.running
        grace = {j.id: (j.misfire_grace_time, j.executor, j.coalesce, j.max_instances) for j in sched.get_jobs()}
        assert grace == {"solo::c1": (tiny.run.misfire_grace_seconds, "default", True, 1),
                         "solo::c2": (tiny.run.misfire_grace_seconds, "default", True, 1),
                         "solo::heartbeat": (None, "default", True, 1)}
    finally:
        runner.stop()
    assert not sched.running


class GatedZoom:
    """An action executor whose calls wait for a gate (a slow Zoom), recording the order they were made in."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate
        self.calls: list[str] = []

    def execute(self, cue: Cue) -> dict[str, Any]:
        if self.gate is not None:
            assert self.gate.wait(10)
        self.calls.append(cue.id)
        return {"status": "ok"}


def test_zoom_calls_keep_each_events_order_and_a_slow_event_holds_up_no_other(
        tiny: Schedule, tmp_path: Path, pool: ThreadPoolExecutor) -> None:
    clock, host, gate = FakeClock(T), shared_host(), threading.Event()
    host.scheduler.start(paused=True)
    zoom = {"slow": GatedZoom(gate), "quick": GatedZoom()}
    runners = {}
    for name, executor in zoom.items():
        cues = [replace(c, action="recording_pause") for c in cues_at(T, [10, 20, 30])]
        (tmp_path / "locks").mkdir(exist_ok=True)
        runners[name] = Runner(tiny, tmp_path / name, clock, executor, MemoryNotifier(), cues=cues, gap_list=[],
                               account=name, lock_dir=tmp_path / "locks", scheduler=host, action_pool=pool,
                               namespace=name)
    try:
        for runner in runners.values():
            runner.start()
        fire_date_jobs(host, clock)
        runners["quick"].drain_actions(timeout=10)  # while every call of "slow" waits on its gate
        assert (zoom["quick"].calls, zoom["slow"].calls) == (["c1", "c2", "c3"], [])
        gate.set()
        runners["slow"].drain_actions(timeout=10)
        assert zoom["slow"].calls == ["c1", "c2", "c3"]
    finally:
        gate.set()
        for runner in runners.values():
            runner.stop()
        host.scheduler.shutdown()
