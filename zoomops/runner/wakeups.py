"""When a runner wakes up, on APScheduler: its cue jobs, its refill job and its heartbeat, under its namespace.

A `WakeupScheduler` is one BackgroundScheduler: `private()` is a runner's own (`zoomops run`: one worker, as
it always was), or one shared by every runner of `zoomops serve` (the service's, on its "cues" executor). A
runner's `Wakeups` places its jobs there and removes exactly its own (ids `<namespace>::<cue id>`, the namespace
with its `:` and `%` percent-encoded so that `::` only ever separates), never
anyone else's; a job that missed its window wakes only the runner it belongs to. Jobs are never the truth:
they are rebuilt from what the runner says is pending (its ledger). Each runner's wake-ups run one at a time,
in order (a `Lane`), so a runner stuck on its ledger holds one shared worker, never the others'.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

from zoomops.runner.lanes import Lane

HEARTBEAT_SECONDS = 5.0
JOB_WINDOW = 256  # cues with a live APScheduler job at any time (see Wakeups.place)
REFILL_CHUNK = 32  # jobs each refill adds: small, so adding them never holds a cue worker long
SEPARATOR = "::"  # <quoted namespace>::<cue id | refill | heartbeat>

Upcoming = Callable[[int, set[str]], list[tuple[str, datetime]]]  # (limit, exclude) -> [(cue id, wall instant)]


class WakeupScheduler:
    """One APScheduler BackgroundScheduler waking runners up; a missed job goes to its namespace's runner."""

    def __init__(self, scheduler: Any, executor: str = "default", *, owned: bool = False) -> None:
        # Lazy: APScheduler loads only when a runner (or the service) is about to schedule.
        from apscheduler.events import EVENT_JOB_MISSED

        self.scheduler = scheduler
        self.executor = executor  # the executor every runner job goes to
        self.owned = owned  # a runner's private scheduler: its runner starts and shuts it down
        self._runners: dict[str, Wakeups] = {}
        self._lock = threading.Lock()
        scheduler.add_listener(self._missed, EVENT_JOB_MISSED)

    @classmethod
    def private(cls) -> WakeupScheduler:
        """One runner's own scheduler (`zoomops run`): one worker thread, jobs coalesced, one instance each."""
        # Lazy: APScheduler loads only when a runner is about to schedule.
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.jobstores.memory import MemoryJobStore
        from apscheduler.schedulers.background import BackgroundScheduler

        scheduler = BackgroundScheduler(
            timezone=UTC,
            jobstores={"default": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1},
        )
        return cls(scheduler, "default", owned=True)

    def register(self, wakeups: Wakeups) -> None:
        with self._lock:
            if wakeups.namespace in self._runners:
                raise ValueError(f"a runner is already scheduled as {wakeups.namespace!r}")
            self._runners[wakeups.namespace] = wakeups

    def unregister(self, wakeups: Wakeups) -> None:
        with self._lock:
            if self._runners.get(wakeups.namespace) is wakeups:
                del self._runners[wakeups.namespace]

    def namespaces(self) -> list[str]:
        with self._lock:
            return sorted(self._runners)

    def job_ids(self, namespace: str) -> list[str]:
        """The ids of the namespace's jobs now in the scheduler (pending ones included)."""
        prefix = quote(namespace, safe="") + SEPARATOR
        return [job.id for job in self.scheduler.get_jobs() if job.id.startswith(prefix)]

    def batch(self) -> Any:
        """Around a bulk rebuild: a private scheduler pauses (no wake-up per added job); a shared one does not
        (other events' cues keep firing; each added job is one short wake-up of the scheduler's thread)."""
        return self._paused() if self.owned else nullcontext()

    @contextmanager
    def _paused(self) -> Iterator[None]:
        self.scheduler.pause()
        try:
            yield
        finally:
            self.scheduler.resume()

    def _missed(self, event: Any) -> None:
        """EVENT_JOB_MISSED (on the worker that found the job late): that job's runner runs what is due."""
        prefix = str(event.job_id).partition(SEPARATOR)[0]
        with self._lock:
            owner = self._runners.get(unquote(prefix))
        if owner is not None:
            owner.missed()


