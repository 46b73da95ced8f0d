"""The board on the runner's control server: the page, its assets, a JSON snapshot and a Server-Sent Events stream.

Access (the page and its stream take the token from the URL, since EventSource cannot send headers):
- `/board?token=<control token>`: the board with its controls; the buttons call the control API with the
  token in the Authorization header.
- `/board?view=<view token>`: read-only, no controls rendered. The view token opens nothing else: the
  control API answers it 403 (it is not the control token).
- `/board/events?token=<either token>` (`text/event-stream`): an `update` event whenever the runner emits one
  (a cue fired, missed or skipped, an action's result, a delay, next, the run's start or end) and a
  `heartbeat` each second; both carry the whole board state (`board_state`).
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import threading
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Literal

from zoomops.board.state import board_state
from zoomops.common.private import write_private
from zoomops.runner.server import ControlServer, Request, Response
from zoomops.show.model import Schedule
from zoomops.show.rota import Rota, build_rota

VIEW_TOKEN_FILE = "view.token"
HEARTBEAT_SECONDS = 1.0
Access = Literal["control", "view"]

_STATIC = {
    "/board/board.css": ("board.css", "text/css; charset=utf-8"),
    "/board/board.js": ("board.js", "text/javascript; charset=utf-8"),
}
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_PAGE_HEADERS = {
    "Content-Security-Policy": _CSP,
    "Referrer-Policy": "no-referrer",  # the token is in the page's URL
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
_CONTROLS = re.compile(r"<!-- controls -->.*?<!-- /controls -->", re.S)


class BoardHub:
    """A notifier (add it to the runner's FanOut) that wakes the board's event streams on every runner event."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.seq = 0
        self.last: dict[str, Any] | None = None
        self.closed = False

    def emit(self, event: dict[str, Any]) -> None:
        with self._cond:
            self.seq += 1
            self.last = dict(event)
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def wait(self, seen: int, timeout: float) -> tuple[int, dict[str, Any] | None]:
        """Block until an event newer than `seen` (or `timeout`); the latest seq and event."""
        with self._cond:
            self._cond.wait_for(lambda: self.seq != seen or self.closed, timeout)
            return self.seq, self.last


class Board:
    """Mounts the board's routes on a ControlServer and writes `view.token` (0600) in the state dir."""

    def __init__(
        self,
        server: ControlServer,
        schedule: Schedule,
        *,
        rota: Rota | None = None,
        hub: BoardHub | None = None,
        heartbeat: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.server = server
        self.runner = server.runner
        self.schedule = schedule
        self.rota = rota if rota is not None else build_rota(schedule)
        self.hub = hub
        self.heartbeat = heartbeat
        self.view_token = secrets.token_urlsafe(32)

    def mount(self) -> Board:
        write_private(self.server.state_dir / VIEW_TOKEN_FILE, self.view_token)
        self.server.state_files.append(VIEW_TOKEN_FILE)
        routes = {
            ("GET", "/board"): self._page,
            ("GET", "/board/state"): self._state,
            ("GET", "/board/events"): self._events,
            **{("GET", path): self._asset for path in _STATIC},
        }
        for key, handler in routes.items():
            self.server.routes[key] = ("none", handler)  # the board checks its own tokens
        return self

    # ---- URLs ----
    def urls(self, host: str | None = None) -> dict[str, str]:
        base = f"http://{host or _url_host(self.server.host)}:{self.server.port}"
        return {"control": f"{base}/board?token={self.server.token}", "view": f"{base}/board?view={self.view_token}"}

    # ---- access ----
    def access(self, request: Request) -> Access | Response:
        """Which board the request may see: a control token (query `token` or bearer) or the view token."""
        given = request.query.get("token") or request.query.get("view") or _bearer(request)
        if not given:
            return Response(401, {"error": "missing token (?token=… or ?view=…)"})
        if "view" not in request.query and _same(given, self.server.token):
            return "control"
        if _same(given, self.view_token) or _same(given, self.server.token):
            return "view"
        return Response(403, {"error": "wrong token"})

    def state(self, access: Access) -> dict[str, Any]:
        state = board_state(self.runner, self.schedule, self.rota, self.runner.event_now())
        state["access"] = access
        return state

    # ---- handlers ----
    def _page(self, request: Request) -> Response:
        access = self.access(request)
        if isinstance(access, Response):
            return access
        html = _static("board.html").replace('data-access="control"', f'data-access="{access}"')
        if access != "control":
            html = _CONTROLS.sub("", html)
        return Response(200, html.encode(), {"Content-Type": "text/html; charset=utf-8", **_PAGE_HEADERS})

    def _asset(self, request: Request) -> Response:
        name, ctype = _STATIC[request.path]
        return Response(200, _static(name).encode(), {"Content-Type": ctype, "Cache-Control": "no-cache"})

    def _state(self, request: Request) -> Response:
        access = self.access(request)
        if isinstance(access, Response):
            return access
        return Response(200, self.state(access), {"Cache-Control": "no-store"})

    def _events(self, request: Request) -> Response:
        access = self.access(request)
        if isinstance(access, Response):
            return access
        headers = {"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store"}
        return Response(200, b"", headers, stream=lambda out: self._stream(out, access))

    def _stream(self, out: BinaryIO, access: Access) -> None:
        out.write(b"retry: 2000\n\n")
        seen = self.hub.seq if self.hub else 0
        trigger: dict[str, Any] | None
        name, trigger = "update", {"type": "hello"}
        stopping = self.server.stopping
        while not stopping.is_set():
            state = self.state(access)
            state["trigger"] = trigger
            out.write(sse(name, state))
            out.flush()
            if self.hub is None:
                stopping.wait(self.heartbeat)
                name, trigger = "heartbeat", None
                continue
            seq, last = self.hub.wait(seen, self.heartbeat)
            if self.hub.closed:
                stopping.wait(self.heartbeat)
            if seq != seen:
                name, trigger, seen = "update", _trigger(last), seq
            else:
                name, trigger = "heartbeat", None


def sse(name: str, data: dict[str, Any]) -> bytes:
    """One Server-Sent Event (JSON has no raw newlines, so one data line)."""
    return f"event: {name}\ndata: {json.dumps(data, default=str, ensure_ascii=False)}\n\n".encode()


def _trigger(event: dict[str, Any] | None) -> dict[str, Any] | None:
    if event is None:
        return None
    keys = ("type", "status", "cue", "kind", "action", "summary", "state")
    return {k: event[k] for k in keys if k in event}


def _static(name: str) -> str:
    return resources.files("zoomops.board").joinpath("static", name).read_text(encoding="utf-8")


def _bearer(request: Request) -> str | None:
    value = next((v for k, v in request.headers.items() if k.lower() == "authorization"), "")
    return value[7:].strip() if value.startswith("Bearer ") else None


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode(), token.encode())


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "", "::"):
        import socket

        return socket.gethostname()
    return host


