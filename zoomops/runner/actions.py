"""Zoom actions a cue may carry, behind a protocol so tests use a fake and the show uses the Zoom client.

An executor `execute`s an action and may `observe` whether Zoom already shows its effect: on restart the
runner asks that of every action whose request may have gone out before a crash, and sends it again only
if Zoom does not show it done (or cannot say).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from zoomops.show.cue import Cue

if TYPE_CHECKING:
    from zoomops.zoom.client import ZoomClient

Outcome = dict[str, Any]  # {"status": "ok"|"warning"|"error"|"skipped", "detail": str, ...}
# Actions that put Zoom back in its resting state: they run even when late beyond the grace window.
CLOSING_ACTIONS = frozenset({"end_webinar", "livestream_stop", "recording_resume"})


class ActionExecutor(Protocol):
    """Carries out a cue's action and says how it went; it may raise, the engine records that as an error."""

    def execute(self, cue: Cue) -> Outcome: ...


class Observer(Protocol):
    """Optional: an outcome if Zoom already shows the cue's action done, None if it must be sent (or unknown)."""

    def observe(self, cue: Cue) -> Outcome | None: ...


@dataclass(frozen=True)
class LiveState:
    """A webinar's live state as far as it can be read: `None` fields are unknown."""

    status: str | None = None  # waiting | started | ended
    livestream: str | None = None  # started | stopped
    recording: str | None = None  # recording | paused | stopped


DONE_WHEN: dict[str, Callable[[LiveState], bool | None]] = {
    "end_webinar": lambda s: None if s.status is None else s.status != "started",
    "livestream_start": lambda s: None if s.livestream is None else s.livestream == "started",
    "livestream_stop": lambda s: None if s.livestream is None else s.livestream != "started",
    "recording_pause": lambda s: None if s.recording is None else s.recording == "paused",
    "recording_resume": lambda s: None if s.recording is None else s.recording != "paused",
}


def observed_outcome(action: str, state: LiveState | None) -> Outcome | None:
    """The reconciled outcome when `state` shows the action's effect, else None (send it)."""
    done = DONE_WHEN.get(action)
    verdict = done(state) if done is not None and state is not None else None
    if not verdict:
        return None
    assert state is not None
    shown = {"end_webinar": f"webinar {state.status}", "livestream_start": "live stream on",
             "livestream_stop": "live stream off", "recording_pause": "recording paused",
             "recording_resume": f"recording {state.recording}"}[action]
    return {"status": "ok", "detail": f"reconciled after a restart: Zoom already shows {shown}; not sent again"}


class NoActions:
    """No Zoom client: every action is recorded as skipped (the cue itself still fires)."""

    def __init__(self, reason: str = "no Zoom client configured") -> None:
        self.reason = reason

    def execute(self, cue: Cue) -> Outcome:
        return {"status": "skipped", "detail": self.reason}


class RecordingExecutor:
    """A fake: remembers every call and answers with a canned outcome per action (tests, rehearsal);
    `state` plays Zoom's live state for `observe` (None: Zoom cannot say)."""

    def __init__(self, outcomes: dict[str, Outcome] | None = None, state: LiveState | None = None) -> None:
        self.calls: list[tuple[str, str]] = []
        self.outcomes = outcomes or {}
        self.state = state

    def execute(self, cue: Cue) -> Outcome:
        self.calls.append((cue.id, cue.action or ""))
        return dict(self.outcomes.get(cue.action or "", {"status": "ok", "detail": ""}))

    def observe(self, cue: Cue) -> Outcome | None:
        return observed_outcome(cue.action or "", self.state)


def read_live_state(client: Any, webinar_id: str | int) -> LiveState | None:
    """The webinar's live state from a sandbox (its `/_sandbox/webinars/{id}` record); None from Zoom itself,
    whose API cannot say whether a webinar is live, its live stream on or its recording paused."""
    session = getattr(client, "session", None)
    if session is None:
        return None
    base = session.api_base()
    host = urlsplit(base).hostname or ""
    if host == "zoom.us" or host.endswith((".zoom.us", ".zoomgov.com")):
        return None
    origin = base.rsplit("/v2", 1)[0]
    try:
        response = session.send_unauthenticated("GET", f"{origin}/_sandbox/webinars/{webinar_id}", timeout=(2, 5))
        record = response.json() if response.status_code == 200 else None
    except Exception:  # any failure means: cannot say
        return None
    return live_state_of(record)


def live_state_of(record: Any) -> LiveState | None:
    """A LiveState from a sandbox webinar record (`status`, `livestream_status`, `recording`)."""
    if not isinstance(record, dict):
        return None
    get = record.get
    return LiveState(_text(get("status")), _text(get("livestream_status")), _text(get("recording")))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


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

    def observe(self, cue: Cue) -> Outcome | None:
        if cue.action not in DONE_WHEN:
            return None
        return observed_outcome(cue.action or "", read_live_state(self.client, self.webinar_id))

    def _recording(self, method: str) -> Outcome:
        try:
            self.client.in_meeting_event(self.webinar_id, method)
        except Exception as exc:  # Zoom may refuse live-meeting events for a webinar id: warn, keep running
            return {"status": "warning", "detail": f"Zoom rejected {method} for webinar {self.webinar_id}: {exc}"}
        return {"status": "ok", "detail": ""}
