"""Route each cue's Zoom action to the webinar its block belongs to (one webinar, or one per day or block)."""

from __future__ import annotations

from collections.abc import Callable

from zoomops.runner.actions import Outcome, ZoomActions, live_state_of, observed_outcome
from zoomops.sandbox.control import SandboxControl
from zoomops.show.cue import Cue
from zoomops.show.model import Schedule
from zoomops.show.webinars import cue_webinar_key
from zoomops.zoom.client import ZoomClient


class WebinarRouter:
    """An ActionExecutor over several webinars; the pre-flight check covers them all."""

    def __init__(self, schedule: Schedule, client: ZoomClient, webinar_ids: dict[str, int],
                 preflight: Callable[[], Outcome] | None = None, sandbox: SandboxControl | None = None) -> None:
        self.schedule = schedule
        self.client = client
        self.webinar_ids = webinar_ids
        self.preflight = preflight
        self.sandbox = sandbox  # the embedded sandbox's controls (SandboxControl), when the client talks to it

    @property
    def account_id(self) -> str:
        """The Zoom account the actions go to (keys the runner's one-per-event lock)."""
        tokens = getattr(getattr(self.client, "session", None), "tokens", None)
        return str(getattr(tokens, "account_id", "") or "")

    def execute(self, cue: Cue) -> Outcome:
        if cue.action == "preflight":
            return self.preflight() if self.preflight else {"status": "skipped", "detail": "no pre-flight check"}
        key = cue_webinar_key(self.schedule, cue)
        webinar_id = self.webinar_ids.get(key) or self.webinar_ids.get("event")
        if webinar_id is None:
            return {"status": "error", "detail": f"webinar {key} is not provisioned (run `zoomops apply`)"}
        return ZoomActions(self.client, webinar_id).execute(cue)

    def observe(self, cue: Cue) -> Outcome | None:
        """Whether Zoom already shows the cue's action done (restart reconciliation); None: send it."""
        webinar_id = self.webinar_ids.get(cue_webinar_key(self.schedule, cue)) or self.webinar_ids.get("event")
        if webinar_id is None or cue.action == "preflight":
            return None
        if self.sandbox is not None:
            return observed_outcome(cue.action or "", live_state_of(self.sandbox.webinar_record(webinar_id)))
        return ZoomActions(self.client, webinar_id).observe(cue)
