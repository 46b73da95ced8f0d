"""The runner: fires each cue once, on (delay-adjusted) time, from the ledger; APScheduler wakes it up.

The ledger and the compiled cues are the truth; scheduler jobs are derived from them and rebuilt on
every start and adjustment. Tests drive it with a FakeClock through `run_pending` / `advance_to`.

A cue with a Zoom action goes claim -> announce -> send -> settle: the claim (cue and action, one
transaction) comes first, the announcement is recorded apart, the action is marked `sending` just before its
request and settled with its outcome. On restart, announcements claimed but never made are made (marked
late), actions never sent are sent, and actions that may have been sent are reconciled with Zoom's state
(sent again only if Zoom does not show them done). Closing actions (end the webinar, stop the live stream,
resume the recording) run however late, unless skipped. When the ledger file cannot be written the run goes
on from memory, loudly (`RunEvent` "degraded"), and the file is brought up to date once it can be.

A ledger in a shared database (`open_ledger`) may refuse a write with `LeaseLost`: the event's lease is no longer
provably this instance's. The runner then stops acting for good (`RunEvent` "fenced"): no claim, no announcement,
no Zoom call; whoever holds the lease now resumes the same ledger through the restart path above.
"""

from __future__ import annotations

import statistics
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from zoomops.common.clock import Clock, elapsed
from zoomops.common.diagnostics import OperationalError
from zoomops.common.statedir import ensure_state_dir
from zoomops.runner.actions import CLOSING_ACTIONS, ActionExecutor, Outcome
from zoomops.runner.events import ActionEvent, AdjustmentEvent, CueEvent, RunEvent, RunnerEvent
from zoomops.runner.lanes import Lane
from zoomops.runner.ledger import Firing, FiringStatus, LeaseLost, Ledger, RunnerLedger
from zoomops.runner.lock import EventLock, InstanceLock
from zoomops.runner.notify import Notifier
from zoomops.runner.timebase import TimeBase, real_time, rehearsal_origin
from zoomops.runner.wakeups import JOB_WINDOW as JOB_WINDOW  # the runner's tests and benches size by it
from zoomops.runner.wakeups import Wakeups, WakeupScheduler
from zoomops.show.cue import PUBLISHED_KINDS, Cue, CueKind
from zoomops.show.delay import effective_instants, held_start, lead_seconds, position_for, rundown_order
from zoomops.show.model import Schedule
from zoomops.show.timeline import TRANSITION_KINDS, Gap, compile_cues, gaps, render_message

STRUCTURE_KINDS = TRANSITION_KINDS | {CueKind.segment_start, CueKind.close}

LEDGER_RETRY_SECONDS = 2.0  # wall seconds between attempts to bring a ledger that fell behind up to date


@dataclass(frozen=True)
class Position:
    """The runner's position: the block (or break) and item started last, the speaker segment within a shared
    item, the next transition (block, item or break start, or the close), and the delay of what is next."""

    now: datetime
    block: Cue | None
    item: Cue | None
    segment: Cue | None
    transition: Cue | None
    delay_seconds: float
    closed: bool
    finished: bool
    ahead: dict[str, Any] | None = None


class RunnerError(Exception):
    """A control request the runner cannot honour (unknown cue, nothing left to delay…)."""


class EventOver(OperationalError):
    """A first start after the whole event is past the grace window: nothing would fire, so nothing is run."""


