"""Zoom actions a cue may carry, behind a protocol so tests use a fake and the show uses the Zoom client."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from zoomops.show.cue import Cue

if TYPE_CHECKING:
    from zoomops.zoom.client import ZoomClient

Outcome = dict[str, Any]  # {"status": "ok"|"warning"|"error"|"skipped", "detail": str, ...}


class ActionExecutor(Protocol):
    """Carries out a cue's action and says how it went; it may raise, the engine records that as an error."""

    def execute(self, cue: Cue) -> Outcome: ...


class NoActions:
    """No Zoom client: every action is recorded as skipped (the cue itself still fires)."""

    def __init__(self, reason: str = "no Zoom client configured") -> None:
        self.reason = reason

    def execute(self, cue: Cue) -> Outcome:
        return {"status": "skipped", "detail": self.reason}


class RecordingExecutor:
    """A fake: remembers every call and answers with a canned outcome per action (tests, rehearsal)."""

    def __init__(self, outcomes: dict[str, Outcome] | None = None) -> None:
        self.calls: list[tuple[str, str]] = []
        self.outcomes = outcomes or {}

    def execute(self, cue: Cue) -> Outcome:
        self.calls.append((cue.id, cue.action or ""))
        return dict(self.outcomes.get(cue.action or "", {"status": "ok", "detail": ""}))


class ZoomActions:
    """The real executor: calls the Zoom client for a webinar id; a rejected recording call is a warning."""

    def __init__(self, client: ZoomClient, webinar_id: str | int,
                 preflight: Callable[[], Outcome] | None = None) -> None:
        self.client = client
        self.webinar_id = webinar_id
        self.preflight = preflight

    def execute(self, cue: Cue) -> Outcome:
        action = cue.action or ""
        if action == "preflight":
            return self.preflight() if self.preflight else {"status": "skipped", "detail": "no pre-flight check wired"}
        if action == "end_webinar":
            self.client.end_webinar(self.webinar_id)
        elif action == "livestream_start":
            self.client.livestream_status(self.webinar_id, "start")
        elif action == "livestream_stop":
            self.client.livestream_status(self.webinar_id, "stop")
        elif action in ("recording_pause", "recording_resume"):
            return self._recording(cue.params.get("method", "recording." + action.removeprefix("recording_")))
        else:
            return {"status": "error", "detail": f"unknown action {action!r}"}
        return {"status": "ok", "detail": ""}

    def _recording(self, method: str) -> Outcome:
        try:
            self.client.in_meeting_event(self.webinar_id, method)
        except Exception as exc:  # Zoom may refuse live-meeting events for a webinar id: warn, keep running
            return {"status": "warning", "detail": f"Zoom rejected {method} for webinar {self.webinar_id}: {exc}"}
        return {"status": "ok", "detail": ""}
