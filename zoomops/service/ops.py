"""What the service asks of the rest of zoomops for one event (`EventOps`): plan it against Zoom, apply an
approved plan, start its runner; and around it (`EventExtras`): mail the briefings, write the report, give the
links the console shows. `zoomops.app.serviceops` and `zoomops.app.serviceextras` implement them with the
project's planner, applier, runner, briefings and report; tests may pass their own."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from zoomops.service.fence import Fence


@dataclass(frozen=True)
class PlanOutcome:
    """A plan read from Zoom for one schedule file."""

    event_id: str
    text: str  # the lines `zoomops plan` prints
    data: dict[str, Any]  # `zoomops plan --json`
    has_changes: bool
    budget_calls: int  # create/update calls the plan spends of the host's daily budget
    starts_at: datetime
    ends_at: datetime
    preflight_at: datetime

    @property
    def digest(self) -> str:
        """What an approval refers to: the plan's content, without the budget figures that change as it runs."""
        content = {k: v for k, v in self.data.items() if k not in ("daily_budget", "read_calls", "mode")}
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:16]


class PlanChanged(RuntimeError):
    """Zoom or the schedule changed since the plan was approved: the new plan needs its own approval."""

    def __init__(self, plan: PlanOutcome) -> None:
        super().__init__("the plan changed since it was approved; approve the new plan")
        self.plan = plan


class OverBudget(RuntimeError):
    """Applying would pass the host's daily create/update budget."""


class RunHandle(Protocol):
    """An event's runner once started."""

    def finished(self) -> bool: ...

    def stop(self) -> None: ...

    def next_wakeup(self) -> datetime | None:
        """The wall-clock instant of the runner's next cue (None: nothing pending)."""
        ...


class EventOps(Protocol):
    """The service's only way to reach Zoom and the runner (one Zoom client shared by every event)."""

    def plan(self, path: Path) -> PlanOutcome:
        """Validate the schedule (InputError if invalid) and plan it against Zoom (reads only)."""
        ...

    def apply(self, path: Path, approved_digest: str) -> dict[str, Any]:
        """Plan again and apply if the plan is still the approved one (else PlanChanged; OverBudget when the
        daily budget would be passed); the applier reads back and verifies."""
        ...

    def start_runner(self, key: str, path: Path, fence: Fence | None = None) -> RunHandle:
        """Start the event's runner: its ledger in the event's own state directory, or in the shared database,
        written under `fence` (the lease this instance holds on the event)."""
        ...

    def budget(self) -> tuple[int, int]:
        """(create/update calls used today by zoomops, the daily limit)."""
        ...


class EventExtras(Protocol):
    """Briefings, the report and the links of an event (optional: a service without them only runs events)."""

    def send_briefings(self, key: str, path: Path) -> dict[str, int] | None:
        """Mail every briefing whose version was not sent yet (idempotent per version); None when no SMTP server
        is configured. Counts: sent, updated, unchanged, no_email. OperationalError if SMTP fails."""
        ...

    def write_report(self, key: str, path: Path) -> Path:
        """Write the as-run report of the event's run; the path of its HTML page."""
        ...

    def report_file(self, key: str) -> Path | None:
        """The event's report page, once written."""
        ...

    def runner_started(self, key: str, handle: RunHandle) -> None:
        """The event's runner started here (its board is served from now on)."""
        ...

    def runner_stopped(self, key: str) -> None:
        """The event's runner stopped here (its board goes with it)."""
        ...

    def close(self) -> None:
        """Stop what the extras run besides the events (the report writer's child process)."""
        ...

    def links(self, key: str) -> dict[str, str]:
        """Links the console and the API show for the event (its report; its board while live)."""
        ...