class Wakeups:
    """One runner's jobs: the next JOB_WINDOW cues, a refill job halfway through them, a heartbeat.

    `grace_wall` is the runner's misfire grace in wall seconds (its own speed); a job found later than that is
    not run but reported missed, and the runner's `on_missed` decides (fired late or recorded missed)."""

    def __init__(
        self,
        host: WakeupScheduler,
        namespace: str,
        *,
        grace_wall: int,
        upcoming: Upcoming,
        fire: Callable[[str], None],
        heartbeat: Callable[[], None],
        on_missed: Callable[[], None],
    ) -> None:
        if not namespace:
            raise ValueError("a runner's namespace is not empty")
        self.host = host
        self.namespace = namespace
        self._prefix = quote(namespace, safe="") + SEPARATOR
        self.grace_wall = grace_wall
        self._upcoming = upcoming
        self._fire = fire
        self._heartbeat = heartbeat
        self._on_missed = on_missed
        self._lane = Lane()  # this runner's wake-ups, one at a time, on whichever worker brings one
        self._jobs_lock = threading.Lock()
        self._jobbed: set[str] = set()  # cue ids given a job since the last placement
        self._closed = False

    def job_id(self, local: str) -> str:
        return self._prefix + local

    def start(self) -> None:
        """Register, start a private scheduler (paused until the jobs are in), place the jobs."""
        self.host.register(self)
        if self.host.owned:
            self.host.scheduler.start(paused=True)
        self.place()

    def place(self) -> None:
        """Rebuild this runner's jobs from what is pending (jobs are never the source of truth).

        Only the next JOB_WINDOW cues get a job, so a restart with thousands of cues pending stays fast; a
        refill job, halfway through what is scheduled, adds the next ones (`top_up`).
        """
        wanted = self._upcoming(JOB_WINDOW + 1, set())  # the runner's state lock before _jobs_lock, always
        with self._jobs_lock:
            if self._closed:
                return
            head = wanted[:JOB_WINDOW]
            with self.host.batch():
                self._remove_mine()
                self._jobbed = set()
                self._add(head, more=len(wanted) > len(head))
                self.host.scheduler.add_job(
                    self._wake, "interval", args=[self._heartbeat], seconds=HEARTBEAT_SECONDS,
                    id=self.job_id("heartbeat"), executor=self.host.executor, misfire_grace_time=None,
                    coalesce=True, max_instances=1, replace_existing=True,
                )

    def top_up(self) -> None:
        """Add the next REFILL_CHUNK cues (and a refill job halfway through them, if more are pending)."""
        pending = self._upcoming(REFILL_CHUNK + 1, set(self._jobbed))
        with self._jobs_lock:
            if self._closed:
                return
            wanted = [job for job in pending if job[0] not in self._jobbed]
            try:
                self._add(wanted[:REFILL_CHUNK], more=len(wanted) > REFILL_CHUNK)
            except Exception:  # the scheduler was shut down meanwhile: the run is stopping
                return

    def stop(self) -> None:
        """Remove exactly this runner's jobs (a private scheduler is shut down with them)."""
        with self._jobs_lock:
            self._closed = True
            if not self.host.owned:
                self._remove_mine()
        if self.host.owned and self.host.scheduler.running:
            self.host.scheduler.shutdown(wait=True)
        self.host.unregister(self)

    def missed(self) -> None:
        self._lane.run_here(self._on_missed)

    def jobbed(self) -> set[str]:
        with self._jobs_lock:
            return set(self._jobbed)

    def _remove_mine(self) -> None:
        # Lazy: APScheduler is loaded already (this runner has a scheduler).
        from apscheduler.jobstores.base import JobLookupError

        for job_id in self.host.job_ids(self.namespace):
            try:
                self.host.scheduler.remove_job(job_id)
            except JobLookupError:  # it ran (a date job leaves the store) between the listing and now
                continue

    def _add(self, jobs: list[tuple[str, datetime]], *, more: bool) -> None:
        sched, executor = self.host.scheduler, self.host.executor
        for cue_id, run_at in jobs:
            sched.add_job(self._wake, "date", run_date=run_at, id=self.job_id(cue_id), args=[self._fire, cue_id],
                          executor=executor, misfire_grace_time=self.grace_wall, coalesce=True, max_instances=1,
                          replace_existing=True)
            self._jobbed.add(cue_id)
        if more and jobs:
            sched.add_job(
                self._refill, "date", run_date=jobs[len(jobs) // 2][1], id=self.job_id("refill"), executor=executor,
                misfire_grace_time=None, coalesce=True,
                max_instances=JOB_WINDOW,  # a refill queued behind cues must not make the next one skip (the chain
                replace_existing=True,  # would break and the rest wait for the heartbeat)
            )

    def _wake(self, fn: Callable[..., None], *args: Any) -> None:
        self._lane.run_here(fn, *args)

    def _refill(self) -> None:
        """A private scheduler's one worker stays free for cues: top up from a side thread. On a shared one the
        refill is a job of its own on the pool, outside the runner's lane (cues of this runner do not wait)."""
        if self.host.owned:
            threading.Thread(target=self.top_up, name="zoomops-refill", daemon=True).start()
        else:
            self.top_up()
