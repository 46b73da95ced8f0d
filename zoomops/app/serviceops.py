"""`zoomops serve`'s way to Zoom and the runner (`EventOps` of `zoomops.service`), assembled from one `App`:
one Zoom client and one provisioning store for every event; the planner, applier and runner `plan`, `apply`
and `run` use. With a shared ledger (PostgreSQL) each runner's ledger is the event's rows in the database,
written under the instance's fence; a runner started on an instance whose provisioning store does not know the
event's webinars (a standby on another machine) finds them first by their zoomops marker, as `plan` does."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any, Protocol

from zoomops.app.context import App, ensure_sandbox_host
from zoomops.common.statedir import ensure_state_dir
from zoomops.provision.apply import Applier
from zoomops.provision.context import ProvisionContext
from zoomops.provision.plan import Plan, Planner
from zoomops.provision.render import plan_to_dict, render_plan
from zoomops.provision.state import ProvisionStore
from zoomops.runner.engine import Runner
from zoomops.runner.events import RunnerEvent
from zoomops.runner.ledger import LEDGER_FILE, RunnerLedger
from zoomops.runner.notify import Event, FanOut, JsonlLog, Notifier
from zoomops.runner.timebase import ScaledClock
from zoomops.runner.wakeups import WakeupScheduler
from zoomops.schedule.loader import load_schedule
from zoomops.service.fence import Fence
from zoomops.service.ops import OverBudget, PlanChanged, PlanOutcome

EVENTS_DIR = "events"  # each event's runner state (ledger, events.jsonl) in <state>/events/<file stem>/
log = logging.getLogger("zoomops.service")


class SharedRunnerLedger(RunnerLedger, Protocol):
    """A runner's ledger in the shared database, which can leave a copy in the event's state directory."""

    def export_sqlite(self, path: Path) -> None: ...


SharedLedger = Callable[[str, Fence], SharedRunnerLedger]  # (event key, fence) -> its ledger in a shared database


class RunnerHandle:
    """A started runner, as the service sees it; `pump` fires what is due when the runner is not threaded."""

    def __init__(self, runner: Runner, notifier: Notifier, export: Callable[[], None] | None = None) -> None:
        self.runner = runner
        self.notifier = notifier
        self.export = export  # a shared ledger's copy into the state directory, made when the runner stops

    def finished(self) -> bool:
        if not self.runner.threaded and not self.runner.finished:
            self.runner.run_pending()
            self.runner.drain_actions()
        return self.runner.finished

    def next_wakeup(self) -> datetime | None:
        return self.runner.next_wakeup()

    def stop(self) -> None:
        self.runner.stop()
        self.notifier.close()
        if self.export is not None and self.runner.fenced is None:  # a fenced runner's copy may be behind
            try:
                self.export()
            except (OSError, sqlite3.Error) as exc:
                log.warning(f"the ledger's copy for the report was not written: {exc}",
                            extra={"event": self.runner.schedule.event.id})


class AppEventOps:
    """Plan, apply and run events for the service; `threaded=False` leaves firing to `finished()` (tests).

    With `scheduler` (the service's shared one) every runner's jobs go there, under the event's key, instead of
    on a scheduler of its own; with `action_pool` its Zoom calls run in the event's lane of that pool."""

    def __init__(self, app: App, *, threaded: bool = True,
                 on_event: Callable[[str, Event], None] | None = None,
                 shared_ledger: SharedLedger | None = None,
                 scheduler: WakeupScheduler | None = None,
                 action_pool: Executor | None = None) -> None:
        self.app = app
        self.shared_ledger = shared_ledger
        self.scheduler = scheduler
        self.action_pool = action_pool
        self.store = ProvisionStore(ensure_state_dir(app.state_dir), app.clock)
        self.threaded = threaded
        self.on_event = on_event
        self._hosts: set[str] = set()

    def context(self, path: Path) -> ProvisionContext:
        """The event's provisioning context on the shared client and store (briefings and reports use it)."""
        return self._context(path)

    def _context(self, path: Path) -> ProvisionContext:
        loaded = load_schedule(path, for_provisioning=True, panelist_cap=self.app.settings.defaults.panelist_cap)
        client, host = self.app.client(), self.app.host(loaded)
        control = self.app.sandbox()
        if control is not None and host not in self._hosts:
            ensure_sandbox_host(client, control, host, self.app.stderr)
            self._hosts.add(host)
        return ProvisionContext(loaded, self.app.settings.defaults, self.app.state_dir, self.app.clock, client,
                                self.store, host, self.app.zoom_config.mode)

    def plan(self, path: Path) -> PlanOutcome:
        ctx = self._context(path)
        with ctx.host_checked():  # a host not in the account fails the event at `event.host`, as in the CLI
            return self._outcome(ctx, Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired))

    def _outcome(self, ctx: ProvisionContext, plan: Plan) -> PlanOutcome:
        used, limit = self.budget()
        schedule = ctx.loaded.schedule
        starts, ends = schedule.starts_at().astimezone(UTC), schedule.ends_at().astimezone(UTC)
        preflight = starts - timedelta(minutes=schedule.run.preflight_minutes)
        return PlanOutcome(plan.event_id, "\n".join(render_plan(plan, used, limit)),
                           {"mode": ctx.mode, **plan_to_dict(plan, used, limit)}, plan.has_changes, plan.budget_calls,
                           starts, ends, preflight)

    def apply(self, path: Path, approved_digest: str) -> dict[str, Any]:
        ctx = self._context(path)
        with ctx.host_checked():
            plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
        outcome = self._outcome(ctx, plan)
        if outcome.digest != approved_digest:
            raise PlanChanged(outcome)
        used, limit = self.budget()
        if used + plan.budget_calls > limit:
            raise OverBudget(f"applying needs {plan.budget_calls} create/update call(s); {used} of the daily "
                             f"{limit} are used today")
        result = Applier(ctx.client, ctx.store, ctx.host).apply(plan)
        return {"webinars": result.webinar_ids, "created": result.created, "updated": result.updated,
                "panelists_added": result.added, "panelists_removed": result.removed}

    def start_runner(self, key: str, path: Path, fence: Fence | None = None) -> RunnerHandle:
        ctx = self._context(path)
        if not ctx.store.webinars(ctx.loaded.schedule.event.id):  # provisioned from another instance: find them
            Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
        state = ensure_state_dir(self.app.state_dir / EVENTS_DIR / Path(key).stem)
        chat = self.app.chat()
        sinks: list[Notifier] = [JsonlLog(state), *([chat] if chat else [])]
        if self.on_event is not None:
            sinks.append(_CallbackNotifier(key, self.on_event))
        notifier = FanOut(*sinks)
        clock, speed, start_at = self.app.clock, 1.0, None
        if isinstance(scaled := self.app.clock, ScaledClock):  # a compressed week (bench): the runner plays at speed
            clock, speed, start_at = scaled.base, scaled.timebase.speed, scaled.now()
        opened: list[SharedRunnerLedger] = []
        shared = self.shared_ledger

        def open_shared(_state: Path) -> RunnerLedger:
            assert shared is not None and fence is not None
            opened.append(shared(key, fence))
            return opened[-1]

        use_shared = shared is not None and fence is not None
        runner = Runner(ctx.loaded.schedule, state, clock, self.app.executor(ctx), notifier, speed,
                        start_at=start_at, threaded=self.threaded, open_ledger=open_shared if use_shared else None,
                        scheduler=self.scheduler, action_pool=self.action_pool, namespace=key)
        try:
            runner.start()
        except BaseException:
            notifier.close()
            raise
        export = (lambda: opened[-1].export_sqlite(state / LEDGER_FILE)) if use_shared else None
        return RunnerHandle(runner, notifier, export)

    def budget(self) -> tuple[int, int]:
        now = self.app.clock.now()
        midnight = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
        used = int(self.store.budget_used_since(midnight.isoformat()))
        return used, self.app.settings.defaults.daily_create_update_budget

    def close(self) -> None:
        self.store.close()


class _CallbackNotifier:
    """Runner events, with their event's key, to a function (the service's metrics)."""

    def __init__(self, key: str, callback: Callable[[str, Event], None]) -> None:
        self.key = key
        self.callback = callback

    def emit(self, event: RunnerEvent) -> None:
        self.callback(self.key, event.to_dict())

    def close(self) -> None:
        return None
