"""Each event's lifecycle, one step per `tick()`: the schedules directory is scanned (content hashes), a changed
file is validated and planned, an approved plan is applied, the briefings are mailed `briefing_lead` before the
start (when the service has `extras` and SMTP is configured), the runner starts at pre-flight time, the event is
done after its end and its report is written; a provisioned event is read back from Zoom every `drift_every` and
a change made in Zoom becomes a plan that waits for an organizer (never applied on its own). Time comes from the
injected clock.

Leases (one per event, with a fencing token) decide which instance acts on an event. `keep_leases()` runs every
`lease_renew` apart from the passes: it renews every lease this instance holds in one call, and takes over a live
event whose runner no instance holds any more. Each held lease has a `Fence` that the runner's shared ledger
checks before every write; a lease that cannot be renewed (refused, or the database out of reach) fences the
runner, which stops acting; the next pass lets it go and, if the lease is still or again this instance's, starts
a new one on the same ledger (the runner's restart path: re-deliver, reconcile with Zoom)."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from zoomops.common.clock import Clock
from zoomops.common.diagnostics import InputError, OperationalError
from zoomops.common.gcpolicy import HeapPolicy
from zoomops.runner.ledger import LeaseLost
from zoomops.service.fence import Fence
from zoomops.service.ops import EventExtras, EventOps, OverBudget, PlanChanged, PlanOutcome, RunHandle
from zoomops.service.store import EventRecord, Lease, Lifecycle, ServiceStore, StaleFence

log = logging.getLogger("zoomops.service")

SCHEDULE_SUFFIXES = (".yaml", ".yml")
RESTING = (Lifecycle.DONE, Lifecycle.FAILED)
QUIET = timedelta(seconds=2)  # a full collection (hundreds of ms with many events) waits for this gap between cues


@dataclass(frozen=True)
class ServiceOptions:
    holder: str  # this instance's name in leases
    lease_ttl: timedelta = timedelta(seconds=30)
    drift_every: timedelta = timedelta(minutes=15)
    auto_apply_lead: timedelta | None = None  # apply a (non-drift) plan unasked this long before the start
    done_after: timedelta = timedelta(minutes=5)  # the event is done this long after its planned end
    runner_lead: timedelta = timedelta(minutes=1)  # start the runner this long before pre-flight (> 2 passes), so
    # the time between two passes never makes the pre-flight cue late
    briefing_lead: timedelta | None = timedelta(days=7)  # mail briefings this long before the start (None: never)
    retry_after: timedelta = timedelta(minutes=15)  # a failed briefing or report is tried again after this
    lease_renew: timedelta = timedelta(seconds=1)  # keep_leases() runs this often (renewal and takeover)
    lease_margin: timedelta = timedelta(seconds=1)  # a runner stops acting this long before its lease can pass


@dataclass(frozen=True)
class LetGo:
    """A runner of this instance let go because it was fenced (its lease lost): why, when (wall time), and the
    fencing token it ran under."""

    reason: str
    at: datetime
    token: int | None


class NotAllowed(RuntimeError):
    """An operation that does not fit the event's state (approving a plan that is not the current one...)."""


