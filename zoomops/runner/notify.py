"""Where runner events go: a JSON-lines log, the console, and team-chat webhooks (never blocking the timeline)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import math
import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TextIO

import requests
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from zoomops.i18n.translate import localise
from zoomops.runner.events import ActionEvent, AdjustmentEvent, CueEvent, RunEvent, RunnerEvent

EVENTS_FILE = "events.jsonl"
MIN_POST_INTERVAL = 2.0  # seconds between two posts to one chat channel
MAX_POST_LINES = 15
Event = dict[str, Any]  # an event's JSON form (`RunnerEvent.to_dict()`)
StatusFn = Callable[[], dict[str, Any]]


class Notifier(Protocol):
    """Receives every runner event (cue fired/missed/skipped, action outcome, adjustment, run news)."""

    def emit(self, event: RunnerEvent) -> None: ...

    def close(self) -> None: ...


class MemoryNotifier:
    """Keeps events in a list (tests): `typed` as emitted, `events` in their JSON form."""

    def __init__(self) -> None:
        self.typed: list[RunnerEvent] = []
        self.events: list[Event] = []
        self._lock = threading.Lock()

    def emit(self, event: RunnerEvent) -> None:
        with self._lock:
            self.typed.append(event)
            self.events.append(event.to_dict())

    def close(self) -> None:
        return None


class FanOut:
    """Sends each event to several notifiers; one failing never stops the others."""

    def __init__(self, *targets: Notifier) -> None:
        self.targets = list(targets)

    def emit(self, event: RunnerEvent) -> None:
        for target in self.targets:
            try:
                target.emit(event)
            except Exception as exc:  # a broken sink must not stop the timeline
                print(f"zoomops: notifier {type(target).__name__} failed: {exc}", file=sys.stderr)

    def close(self) -> None:
        for target in self.targets:
            target.close()


class JsonlLog:
    """Appends one JSON object per event to `events.jsonl` in the state directory. When the file cannot be
    written (disk full), lines wait in memory, one warning is printed, and they are written once it can."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / EVENTS_FILE
        self._lock = threading.Lock()
        self._fh = self.path.open("a", encoding="utf-8")
        self._waiting: list[str] = []

    def emit(self, event: RunnerEvent) -> None:
        line = json.dumps(event.to_dict(), ensure_ascii=False, default=str)
        with self._lock:
            self._waiting.append(line + "\n")
            try:
                self._fh.write("".join(self._waiting))
                self._fh.flush()
            except OSError as exc:
                if len(self._waiting) == 1:
                    print(f"zoomops: cannot write {self.path} ({exc.strerror or exc}); events wait in memory",
                          file=sys.stderr, flush=True)
                self._reopen()
                return
            self._waiting.clear()

    def _reopen(self) -> None:
        """Drop what the failed write left buffered (it is in `_waiting`) and start a fresh handle."""
        with contextlib.suppress(OSError):
            self._fh.close()
        with contextlib.suppress(OSError):
            self._fh = self.path.open("a", encoding="utf-8")

    def close(self) -> None:
        with self._lock:
            self._fh.close()


def read_events(state_dir: Path) -> list[Event]:
    """Every event logged so far (blank or cut lines skipped)."""
    path = state_dir / EVENTS_FILE
    if not path.exists():
        return []
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash or a full disk
    return events


def describe(event: RunnerEvent, language: str | None = None) -> str:
    """One human line for an event; its cue message in `language` (default: the process's language)."""
    match event:
        case CueEvent():
            late = event.lateness_ms
            lateness = f" (late {late / 1000:.0f}s)" if late >= 1000 else ""
            redelivered = " [re-delivered after a restart]" if event.late else ""
            tag = event.status.upper() if event.status != "fired" else event.audience
            message = localise(event.message, language)
            return f"{event.local} [{tag}] {event.cue}: {message}{lateness}{redelivered}"
        case ActionEvent():
            detail = event.outcome.get("detail")
            return f"  action {event.action} for {event.cue}: {event.outcome.get('status')}" + (
                f" — {detail}" if detail else ""
            )
        case RunEvent(state="degraded" | "fenced" | "error"):
            return f"  !!! {event.summary}"
        case AdjustmentEvent() | RunEvent():
            return f"  {event.summary}"