class Runner:
    """Runs one schedule's cues against a state directory."""

    def __init__(
        self,
        schedule: Schedule,
        state_dir: Path,
        clock: Clock,
        executor: ActionExecutor,
        notifier: Notifier,
        speed: float = 1.0,
        *,
        cues: Sequence[Cue] | None = None,
        gap_list: Sequence[Gap] | None = None,
        start_at: datetime | None = None,
        threaded: bool = True,
        account: str | None = None,
        lock_dir: Path | None = None,
        open_ledger: Callable[[Path], RunnerLedger] | None = None,
        scheduler: WakeupScheduler | None = None,
        action_pool: Executor | None = None,
        namespace: str | None = None,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.schedule = schedule
        self.state_dir = state_dir
        self.clock = clock
        self.executor = executor
        self.notifier = notifier
        self.speed = speed
        self.threaded = threaded
        self.grace = timedelta(seconds=schedule.run.misfire_grace_seconds)
        self.cues = rundown_order(cues if cues is not None else compile_cues(schedule))
        self.by_id = {c.id: c for c in self.cues}
        # what position() walks: the cues that say what is on or next (reminders, warnings, actions do not)
        self._structure = [c for c in self.cues if c.kind in STRUCTURE_KINDS]
        self.gaps = list(gap_list if gap_list is not None else gaps(schedule))
        self._start_at = start_at
        self._state = threading.RLock()
        self._firing = threading.Lock()
        self._finished = threading.Event()
        self._effective: dict[str, datetime] = {}
        self._done: dict[str, str] = {}  # only ever gains entries (or is replaced whole, at start)
        self._walked: tuple[tuple[int, int], tuple[Any, ...]] | None = None  # position()'s walk, by _done's state
        self._queue: deque[Cue] = deque()
        self._lock = InstanceLock(state_dir)
        scope = account if account is not None else str(getattr(executor, "account_id", "") or "")
        self._event_lock = EventLock(schedule.event.id, scope, state_dir, lock_dir)
        self._locked = False
        self._ledger_retry_at: datetime | None = None  # wall instant of the next attempt to catch the file up
        self.degraded: dict[str, str] | None = None  # {"reason", "since"} while the ledger file is behind
        # A shared scheduler and action pool (the service's), or None: this runner's own, as `zoomops run` has.
        self._wakeup_host = scheduler
        self._action_pool = action_pool
        self.namespace = namespace or schedule.event.id  # its jobs' ids on a shared scheduler
        self._wakeups: Wakeups | None = None
        self._action_worker: Executor | None = None
        self._open_ledger = open_ledger or Ledger.in_dir
        self.ledger: RunnerLedger | None = None
        self.fenced: str | None = None  # why the runner stopped acting (the ledger said LeaseLost)
        self.timebase: TimeBase = real_time(clock)
        self.end_reason: str | None = None

    # ---- lifecycle ----
    def acquire_lock(self) -> None:
        """Take the event lock (one runner per event and Zoom account) and the state directory's lock; call it
        before writing anything a running runner owns (control and view tokens). Idempotent."""
        if self._locked:
            return
        ensure_state_dir(self.state_dir)
        self._event_lock.acquire()
        try:
            self._lock.acquire()
        except BaseException:
            self._event_lock.release()
            raise
        self._locked = True

    def _release_lock(self) -> None:
        self._lock.release()
        self._event_lock.release()
        self._locked = False

    def start(self) -> None:
        """Take the locks, restore state from the ledger, re-deliver and reconcile what a crash left open, catch
        up on what was missed, schedule the rest."""
        self.acquire_lock()
        try:
            self.ledger = self._open_ledger(self.state_dir)
            self.ledger.on_change = self._ledger_changed
            self.timebase = self._load_timebase()
            self._done = {cid: f.status for cid, f in self.ledger.firings().items()}
            self._recompute()
            self._refuse_if_over()
            self._emit(RunEvent("started", self._start_summary()))
            if self.threaded:
                # Zoom calls run off the cue thread, in order, so a slow API never makes a cue late: on a thread of
                # their own, or in this event's lane of the service's shared action pool.
                self._action_worker = (Lane(self._action_pool) if self._action_pool is not None else
                                       ThreadPoolExecutor(max_workers=1, thread_name_prefix="zoomops-actions"))
            self._redeliver()
            self._reconcile()
            self._catch_up(self.event_now())
            self.run_pending()
            if self.threaded and not self._finished.is_set():
                self._start_scheduler()
        except BaseException:
            if self._action_worker is not None:
                self._action_worker.shutdown(wait=False)
                self._action_worker = None
            if self.ledger is not None:
                self.ledger.close()
                self.ledger = None
            self._release_lock()
            raise

    def _refuse_if_over(self) -> None:
        """Refuse a first start (empty ledger) when every cue is already beyond the grace window.

        Running would record the whole day as missed, for good: a later `--start-at` replay on the same state
        directory would then find nothing left to fire.
        """
        assert self.ledger is not None
        if self._done or not self.cues:
            return
        now = self.event_now()
        last = max(reversed(self.cues), key=lambda c: self._effective[c.id].astimezone(UTC))
        if now - self._effective[last.id] <= self.grace:
            return
        tz = self.schedule.tz
        first = min(c.at.astimezone(UTC) for c in self.cues).astimezone(tz)
        raise EventOver(
            f"{self.schedule.event.id} is over: its last cue ({last.id}) was at "
            f"{self._effective[last.id].astimezone(tz):%Y-%m-%d %H:%M} {self.schedule.event.timezone}, and it is now "
            f"{now.astimezone(tz):%Y-%m-%d %H:%M} there; nothing was run or recorded. Rehearse it with "
            f"`zoomops rehearse FILE --speed 300`, or replay it with `zoomops run FILE --start-at "
            f"{first.isoformat()}` (add --speed to compress it)"
        )

    def _redeliver(self) -> list[str]:
        """Announce every cue claimed as fired whose announcement never went out (a crash in between), late."""
        assert self.ledger is not None
        now = self.event_now()
        late = [f for f in self.ledger.unannounced() if f.cue_id in self.by_id]
        for f in late:
            cue = self.by_id[f.cue_id]
            note = f"re-delivered after a restart: claimed at {f.fired_at.astimezone(self.schedule.tz):%H:%M:%S}"
            message = render_message(cue, self._effective, self.schedule.tz)
            self._emit(self._cue_event(cue, "fired", f.effective, now, message, note, late=True))
            self.ledger.announced(cue.id, now)
        if late:
            ids = ", ".join(f.cue_id for f in late)
            self._emit(RunEvent("redelivered", f"{len(late)} announcement(s) claimed before a crash re-delivered "
                                f"late: {ids}"))
        return [f.cue_id for f in late]

    def _reconcile(self) -> list[str]:
        """Finish every Zoom action a crash left open: never sent -> send it; maybe sent -> settle it from
        Zoom's state when Zoom shows it done, else send it (Zoom's state is what counts)."""
        assert self.ledger is not None
        self._adopt_legacy_actions()
        open_actions = [a for a in self.ledger.unsettled() if a.cue_id in self.by_id]
        for record in open_actions:
            cue = self.by_id[record.cue_id]
            observed = self._observe(cue) if record.state == "sending" else None
            if observed is not None:
                self._settle(cue, observed, reconciled=True)
            else:
                self._submit(cue)
        if open_actions:
            ids = ", ".join(f"{a.cue_id} ({a.state})" for a in open_actions)
            self._emit(RunEvent("reconciled", f"{len(open_actions)} Zoom action(s) left open by a crash "
                                f"reconciled with Zoom: {ids}"))
        return [a.cue_id for a in open_actions]

    def _adopt_legacy_actions(self) -> None:
        """A ledger from before the action protocol: fired action cues without an outcome may have been sent."""
        assert self.ledger is not None
        known = self.ledger.actions()
        for f in self.ledger.firings().values():
            cue = self.by_id.get(f.cue_id)
            if cue and cue.action and f.status == "fired" and f.outcome is None and f.cue_id not in known:
                self.ledger.claim_action(cue.id, cue.action, f.fired_at)
                self.ledger.sending(cue.id, f.fired_at)

    def _observe(self, cue: Cue) -> Outcome | None:
        observe = getattr(self.executor, "observe", None)
        if observe is None:
            return None
        try:
            result: Outcome | None = observe(cue)
        except Exception:  # cannot read Zoom's state: send it again
            return None
        return result

    def _catch_up(self, now: datetime) -> list[str]:
        """At start, record every cue already beyond the grace window as missed, with one summary event.

        A runner started (or restarted) mid-event would otherwise announce each cue it cannot fire any more,
        one console line and one team-chat message apiece: their cue events carry `catch_up`, which the
        console and the chat skip; the ledger, events.jsonl and the report keep each one.
        """
        assert self.ledger is not None
        missed: list[Cue] = []
        with self._firing, self._state:
            for cue in list(self._queue):
                effective = self._effective[cue.id]
                if now - effective <= self.grace:
                    break  # the queue is in effective order: the rest is due later
                if cue.id in self._done or cue.action in CLOSING_ACTIONS:
                    continue  # a closing action fires however late (run_pending)
                late = (now - effective).total_seconds()
                note = f"{late:.0f}s late, beyond the {self.grace.seconds}s grace"
                if self.ledger.claim(cue.id, cue.at, effective, now, "missed", note):
                    missed.append(cue)
                    self._done[cue.id] = "missed"
                    self._emit(self._cue_event(cue, "missed", effective, now, cue.message, note, catch_up=True))
        if missed:
            self._emit(self._catch_up_event(missed, now))
            self._after_firing()
        return [c.id for c in missed]

    def _catch_up_event(self, missed: Sequence[Cue], now: datetime) -> RunEvent:
        tz = self.schedule.tz
        first, last = missed[0], missed[-1]
        span = f"{first.id} at {self._effective[first.id].astimezone(tz):%H:%M}"
        if len(missed) > 1:
            span += f" … {last.id} at {self._effective[last.id].astimezone(tz):%H:%M}"
        return RunEvent(
            "caught-up",
            f"{len(missed)} cue(s) were more than {self.grace.seconds}s past when the runner started at "
            f"{now.astimezone(tz):%H:%M} and did not fire (recorded as missed): {span}",
            missed=tuple(c.id for c in missed),
        )

    def stop(self) -> None:
        """Stop scheduling, close the ledger, release the lock (idempotent)."""
        if self._wakeups is not None:
            self._wakeups.stop()  # this runner's jobs only: a shared scheduler goes on for the other events
            self._wakeups = None
        if self._action_worker is not None:
            self._action_worker.shutdown(wait=True)
            self._action_worker = None
        with self._firing:
            if self.ledger is not None:
                self.ledger.flush()
                self.ledger.catch_up()  # last chance to record what memory holds
                self.ledger.close()
                self.ledger = None
        self._release_lock()
        self._finished.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every cue is done or the webinar ended; True if the run finished."""
        return self._finished.wait(timeout)

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def event_now(self) -> datetime:
        return self.timebase.event_now(self.clock)

    # ---- time base ----
    def _load_timebase(self) -> TimeBase:
        assert self.ledger is not None
        if self.speed == 1.0 and self._start_at is None:
            return real_time(self.clock)
        saved = self.ledger.get_meta("timebase")
        if saved and float(saved["speed"]) == self.speed:
            return TimeBase.from_json(saved)
        origin = self._start_at or rehearsal_origin(min(c.at for c in self.cues))
        base = TimeBase(self.speed, origin, self.clock.now())
        self.ledger.set_meta("timebase", base.to_json())
        return base

    # ---- derived state ----
    def _recompute(self) -> None:
        """Effective instants from the ledger's adjustments; the queue of what is still to fire."""
        assert self.ledger is not None
        with self._state:
            self._effective = effective_instants(self.cues, self.ledger.adjustments(), self.gaps)
            order = {c.id: n for n, c in enumerate(self.cues)}
            pending = [c for c in self.cues if c.id not in self._done]
            pending.sort(key=lambda c: (self._effective[c.id].astimezone(UTC), order[c.id]))
            self._queue = deque(pending)
            if not pending:
                self._finish("all cues done")

    def effective(self, cue_id: str) -> datetime:
        with self._state:
            return self._effective[cue_id]

    # ---- firing ----
    def run_pending(self, now: datetime | None = None) -> list[str]:
        """Fire (or record as missed) every cue due at `now`, in order; returns the cue ids handled."""
        handled: list[str] = []
        with self._firing:
            if self.ledger is None or self.fenced is not None:
                return handled
            self._mind_ledger()
            try:
                while (cue := self._next_due(now or self.event_now())) is not None:
                    self._fire(cue, now or self.event_now())
                    handled.append(cue.id)
            except LeaseLost as exc:
                self._lease_lost(exc)
        if handled:
            self._after_firing()
        return handled

    def _mind_ledger(self) -> None:
        """Notice a ledger file deleted or replaced; while it is behind, try now and then to bring it up to date."""
        assert self.ledger is not None
        self.ledger.verify()
        wall = self.clock.now()
        if self.ledger.problem is not None and (self._ledger_retry_at is None or wall >= self._ledger_retry_at):
            self._ledger_retry_at = wall + timedelta(seconds=LEDGER_RETRY_SECONDS)
            self.ledger.catch_up()

    def _ledger_changed(self, problem: str | None) -> None:
        """The ledger fell behind (problem) or caught up (None): say it loudly on every channel."""
        if problem is not None:
            self.degraded = {"reason": problem, "since": self.event_now().isoformat()}
            self._emit(RunEvent("degraded", f"DEGRADED: {problem}. Cues go on from memory and are announced as "
                                "planned; nothing is recorded until the ledger can be written (a restart now would "
                                "repeat what was not recorded)", reason=problem))
            return
        was = self.degraded
        self.degraded = None
        self._emit(RunEvent("recovered", "ledger up to date again: everything since "
                            f"{(was or {}).get('since', '?')} is recorded", reason=(was or {}).get("reason")))

    def _lease_lost(self, exc: LeaseLost) -> None:
        """The shared ledger refused a write: stop acting for good, and say so once on every channel."""
        if self.fenced is not None:
            return
        self.fenced = str(exc)
        self._emit(RunEvent("fenced", f"FENCED: {exc}. This instance stops acting on the event (no cue, no Zoom "
                            "action): the instance holding the lease now continues the same ledger", reason=str(exc)))

    def _next_due(self, now: datetime) -> Cue | None:
        with self._state:
            due = self._peek()
            return self._queue.popleft() if due is not None and due <= now else None

    def _fire(self, cue: Cue, now: datetime) -> None:
        assert self.ledger is not None
        effective = self._effective[cue.id]
        late = now - effective
        beyond = late > self.grace
        closing = cue.action in CLOSING_ACTIONS
        status: FiringStatus = "missed" if beyond and not closing else "fired"
        note = f"{late.total_seconds():.0f}s late, beyond the {self.grace.seconds}s grace" if beyond else None
        if beyond and closing:
            note = f"{note}: a closing action runs however late"
        if not self.ledger.claim(cue.id, cue.at, effective, now, status, note, action=cue.action):
            self._done.setdefault(cue.id, "fired")
            return
        with self._state:
            self._done[cue.id] = status
            message = render_message(cue, self._effective, self.schedule.tz)
        self._emit(self._cue_event(cue, status, effective, now, message, note))
        if status == "fired":
            self.ledger.announced(cue.id, now)
            if cue.action:
                self._submit(cue)

    def _submit(self, cue: Cue) -> None:
        if self._action_worker is not None:
            self._action_worker.submit(self._act, cue)
        else:
            self._act(cue)

    def drain_actions(self, timeout: float | None = None) -> None:
        """Wait until every Zoom action already started has recorded its outcome."""
        worker = self._action_worker
        if worker is not None:
            worker.submit(lambda: None).result(timeout)

    def _act(self, cue: Cue) -> None:
        ledger = self.ledger
        if ledger is None or self.fenced is not None:
            return
        try:
            ledger.sending(cue.id, self.event_now())  # a shared ledger refuses it once the lease may have passed
        except LeaseLost as exc:
            self._lease_lost(exc)
            return
        try:
            outcome: Outcome = dict(self.executor.execute(cue))
        except Exception as exc:
            outcome = {"status": "error", "detail": f"{type(exc).__name__}: {exc}"}
        self._settle(cue, outcome)

    def _settle(self, cue: Cue, outcome: Outcome, *, reconciled: bool = False) -> None:
        ledger = self.ledger
        if ledger is None:
            return
        try:
            ledger.settle(cue.id, outcome, self.event_now())
        except LeaseLost as exc:  # sent, not recorded: the next holder reconciles it with Zoom
            self._lease_lost(exc)
            return
        self._emit(ActionEvent(cue.id, cue.action or "", outcome, reconciled))

    def _after_firing(self) -> None:
        with self._state:
            if all(c.id in self._done for c in self._queue):
                self._finish("all cues done")

    def advance_to(self, instant: datetime) -> list[str]:
        """Tests: step the (fake) clock cue by cue up to `instant`, firing each exactly on time."""
        set_clock = getattr(self.clock, "set", None)
        if set_clock is None:
            raise TypeError("advance_to needs a clock with set() (FakeClock)")
        handled: list[str] = []
        while self.fenced is None and (nxt := self._peek()) is not None and nxt <= instant:
            set_clock(self.timebase.to_wall(max(nxt, self.event_now())))
            handled += self.run_pending()
        set_clock(self.timebase.to_wall(instant))
        return handled + self.run_pending()

    def next_wakeup(self) -> datetime | None:
        """The wall-clock instant the next pending cue is due (None: nothing pending, or no longer acting)."""
        due = self._peek()
        return None if due is None or self.fenced is not None else self.timebase.to_wall(due)

    def _peek(self) -> datetime | None:
        with self._state:
            while self._queue and self._queue[0].id in self._done:
                self._queue.popleft()
            return self._effective[self._queue[0].id] if self._queue else None

    # ---- control ----
    def delay(self, minutes: float, source: str = "control", *, allow_early: bool = False) -> dict[str, Any]:
        """Shift every cue still to come by `minutes` (gaps absorb positive delay; a negative one stops at the
        next published block start or the close unless `allow_early`)."""
        with self._state:
            now = self.event_now()
            pos = position_for(self.cues, self._effective, set(self._done), now)
            if pos is None:
                raise RunnerError("nothing left to delay")
            self._adjust("delay", now, source, seconds=minutes * 60, position=pos, forced=allow_early and minutes < 0)
        forced = " (forced: published starts may move early)" if allow_early and minutes < 0 else ""
        self._emit(AdjustmentEvent("delay", f"delay {minutes:+g} min from {pos}{forced}", minutes=minutes,
                                   position=pos, forced=bool(forced)))
        return {"ok": True, "minutes": minutes, "position": pos, "next_cue": self._next_cue_info()}

    def next(self, source: str = "control", *, allow_early: bool = False) -> dict[str, Any]:
        """Fire the next block/item start now; skip what it makes moot, shift what follows. A programme block
        published for later is not started early unless `allow_early`."""
        with self._state:
            now = self.event_now()
            idx = next(
                (n for n, c in enumerate(self.cues) if c.kind in TRANSITION_KINDS and c.id not in self._done), None
            )
            if idx is None:
                raise RunnerError("no block or item start left")
            target = self.cues[idx]
            self._refuse_early(target, now, allow_early)
            before = [c for c in self.cues[:idx] if c.id not in self._done]
            for c in before:
                if not c.action:
                    self._skip(c, now, "superseded by next")
            kept = [c for c in before if c.action]
            position = kept[0].id if kept else target.id
            shift = (now - self._effective[target.id]).total_seconds()
            if shift < 0:
                self._adjust("delay", now, source, seconds=shift, position=position, forced=allow_early)
            else:
                self._recompute()
        self._emit(AdjustmentEvent("next", f"next: {target.id} now ({shift / 60:+.1f} min)", cue=target.id,
                                   shift_seconds=shift, forced=allow_early))
        self.run_pending(max(now, self.event_now()))
        return {"ok": True, "cue": target.id, "shift_seconds": shift, "next_cue": self._next_cue_info()}

    def _refuse_early(self, target: Cue, now: datetime, allow_early: bool) -> None:
        if allow_early or target.kind not in PUBLISHED_KINDS or target.at <= now:
            return
        tz = self.schedule.tz
        minutes = (target.at - now).total_seconds() / 60
        label = target.params.get("label") or target.id
        raise RunnerError(
            f"{label} is published for {target.at.astimezone(tz):%H:%M}, {minutes:.1f} min from now: it does not "
            "start early unless forced (`zoomops next FILE --allow-early`)"
        )

    def skip(self, cue_id: str, source: str = "control") -> dict[str, Any]:
        """Never fire this cue."""
        with self._state:
            cue = self.by_id.get(cue_id)
            if cue is None:
                raise RunnerError(f"no cue {cue_id!r}")
            if cue_id in self._done:
                raise RunnerError(f"cue {cue_id} is already {self._done[cue_id]}")
            now = self.event_now()
            self._skip(cue, now, f"skipped by {source}")
            assert self.ledger is not None
            self.ledger.add_adjustment("skip", now, source, cue_id=cue_id)
            self._recompute()
        self._reschedule()
        return {"ok": True, "cue": cue_id}

    def webinar_started(self, actual: datetime, source: str = "webhook") -> dict[str, Any]:
        """Anchor the real start: cues from the planned start on shift by (actual - planned), if late. A start
        further than `run.anchor_window_minutes` from the plan is refused (a later plausible one may anchor)."""
        assert self.ledger is not None
        with self._state:
            if self.ledger.get_meta("anchored"):
                return {"ok": True, "anchored": False, "reason": "already anchored"}
            planned = self.planned_start()
            if (refused := self._implausible_anchor(actual, planned, source)) is not None:
                return refused
            shift = max((actual - planned).total_seconds(), 0.0)
            self.ledger.set_meta("anchored", {"actual": actual.isoformat(), "shift_seconds": shift})
            position = next((c.id for c in self.cues if elapsed(planned, c.at).total_seconds() >= 0), None)
            if shift > 0 and position is not None:
                self._adjust("anchor", self.event_now(), source, seconds=shift, position=position)
        self._emit(AdjustmentEvent("anchor", f"webinar started at {actual.isoformat()}: {shift / 60:+.1f} min "
                                   "against plan", shift_seconds=shift))
        return {"ok": True, "anchored": True, "shift_seconds": shift}

    def _implausible_anchor(self, actual: datetime, planned: datetime, source: str) -> dict[str, Any] | None:
        window = timedelta(minutes=self.schedule.run.anchor_window_minutes)
        off = elapsed(planned, actual)
        if abs(off) <= window:
            return None
        assert self.ledger is not None
        reason = (f"webinar.started at {actual.isoformat()} is {off.total_seconds() / 60:+.0f} min from the planned "
                  f"start {planned.isoformat()}, beyond the {window.total_seconds() / 60:.0f}-minute window "
                  "(run.anchor_window_minutes): not used as the start; a later plausible one will be")
        self.ledger.set_meta("anchor_rejected", {"actual": actual.isoformat(), "source": source, "reason": reason})
        self._emit(AdjustmentEvent("anchor-rejected", f"WARNING: {reason}",
                                   shift_seconds=off.total_seconds()))
        return {"ok": True, "anchored": False, "reason": reason}

    def webinar_ended(self, source: str = "webhook") -> dict[str, Any]:
        """The webinar is over: nothing more fires; the run ends with its report."""
        with self._state:
            now = self.event_now()
            for cue in list(self._queue):
                if cue.id not in self._done:
                    self._skip(cue, now, "webinar ended")
            self._finish("webinar ended")
        return {"ok": True, "report": self.report()}

    def remember_delivery(self, key: str, event: str, event_ts: Any, received_at: datetime) -> bool:
        """Record a webhook delivery; False for a redelivery or replay already seen."""
        if self.ledger is None:
            raise RunnerError("the runner is not running")
        ts = event_ts if isinstance(event_ts, int) else None
        return self.ledger.first_delivery(key, event, ts, received_at)

    def planned_start(self) -> datetime:
        starts = [c.at for c in self.cues if c.kind == CueKind.block_start]
        return min(starts, key=lambda s: s.astimezone(UTC)) if starts else self.cues[0].at

    def _adjust(
        self, kind: str, now: datetime, source: str, *, seconds: float, position: str, forced: bool = False
    ) -> None:
        assert self.ledger is not None
        self.ledger.add_adjustment(kind, now, source, seconds=seconds, position=position, forced=forced)
        self._recompute()
        self._reschedule()

    def _skip(self, cue: Cue, now: datetime, note: str) -> None:
        assert self.ledger is not None
        if self.ledger.claim(cue.id, cue.at, self._effective[cue.id], now, "skipped", note):
            self._done[cue.id] = "skipped"
            message = render_message(cue, self._effective, self.schedule.tz)  # the times it quotes, as due now
            self._emit(self._cue_event(cue, "skipped", self._effective[cue.id], now, message, note))

    def _finish(self, reason: str) -> None:
        if self.end_reason is None and not self._finished.is_set():
            self.end_reason = reason
            self._emit(RunEvent("ended", f"run ended: {reason}", reason=reason))
            self._finished.set()

    # ---- scheduler ----
    @property
    def _scheduler(self) -> Any:
        """The APScheduler scheduler this runner's jobs are on (its own, or the service's shared one), if any."""
        return self._wakeups.host.scheduler if self._wakeups is not None else None

    def _start_scheduler(self) -> None:
        # APScheduler wants whole seconds; at speed 1 this is exactly misfire_grace_seconds. The engine's own
        # event-time check in _fire is what decides fired-late vs missed.
        grace_wall = max(1, round(self.timebase.wall_seconds(self.grace.total_seconds())))
        host = self._wakeup_host if self._wakeup_host is not None else WakeupScheduler.private()
        wakeups = Wakeups(host, self.namespace, grace_wall=grace_wall, upcoming=self._upcoming, fire=self._job,
                          heartbeat=lambda: self._guarded(self._heartbeat),
                          on_missed=lambda: self._guarded(self.run_pending))
        wakeups.start()
        self._wakeups = wakeups

    def _reschedule(self) -> None:
        """Rebuild the scheduler's jobs from the pending queue (jobs are never the source of truth)."""
        if self._wakeups is not None:
            self._wakeups.place()

    def _upcoming(self, limit: int, exclude: set[str]) -> list[tuple[str, datetime]]:
        """Up to `limit` pending cues not in `exclude`, soonest first, with their wall-clock instants.

        The queue is kept in effective order, so this walks only its head: cheap even with 20,000 cues.
        """
        found: list[tuple[str, datetime]] = []
        with self._state:
            for c in self._queue:
                if c.id in self._done or c.id in exclude:
                    continue
                found.append((c.id, self.timebase.to_wall(self._effective[c.id])))
                if len(found) >= limit:
                    break
        return sorted(found, key=lambda job: job[1])

    def _heartbeat(self) -> None:
        """Every few seconds: announcement marks into the file, then anything due."""
        with self._firing:
            if self.ledger is not None:
                self.ledger.flush()
        self.run_pending()

    def _guarded(self, fn: Any, *args: Any) -> None:
        """Run a scheduler job; an exception becomes one loud `error` event, never an APScheduler traceback."""
        try:
            fn(*args)
        except Exception as exc:  # the run must go on: the next heartbeat tries again
            self._emit(RunEvent("error", f"runner error: {type(exc).__name__}: {exc}; the run goes on",
                                reason=type(exc).__name__))

    def _job(self, cue_id: str) -> None:
        self._guarded(self._fire_job, cue_id)

    def _fire_job(self, cue_id: str) -> None:
        now = self.event_now()
        with self._state:
            due = self._effective.get(cue_id)
        slack = timedelta(seconds=0.05 * self.speed)  # wall-clock rounding in the event-time mapping
        if due is not None and now < due <= now + slack:
            now = due
        self.run_pending(now)

    # ---- reporting ----
    def _cue_event(
        self,
        cue: Cue,
        status: Any,
        effective: datetime,
        now: datetime,
        message: str,
        note: str | None,
        *,
        catch_up: bool = False,
        late: bool = False,
    ) -> CueEvent:
        return CueEvent(
            status=status,
            cue=cue.id,
            kind=cue.kind,
            audience=cue.audience.value,
            message=message,
            action=cue.action,
            planned=cue.at.isoformat(),
            effective=effective.isoformat(),
            at=now.isoformat(),
            local=effective.astimezone(self.schedule.tz).strftime("%H:%M:%S"),
            lateness_ms=round((now - effective).total_seconds() * 1000),
            note=note,
            catch_up=catch_up,
            late=late,
        )

    def _emit(self, event: RunnerEvent) -> None:
        self.notifier.emit(event)

    def _start_summary(self) -> str:
        done = len(self._done)
        return (
            f"{self.schedule.event.id}: {len(self.cues)} cues, {done} already done, "
            f"speed {self.speed:g}x, event time {self.event_now().isoformat()}"
        )

    def _next_cue_info(self) -> dict[str, Any] | None:
        with self._state:
            cue = next((c for c in self._queue if c.id not in self._done), None)
            if cue is None:
                return None
            eff = self._effective[cue.id]
        return {
            "id": cue.id,
            "at": eff.isoformat(),
            "local": eff.astimezone(self.schedule.tz).strftime("%H:%M:%S"),
            "message": render_message(cue, self._effective, self.schedule.tz),
            "audience": cue.audience.value,
        }

    def position(self) -> Position:
        """Where the run is now (the one computation of it: status, console and board all read this).

        The lock is held only to copy what is done; the walk over the cues runs without it, so a board with
        20,000 cues never holds up a firing. The walk is kept until a cue is done (the console asks twice a
        second; between cues nothing changes)."""
        with self._state:
            now = self.event_now()
            key = (id(self._done), len(self._done))  # _done only grows: its size says whether it changed
            walked = self._walked[1] if self._walked is not None and self._walked[0] == key else None
            done = {c.id: self._done[c.id] for c in self._structure if c.id in self._done} if walked is None else {}
            pending = next((c for c in self._queue if c.id not in self._done), None)
            delay = (self._effective[pending.id] - pending.at).total_seconds() if pending else 0.0
            ahead = self._ahead(pending)
            finished = self.finished
        if walked is None:
            walked = self._walk(done)
            self._walked = (key, walked)
        block, item, segment, transition, closed = walked
        return Position(now, block, item, segment, transition, delay, closed, finished, ahead)

    def _walk(self, done: dict[str, str]) -> tuple[Cue | None, Cue | None, Cue | None, Cue | None, bool]:
        """The block, item, segment on, the next transition, and whether the close fired, given what is done."""
        block = item = segment = transition = None
        for c in self._structure:
            status = done.get(c.id)
            if status == "fired":
                if c.kind in (CueKind.block_start, CueKind.break_start):
                    block, item, segment = c, None, None
                elif c.kind == CueKind.item_start and block is not None and c.block_index == block.block_index:
                    item, segment = c, None
                elif c.kind == CueKind.segment_start and item is not None and (c.block_index, c.item_index) == (
                    item.block_index, item.item_index
                ):
                    segment = c
            elif status is None and transition is None and (c.kind in TRANSITION_KINDS or c.kind == CueKind.close):
                transition = c
        return block, item, segment, transition, done.get("close") == "fired"

    def next_cue(self) -> dict[str, Any] | None:
        """The next cue to fire: id, effective instant, message as it will be rendered, audience."""
        return self._next_cue_info()

    def done(self, cue_id: str) -> str | None:
        """fired / missed / skipped, or None while the cue is still to come."""
        with self._state:
            return self._done.get(cue_id)

    def status(self) -> dict[str, Any]:
        """Current block and item, time left, next cue, delay, latest cues."""
        pos = self.position()
        now, block, item, transition = pos.now, pos.block, pos.item, pos.transition
        delay, ahead = pos.delay_seconds, pos.ahead
        left = (self.effective(transition.id) - now).total_seconds() if transition else None
        latest = self.ledger.latest(6) if self.ledger else []  # twice a second in the console: not every row
        return {
            "event": self.schedule.event.id,
            "now": now.isoformat(),
            "speed": self.speed,
            "block": block.params.get("label") if block else None,
            "item": item.params.get("label") if item else None,
            "time_left_seconds": left,
            "next_transition": transition.id if transition else None,
            "next_cue": self._next_cue_info(),
            "delay_seconds": delay,
            "ahead": ahead,
            "degraded": dict(self.degraded) if self.degraded else None,
            "fenced": self.fenced,
            "finished": self.finished,
            "latest": [_firing_json(f) for f in latest],
        }

    def _ahead(self, pending: Cue | None) -> dict[str, Any] | None:
        """When the show runs ahead of plan: by how much, and the published start that holds it (caller holds
        _state)."""
        if pending is None or (lead := lead_seconds(pending, self._effective)) <= 0:
            return None
        held = held_start(self.cues, self._effective, pending)
        tz = self.schedule.tz
        return {
            "seconds": lead,
            "held_by": held.id if held else None,
            "held_at": self._effective[held.id].astimezone(tz).strftime("%H:%M") if held else None,
            "summary": f"{lead / 60:.1f} min ahead of plan"
            + (f"; {held.params.get('label') or held.id} keeps its published {held.at.astimezone(tz):%H:%M}"
               if held else ""),
        }

    def report(self) -> dict[str, Any]:
        """What happened: counts, lateness, misses, action outcomes, adjustments."""
        self.drain_actions()
        firings = self.ledger.firings() if self.ledger else {}
        return build_report(self.cues, firings, self.ledger.adjustment_log() if self.ledger else [], self.end_reason)


def _last(cues: list[Cue], kinds: tuple[CueKind, ...]) -> Cue | None:
    return next((c for c in reversed(cues) if c.kind in kinds), None)


def _firing_json(f: Firing) -> dict[str, Any]:
    return {
        "cue": f.cue_id,
        "status": f.status,
        "effective": f.effective.isoformat(),
        "at": f.fired_at.isoformat(),
        "lateness_ms": f.lateness_ms,
        "note": f.note,
        "outcome": f.outcome,
    }


def build_report(
    cues: Sequence[Cue], firings: dict[str, Firing], adjustments: list[dict[str, Any]], reason: str | None
) -> dict[str, Any]:
    """The end-of-run report from the ledger alone."""
    lateness = sorted(f.lateness_ms for f in firings.values() if f.status == "fired")
    by_id = {c.id: c for c in cues}
    actions = {
        cid: f.outcome for cid, f in firings.items() if by_id.get(cid) and by_id[cid].action and f.status == "fired"
    }
    return {
        "reason": reason,
        "cues": len(cues),
        "fired": sum(1 for f in firings.values() if f.status == "fired"),
        "missed": sorted(cid for cid, f in firings.items() if f.status == "missed"),
        "skipped": sorted(cid for cid, f in firings.items() if f.status == "skipped"),
        "pending": [c.id for c in cues if c.id not in firings],
        "late": sorted(cid for cid, f in firings.items() if f.status == "fired" and f.lateness_ms >= 1000),
        "lateness_ms": _percentiles(lateness),
        "actions": actions,
        "action_problems": {
            cid: o for cid, o in actions.items() if o is None or o.get("status") in ("error", "warning")
        },
        "adjustments": adjustments,
    }


def _percentiles(values: list[int]) -> dict[str, float]:
    if not values:
        return {}
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
    return {"p50": statistics.median(values), "p99": q[98], "max": values[-1]}