@dataclass
class Service:
    """The events of one schedules directory, held in `store`, acted on through `ops`."""

    directory: Path
    store: ServiceStore
    ops: EventOps
    clock: Clock
    options: ServiceOptions
    runners: dict[str, RunHandle] = field(default_factory=dict)
    extras: EventExtras | None = None
    wall: Clock | None = None  # leases run on wall time (None: `clock`), also when `clock` is a compressed one
    fences: dict[str, Fence] = field(default_factory=dict)  # every lease this instance holds
    _runner_fences: dict[str, Fence] = field(default_factory=dict, repr=False)  # the fence each runner started with
    let_go: dict[str, LetGo] = field(default_factory=dict)  # runners fenced and let go here, until one starts again
    _taking: threading.Thread | None = field(default=None, repr=False)  # a takeover under way
    _stopping: dict[str, threading.Thread] = field(default_factory=dict, repr=False)  # fenced runners stopping
    _briefed: dict[str, str] = field(default_factory=dict, repr=False)  # key: content hash briefed by this process
    _retry_at: dict[tuple[str, str], datetime] = field(default_factory=dict, repr=False)  # (what, key): not before
    _seen: dict[str, tuple[int, int, str]] = field(default_factory=dict, repr=False)  # name: (mtime_ns, size, hash)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    heap: HeapPolicy | None = None  # the collector's policy (settled after runners start, refreshed when none is)
    _heap_seen: frozenset[str] = field(default=frozenset(), repr=False)  # the live runners at its last step
    _heap_stale: bool = field(default=False, repr=False)  # frozen objects may include garbage since the last refresh

    # ---- the loop ----
    def tick(self) -> None:
        """One pass: scan the directory, then move every event this instance holds the lease of."""
        with self._lock:
            self.scan()
            for record in self.store.events():
                self._pass_one(record)
            self._mind_heap()

    def _mind_heap(self) -> None:
        """A runner started since the last pass: freeze its long-lived state (schedule, cues) out of the collector's
        walk, so that no full collection pauses the live events for long (freezing takes no time; collecting would
        pause every live event). The garbage cycles frozen with it, and those of runners that stopped, are collected
        by a full collection once no live runner has a cue due soon (at wall speed: between two cues)."""
        live = frozenset(self.runners)
        if self.heap is not None:
            if live - self._heap_seen:
                self.heap.settle(collect=False)
            if live != self._heap_seen:
                self._heap_stale = True
            if self._heap_stale and self._quiet():
                self.heap.refresh()
                self._heap_stale = False
        self._heap_seen = live

    def _quiet(self) -> bool:
        """No live runner has a cue due within QUIET, or three times the longest collection seen (wall time)."""
        assert self.heap is not None
        margin = max(QUIET, timedelta(milliseconds=3 * self.heap.longest_ms))
        now = self._wall_now()
        return all(due is None or due - now >= margin for due in (h.next_wakeup() for h in self.runners.values()))

    def _pass_one(self, record: EventRecord) -> None:
        if record.state in RESTING:
            return  # nothing to do until the file changes (the scan puts it back to draft)
        lease = self._acquire(record.key)
        if lease is None:  # another instance runs this event (a runner of ours, fenced by now, is let go)
            self._drop_runner(record.key, "another instance holds the lease")
            return
        try:
            self._step(record, lease)
        except (StaleFence, LeaseLost):  # the lease passed to another instance mid-step: it is theirs now
            log.warning("lease lost during a step; the event is left to its new holder", extra={"event": record.key})
        except Exception as exc:  # one event's failure never stops the others
            log.exception("event step failed", extra={"event": record.key})
            try:
                self._set(record.key, lease, state=Lifecycle.FAILED, last_error=f"{type(exc).__name__}: {exc}")
            except StaleFence:
                log.warning("lease lost during a step; the event is left to its new holder",
                            extra={"event": record.key})

    def scan(self) -> None:
        """Every schedule file in the directory as an event; a new or edited file goes (back) to draft."""
        now = self.clock.now()
        seen = set()
        for path in sorted(self.directory.iterdir()):
            if path.suffix not in SCHEDULE_SUFFIXES or not path.is_file():
                continue
            seen.add(path.name)
            digest = self._hash(path)
            _record, changed = self.store.upsert_event(path.name, str(path), digest, now)
            if changed:
                log.info("schedule changed", extra={"event": path.name})
        for record in self.store.events():
            if record.key not in seen and record.key not in self.runners:
                self.store.remove(record.key)

    def _hash(self, path: Path) -> str:
        """The file's SHA-256, read again only when its modification time or size changed."""
        st = path.stat()
        known = self._seen.get(path.name)
        if known is not None and known[:2] == (st.st_mtime_ns, st.st_size):
            return known[2]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self._seen[path.name] = (st.st_mtime_ns, st.st_size, digest)
        return digest

    def _step(self, record: EventRecord, lease: Lease) -> None:
        now = self.clock.now()
        if record.state is Lifecycle.DRAFT:
            self._plan(record, lease)
        elif record.state is Lifecycle.PLANNED and self._auto_apply_due(record, now):
            self._apply(record, lease, record.plan_digest or "", "auto")
        elif record.state is Lifecycle.PROVISIONED:
            self._provisioned(record, lease, now)
        elif record.state is Lifecycle.LIVE:
            self._live(record, lease, now)

    # ---- steps ----
    def _plan(self, record: EventRecord, lease: Lease, *, drift: bool = False) -> None:
        try:
            plan = self.ops.plan(Path(record.path))
        except InputError as exc:
            errors = "\n".join(d.render() for d in exc.diagnostics)
            self._set(record.key, lease, state=Lifecycle.FAILED, last_error=errors, checked_at=self._now())
            return
        except OperationalError as exc:  # Zoom unreachable...: keep the state, try again at the next check
            self._set(record.key, lease, last_error=str(exc), checked_at=self._now())
            return
        self._record_plan(record, lease, plan, drift=drift)

    def _record_plan(self, record: EventRecord, lease: Lease, plan: PlanOutcome, *, drift: bool) -> None:
        state = Lifecycle.PLANNED if plan.has_changes else Lifecycle.PROVISIONED
        self._set(record.key, lease, state=state, plan_text=plan.text, plan_digest=plan.digest,
                  plan_changes=plan.has_changes, drift=drift and plan.has_changes, last_error=None,
                  starts_at=plan.starts_at.isoformat(), ends_at=plan.ends_at.isoformat(),
                  preflight_at=plan.preflight_at.isoformat(), checked_at=self._now())
        if drift and plan.has_changes:
            log.warning("drift: Zoom differs from the schedule; a plan waits for approval", extra={"event": record.key})

    def _auto_apply_due(self, record: EventRecord, now: datetime) -> bool:
        lead = self.options.auto_apply_lead
        if lead is None or record.drift or record.starts_at is None or record.last_error:
            return False
        return now >= datetime.fromisoformat(record.starts_at) - lead

    def _apply(self, record: EventRecord, lease: Lease, digest: str, who: str) -> EventRecord:
        self._set(record.key, lease, approved_digest=digest, approved_by=who)
        try:
            self.ops.apply(Path(record.path), digest)
        except PlanChanged as changed:
            self._record_plan(record, lease, changed.plan, drift=record.drift)
            return self._set(record.key, lease, last_error=str(changed))
        except (OverBudget, OperationalError) as exc:
            return self._set(record.key, lease, last_error=str(exc))
        log.info("applied", extra={"event": record.key, "by": who})
        return self._set(record.key, lease, state=Lifecycle.PROVISIONED, plan_changes=False, drift=False,
                         last_error=None, checked_at=self._now())

    def _provisioned(self, record: EventRecord, lease: Lease, now: datetime) -> None:
        if self._briefing_due(record, now):
            self._brief(record, now)
        if record.ends_at and now >= datetime.fromisoformat(record.ends_at) + self.options.done_after:
            self._set(record.key, lease, state=Lifecycle.DONE)
        elif record.preflight_at and now >= datetime.fromisoformat(record.preflight_at) - self.options.runner_lead:
            self._start_runner(record)
            log.info("runner started", extra={"event": record.key})
            self._set(record.key, lease, state=Lifecycle.LIVE)
        elif record.checked_at is None or now >= datetime.fromisoformat(record.checked_at) + self.options.drift_every:
            self._plan(record, lease, drift=True)

    def _live(self, record: EventRecord, lease: Lease, now: datetime) -> None:
        fence = self._runner_fences.get(record.key)
        if fence is not None and fence.lost is not None:  # fenced: it acts no more; a fresh one resumes the ledger
            self._drop_runner(record.key, fence.lost)
        runner = self.runners.get(record.key)
        over = record.ends_at is not None and now >= datetime.fromisoformat(record.ends_at) + self.options.done_after
        if (stopping := self._stopping.get(record.key)) is not None and stopping.is_alive():
            return  # a fenced runner of this event is still stopping here
        if runner is None and not over:  # this instance took the event over, or restarted: resume the ledger
            self._start_runner(record)
            return
        if over or (runner is not None and runner.finished()):
            if runner is not None:
                self._stop_runner(record.key, runner)
            self._set(record.key, lease, state=Lifecycle.DONE)
            self._report(record, lease, now)

    def _start_runner(self, record: EventRecord) -> None:
        fence = self.fences[record.key]
        handle = self.runners[record.key] = self.ops.start_runner(record.key, Path(record.path), fence)
        self._runner_fences[record.key] = fence
        self.let_go.pop(record.key, None)
        if self.extras is not None:
            try:
                self.extras.runner_started(record.key, handle)
            except Exception:  # no board (its port taken...): the run goes on without it
                log.exception("the event's board could not be served", extra={"event": record.key})

    def _stop_runner(self, key: str, runner: RunHandle) -> None:
        if self.extras is not None:
            self.extras.runner_stopped(key)
        runner.stop()
        self.runners.pop(key, None)
        self._runner_fences.pop(key, None)

    def _drop_runner(self, key: str, why: str) -> None:
        """Let go of a fenced runner: it acts no more; it is stopped on a side thread (the database its ledger is
        in may not answer), and no new runner starts here for the event until it has stopped (its locks)."""
        runner = self.runners.pop(key, None)
        fence = self._runner_fences.pop(key, None)
        if runner is None:
            return
        self.let_go[key] = LetGo((fence.lost if fence else None) or why, self._wall_now(),
                                 fence.token if fence else None)
        log.warning(f"runner fenced, let go: {why}", extra={"event": key})
        if self.extras is not None:
            self.extras.runner_stopped(key)
        self._stopping[key] = threading.Thread(target=runner.stop, name="zoomops-fenced-stop", daemon=True)
        self._stopping[key].start()

    # ---- around the run: briefings, report ----
    def _briefing_due(self, record: EventRecord, now: datetime) -> bool:
        lead = self.options.briefing_lead
        if self.extras is None or lead is None or record.starts_at is None:
            return False
        if self._briefed.get(record.key) == record.content_hash or now < self._retry_at.get(("brief", record.key), now):
            return False
        return now >= datetime.fromisoformat(record.starts_at) - lead

    def _brief(self, record: EventRecord, now: datetime) -> None:
        """Mail the briefings not sent in their current version (once per content of the file, per process)."""
        assert self.extras is not None
        try:
            sent = self.extras.send_briefings(record.key, Path(record.path))
        except (OperationalError, OSError) as exc:  # SMTP down: the event goes on; try again later
            self._retry_at[("brief", record.key)] = now + self.options.retry_after
            log.warning(f"briefings not sent: {exc}", extra={"event": record.key})
            return
        self._briefed[record.key] = record.content_hash
        if sent is not None:
            log.info("briefings: " + ", ".join(f"{n} {what}" for what, n in sent.items()), extra={"event": record.key})

    def _report(self, record: EventRecord, lease: Lease, now: datetime) -> None:
        """Write the report of a run that ended; a failure is shown on the event, the event stays done."""
        if self.extras is None:
            return
        try:
            page = self.extras.write_report(record.key, Path(record.path))
        except (InputError, OperationalError, OSError) as exc:
            self._set(record.key, lease, last_error=f"report not written: {exc}")
            log.warning(f"report not written: {exc}", extra={"event": record.key})
            return
        log.info(f"report written: {page}", extra={"event": record.key})

    # ---- organizer operations ----
    def approve(self, key: str, digest: str, who: str) -> EventRecord:
        """Apply the plan an organizer saw (its digest); refused if the event's plan is another one now."""
        with self._lock:
            record, lease = self._held(key)
            if record.state is not Lifecycle.PLANNED or record.plan_digest != digest:
                raise NotAllowed(f"{key}: no plan {digest} waits for approval (state {record.state}, "
                                 f"plan {record.plan_digest})")
            return self._apply(record, lease, digest, who)

    def reject(self, key: str, digest: str, who: str) -> EventRecord:
        """Leave Zoom as it is; the plan stays visible, marked rejected, until the file or Zoom changes."""
        with self._lock:
            record, lease = self._held(key)
            if record.state is not Lifecycle.PLANNED or record.plan_digest != digest:
                raise NotAllowed(f"{key}: no plan {digest} waits for approval")
            return self._set(key, lease, last_error=f"plan {digest} rejected by {who}", approved_digest=None)

    def _held(self, key: str) -> tuple[EventRecord, Lease]:
        record = self.store.get(key)
        if record is None:
            raise KeyError(key)
        lease = self._acquire(key)
        if lease is None:
            raise NotAllowed(f"{key}: another instance holds this event's lease")
        return record, lease

    def stop(self) -> None:
        """Stop the runners this instance started and let their leases go."""
        with self._lock:
            for key, runner in list(self.runners.items()):
                self._stop_runner(key, runner)
                self.store.release(key, self.options.holder)
            self.fences.clear()
            if self.extras is not None:
                self.extras.close()

    # ---- leases and fencing ----
    def _acquire(self, key: str) -> Lease | None:
        """Take or renew the event's lease; its fence is renewed, or a new one made for a new token."""
        sent = self._monotonic()
        lease = self.store.acquire(key, self.options.holder, self._wall_now(), self.options.lease_ttl)
        if lease is None:
            self._lose(key, "another instance holds the lease now")
            return None
        fence = self.fences.get(key)
        if fence is None or not fence.renewed(lease.token, sent):
            self.fences[key] = Fence(key, self.options.holder, lease.token, sent, self.options.lease_ttl,
                                     self.options.lease_margin, self._monotonic)
        return lease

    def keep_leases(self) -> None:
        """Renew every lease this instance holds (one call), then take over live events no runner acts on.

        Runs apart from `tick` (a pass may wait on Zoom for long): a runner's fence never depends on a pass."""
        held = {key: fence for key, fence in list(self.fences.items()) if fence.lost is None}
        if held:
            sent = self._monotonic()
            try:
                renewed = self.store.renew(list(held), self.options.holder, self._wall_now(), self.options.lease_ttl)
            except Exception as exc:  # the database is out of reach: the fences run out on their own
                log.warning(f"lease renewal failed ({type(exc).__name__}): runners stop acting "
                            f"{(self.options.lease_ttl - self.options.lease_margin).total_seconds():g}s after "
                            "their last renewal")
                return
            for key, fence in held.items():
                token = renewed.get(key)
                if token is None or not fence.renewed(token, sent):
                    self._lose(key, f"the renewal of the lease of {key} was refused: another instance holds it")
        wanted = [r for r in self.store.events() if r.state is Lifecycle.LIVE and self._unrun(r.key)]
        if wanted and (self._taking is None or not self._taking.is_alive()):
            # On a side thread: starting a runner reads Zoom and the ledger, and renewals must not wait for it.
            self._taking = threading.Thread(target=self._take_over, args=(wanted,), name="zoomops-takeover",
                                            daemon=True)
            self._taking.start()

    def runner_fence(self, key: str) -> Fence | None:
        """The fence the event's runner here started with (None: no runner of the event here)."""
        return self._runner_fences.get(key)

    def _unrun(self, key: str) -> bool:
        """No runner here acts on the event (none, or a fenced one)."""
        fence = self._runner_fences.get(key)
        return key not in self.runners or (fence is not None and fence.lost is not None)

    def _take_over(self, wanted: list[EventRecord]) -> None:
        """Live events no runner here acts on: one pass each, now, if this instance can take their lease."""
        if not self._lock.acquire(blocking=False):
            return  # a pass is under way: it does the same
        try:
            for stale in wanted:
                record = self.store.get(stale.key)  # as it is now
                if record is not None and record.state is Lifecycle.LIVE and self._unrun(record.key):
                    self._pass_one(record)
        finally:
            self._lock.release()

    def _lose(self, key: str, why: str) -> None:
        fence = self.fences.pop(key, None)
        if fence is not None:
            fence.lose(why)
            log.warning(f"lease lost: {why}", extra={"event": key})

    def _wall_now(self) -> datetime:
        return (self.wall or self.clock).now()

    def _monotonic(self) -> float:
        return (self.wall or self.clock).monotonic()

    # ---- helpers ----
    def _set(self, key: str, lease: Lease, **fields: object) -> EventRecord:
        return self.store.update(key, lease.token, self.clock.now(), **fields)

    def _now(self) -> str:
        return self.clock.now().isoformat()