def bind(
    runner: Any,
    schedule: Schedule,
    state_dir: Path,
    clock: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    webhook_secret: str | None = None,
    webinar_id: str | int | None = None,
    hub: BoardHub | None = None,
) -> tuple[ControlServer, Board]:
    """The control server bound to host:port with the board mounted, not yet serving (`server.start()` does)."""
    server = ControlServer(
        runner, state_dir, clock, port=port, host=host, webhook_secret=webhook_secret, webinar_id=webinar_id
    )
    return server, Board(server, schedule, hub=hub).mount()


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def announce(server: ControlServer, board: Board) -> list[str]:
    """The lines `run`/`rehearse` print: the API, both board URLs, and a warning when not on loopback."""
    urls = board.urls()
    lines = [
        f"zoomops: control API on http://{_url_host(server.host)}:{server.port} "
        f"(token in {server.state_dir / 'control.token'})",
        f"zoomops: board with controls: {urls['control']}",
        f"zoomops: board, view only (interpreters, moderators): {urls['view']}",
    ]
    if not is_loopback(server.host):
        lines.append(
            f"zoomops: WARNING: listening on {server.host}, not only this machine: anyone who can reach port "
            f"{server.port} can try the API and the board, over plain HTTP; share the view link, never the control one"
        )
    return lines