class ConsoleView:
    """Plain lines when stdout is not a terminal; a rich live panel (status + latest cues) when it is."""

    def __init__(self, status: StatusFn | None = None, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        self.status = status
        self.use_live = self.stream.isatty() if live is None else live
        self._live: Any = None
        self._lines: list[str] = []
        self._lock = threading.Lock()

    def begin(self, status: StatusFn | None = None) -> None:
        """Start the live panel (terminals only) once the runner can answer `status`."""
        self.status = status or self.status
        if self.use_live and self.status is not None and self._live is None:
            self._start_live()

    def _start_live(self) -> None:
        from rich.console import Console
        from rich.live import Live

        self._live = Live(
            get_renderable=self._render, console=Console(file=self.stream), refresh_per_second=2, transient=False
        )
        self._live.start()

    def _render(self) -> Any:
        from rich.panel import Panel
        from rich.table import Table

        st = self.status() if self.status else {}
        grid = Table.grid(padding=(0, 2))
        grid.add_row("now", f"{st.get('block') or '—'} / {st.get('item') or '—'}")
        grid.add_row("left", _mmss(st.get("time_left_seconds")))
        nxt = st.get("next_cue") or {}
        grid.add_row("next", f"{nxt.get('local', '')} {nxt.get('id', '—')} {nxt.get('message', '')}"[:120])
        grid.add_row("delay", f"{(st.get('delay_seconds') or 0) / 60:+.1f} min")
        with self._lock:
            latest = "\n".join(self._lines[-8:])
        grid.add_row("latest", latest)
        return Panel(grid, title=st.get("event", "zoomops run"))

    def emit(self, event: RunnerEvent) -> None:
        if isinstance(event, CueEvent) and event.catch_up:
            return  # one "caught-up" summary line stands for the cues missed before the runner started
        line = describe(event)
        with self._lock:
            self._lines.append(line)
        if self._live is None:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None


def _mmss(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    sign = "-" if seconds < 0 else ""
    s = int(abs(seconds))
    return f"{sign}{s // 60:02d}:{s % 60:02d}"


class ChatWebhook:
    """Posts cue events to a team chat from a background thread, with retries; `emit` never blocks."""

    def __init__(
        self,
        url: str,
        fmt: str = "generic",
        secret: str | None = None,
        session: requests.Session | None = None,
        attempts: int = 4,
        wait_seconds: float = 1.0,
        language: str | None = None,
        *,
        tag: str | None = None,
        min_interval: float = MIN_POST_INTERVAL,
        max_lines: int = MAX_POST_LINES,
    ) -> None:
        if fmt not in ("generic", "zoom", "slack"):
            raise ValueError(f"ZOOMOPS_NOTIFY_FORMAT must be generic, zoom or slack, not {fmt!r}")
        self.url, self.fmt, self.secret = url, fmt, secret
        self.language = language  # of the chat's audience (ZOOMOPS_NOTIFY_LANGUAGE); None: the process's
        self.session = session or requests.Session()
        self.tag, self.min_interval, self.max_lines = tag, min_interval, max_lines
        self.failures = 0
        self.sent = 0
        self.posts = 0
        self._last_post = -math.inf
        self._queue: queue.Queue[RunnerEvent | None] = queue.Queue()
        self._send = retry(
            stop=stop_after_attempt(attempts),
            wait=wait_exponential(multiplier=wait_seconds, max=30),
            retry=retry_if_exception_type(requests.RequestException),
            reraise=True,
        )(self._post)
        self._thread = threading.Thread(target=self._worker, name="zoomops-notify", daemon=True)
        self._thread.start()

    def emit(self, event: RunnerEvent) -> None:
        if isinstance(event, CueEvent | ActionEvent | RunEvent) and not getattr(event, "catch_up", False):
            self._queue.put(event)

    def close(self, timeout: float = 5.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _worker(self) -> None:
        closing = False
        while not closing and (first := self._queue.get()) is not None:
            time.sleep(max(0.0, self._last_post + self.min_interval - time.monotonic()))
            batch = [first]
            while True:  # everything that came meanwhile joins this post
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    closing = True
                    break
                batch.append(more)
            self._last_post = time.monotonic()
            try:
                self._send(batch)
                self.sent += len(batch)
                self.posts += 1
            except Exception as exc:
                self.failures += 1
                # not str(exc): requests puts the URL in it, and chat webhook URLs carry their secret
                print(f"zoomops: chat notification failed after retries: {_failure(exc)}", file=sys.stderr)

    def text(self, batch: list[RunnerEvent]) -> str:
        """One post's text: the tag, then one line per event (at most `max_lines`)."""
        lines = [describe(e, self.language).strip() for e in batch]
        if len(lines) > self.max_lines:
            lines = [*lines[: self.max_lines - 1], f"… and {len(lines) - self.max_lines + 1} more"]
        text = "\n".join(lines)
        return f"{self.tag} {text}" if self.tag else text

    def _post(self, batch: list[RunnerEvent]) -> None:
        text = self.text(batch)
        body, headers = chat_payload(self.fmt, batch[0], self.secret, self.url, self.language, text=text)
        resp = self.session.post(self.url, data=body, headers=headers, timeout=10)
        if resp.status_code >= 500 or resp.status_code == 429:
            raise requests.HTTPError(f"HTTP {resp.status_code}", response=resp)
        if resp.status_code >= 400:
            print(f"zoomops: chat webhook refused the message: HTTP {resp.status_code}", file=sys.stderr)


CHANNELS = ("everyone", "tech_host", "moderators", "interpreters")
_CHANNEL_OF = {"tech_host": "tech_host", "moderator": "moderators", "speaker": "moderators",
               "interpreters": "interpreters", "everyone": "everyone"}


class ChatRouter:
    """Sends each event to its audience's channel: tech host, moderators (speaker cues too), interpreters,
    everyone; Zoom action results, run events and cues that did not fire (skipped, missed: the audience never
    got them, so telling them later is noise) go to the tech host. An audience without its own channel uses
    `everyone`'s; each event is posted once."""

    def __init__(self, channels: dict[str, ChatWebhook]) -> None:
        self.channels = channels

    def channel_for(self, event: RunnerEvent) -> ChatWebhook | None:
        name = "tech_host"
        if isinstance(event, CueEvent) and event.status == "fired":
            name = _CHANNEL_OF.get(str(event.audience), "everyone")
        return self.channels.get(name) or self.channels.get("everyone")

    def emit(self, event: RunnerEvent) -> None:
        channel = self.channel_for(event)
        if channel is not None:
            channel.emit(event)

    def close(self) -> None:
        for channel in {id(c): c for c in self.channels.values()}.values():
            channel.close()


def _failure(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status_code", None):
        return f"HTTP {response.status_code}"
    return type(exc).__name__


def chat_payload(
    fmt: str, event: RunnerEvent, secret: str | None, url: str = "", language: str | None = None,
    text: str | None = None,
) -> tuple[bytes, dict[str, str]]:
    """The request body and headers for one event (or a batch: its `text` given, `event` its first) in the
    chosen chat format, its message in `language`."""
    if isinstance(event, CueEvent):
        event = dataclasses.replace(event, message=localise(event.message, language))
    text = text if text is not None else describe(event).strip()
    headers = {"Content-Type": "application/json"}
    if fmt == "slack":
        body = json.dumps({"text": text}).encode()
    elif fmt == "zoom":
        if "format=full" in url:
            body = json.dumps({"head": {"text": "zoomops"}, "body": [{"type": "message", "text": text}]}).encode()
        else:
            body, headers = text.encode(), {"Content-Type": "text/plain; charset=utf-8"}
        if secret:
            headers["Authorization"] = secret  # Zoom's incoming webhook verification token
        return body, headers
    else:
        body = json.dumps({"text": text, "event": event.to_dict()}, default=str).encode()
    if secret:
        ts = str(int(time.time()))
        mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
        headers.update({"X-Zoomops-Timestamp": ts, "X-Zoomops-Signature": f"sha256={mac}"})
    return body, headers

