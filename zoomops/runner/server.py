"""The runner's HTTP server: control endpoints (bearer token) and Zoom's webhook (signature), on Starlette/uvicorn.

It runs in the runner's process on its own thread and event loop, so nothing it does (a thousand board viewers,
a slow client) can hold up the scheduler. Handlers are plain functions of a `Request` (run in a worker thread,
since the runner's methods take its locks); long-lived responses (the board's event stream) are async
iterators. Hostile clients are held at the door: a malformed `Content-Length` is refused by h11, a declared
body over `MAX_BODY` is refused before a byte of it is read, an undeclared one is cut at the limit, a request
head or body that does not arrive in time closes the connection, connections beyond `max_connections` get 503,
and none of it reaches the operator's console as a traceback.

With `hosted=True` the server has no socket or HTTP server of its own: another ASGI server (`zoomops serve`'s,
through `board.hosting`) passes it requests under a path prefix (`handle`), its hand-offs, and runs its
`background` coroutines on that server's loop (`loop`).

A path in `handoffs` (the board's event stream) is taken off uvicorn: when a plain-HTTP connection sends
`GET <path>` at a request boundary, the head is parsed here and the handler may take the connection's socket
(to pass it to another process); if it declines, uvicorn serves the request as usual.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import secrets
import sys
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

import h11
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.requests import Request as StarletteRequest
from starlette.responses import Response as StarletteResponse
from starlette.responses import StreamingResponse
from starlette.routing import Route
from uvicorn.protocols.http.h11_impl import H11Protocol

from zoomops.common.clock import Clock
from zoomops.common.diagnostics import OperationalError
from zoomops.common.listen import listening_socket
from zoomops.common.private import write_private
from zoomops.runner.engine import Runner, RunnerError
from zoomops.show.timeline import render_message
from zoomops.zoom.webhooks import WebhookRejected, delivery_key, url_validation_response, verify_webhook

CONTROL_FILE = "control.json"
TOKEN_FILE = "control.token"
MAX_BODY = 64 * 1024
MAX_HEAD = 16 * 1024  # request line + headers (h11's limit on an incomplete event)
HEAD_TIMEOUT = 10.0  # seconds for a request head to arrive, on a new or kept-alive connection
BODY_TIMEOUT = 10.0  # seconds for a declared body to arrive
KEEP_ALIVE = 5  # seconds an idle kept-alive connection stays open
MAX_CONNECTIONS = 2500  # open connections (viewers included) beyond which the server answers 503
Auth = Literal["control", "webhook", "none"]
log = logging.getLogger("zoomops.server")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    query: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int
    body: Any = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # bytes bodies are sent as they are (set Content-Type in headers); `stream` is a long-lived body
    stream: Callable[[], AsyncIterator[bytes]] | None = None


Handler = Callable[[Request], Response]
HandOff = Callable[[Request, int], bool]  # (request head, socket fd) -> True if it took the connection


@dataclass(frozen=True)
class Listen:
    """Where and how the server listens: address, port, TLS files, the connection cap."""

    host: str = "127.0.0.1"
    port: int = 0
    certfile: str | None = None
    keyfile: str | None = None
    max_connections: int = MAX_CONNECTIONS

    @property
    def tls(self) -> bool:
        return self.certfile is not None


class ControlServer:
    """Serves the control API and the webhook (on 127.0.0.1 unless told otherwise); writes control.json and
    control.token. Other parts (the board) add entries to `routes`, names to `state_files`, and coroutines
    to `background` (started on the server's loop)."""

    def __init__(
        self,
        runner: Runner,
        state_dir: Path,
        clock: Clock,
        *,
        port: int = 0,
        webhook_secret: str | None = None,
        webinar_id: str | int | None = None,
        host: str = "127.0.0.1",
        token: str | None = None,
        listen: Listen | None = None,
        hosted: bool = False,
    ) -> None:
        self.runner = runner
        self.state_dir = state_dir
        self.clock = clock
        self.webhook_secret = webhook_secret
        self.webinar_id = str(webinar_id) if webinar_id is not None else None
        self.token = token or secrets.token_urlsafe(32)
        self.listen = listen or Listen(host, port)
        self.host = self.listen.host
        self.hosted = hosted  # served by another server (see the module docstring): no socket, no thread
        self.stopping = threading.Event()  # set on stop: long-lived responses (streams) end
        self.state_files = [CONTROL_FILE, TOKEN_FILE]  # removed on stop
        self.background: list[Callable[[], Any]] = []  # coroutine functions run on the server's loop
        self.on_stop: list[Callable[[], Any]] = []  # called on the server's loop when it stops (end streams)
        self.after_stop: list[Callable[[], Any]] = []  # called once the server's thread has ended
        self.handoffs: dict[str, HandOff] = {}  # GET paths whose connections may be taken (see the docstring)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.routes: dict[tuple[str, str], tuple[Auth, Handler]] = {
            ("GET", "/api/status"): ("control", self._status),
            ("POST", "/api/delay"): ("control", self._delay),
            ("POST", "/api/next"): ("control", self._next),
            ("POST", "/api/skip"): ("control", self._skip),
            ("GET", "/api/report"): ("control", self._report),
            ("POST", "/zoom/webhook"): ("webhook", self._webhook),
        }
        self._socket = None if hosted else listening_socket(self.listen.host, self.listen.port)
        self._uvicorn = None if hosted else uvicorn.Server(self._config())
        self._thread: threading.Thread | None = None
        self._started = threading.Event()

    def _config(self) -> uvicorn.Config:
        app = Starlette(routes=[Route("/{path:path}", self._asgi, methods=["GET", "POST", "HEAD"])])
        protocol = type("_ServerH11", (_GuardedH11,), {"hand_off": self.hand_off, "handoff_prefixes": self._prefixes})
        config = uvicorn.Config(
            app,
            http=protocol,
            lifespan="off",
            log_config=None,
            access_log=False,
            limit_concurrency=self.listen.max_connections,
            timeout_keep_alive=KEEP_ALIVE,
            timeout_graceful_shutdown=2,
            h11_max_incomplete_event_size=MAX_HEAD,
            ssl_certfile=self.listen.certfile,
            ssl_keyfile=self.listen.keyfile,
            server_header=False,
            date_header=False,
        )
        _quiet_uvicorn_logs()
        try:
            config.load()  # a bad certificate or key is an error now, not on the server's thread
        except (OSError, ValueError) as exc:
            assert self._socket is not None
            self._socket.close()
            raise OperationalError(f"cannot serve TLS with {self.listen.certfile}: {exc}") from None
        return config

    def _prefixes(self) -> tuple[bytes, ...]:
        return tuple(b"GET " + path.encode() for path in self.handoffs)

    def hand_off(self, head: bytes, fileno: int, prefix: str = "") -> bool:
        """A request head for a hand-off path (under `prefix` when hosted): True if its handler took the
        connection (server's loop)."""
        request = _parse_head(head)
        if request is not None and prefix:
            if not request.path.startswith(prefix):
                return False
            request = replace(request, path=request.path[len(prefix):])
        handler = self.handoffs.get(request.path) if request is not None else None
        if request is None or handler is None or self.stopping.is_set():
            return False
        return handler(request, fileno)

    @property
    def port(self) -> int:
        """The port listened on (0 when hosted by another server)."""
        return int(self._socket.getsockname()[1]) if self._socket is not None else 0

    @property
    def scheme(self) -> str:
        return "https" if self.listen.tls else "http"

    def start(self) -> None:
        write_private(self.state_dir / TOKEN_FILE, self.token)
        info = {
            "port": self.port,
            "pid": os.getpid(),
            "started_at": datetime.now(UTC).isoformat(),
            "host": self.host,
            "scheme": self.scheme,
        }
        write_private(self.state_dir / CONTROL_FILE, json.dumps(info))
        self._thread = threading.Thread(target=self._serve, name="zoomops-server", daemon=True)
        self._thread.start()
        self._started.wait(10)

    def _serve(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        tasks = [asyncio.create_task(job()) for job in self.background]
        self._started.set()
        assert self._uvicorn is not None and self._socket is not None
        try:
            await self._uvicorn.serve(sockets=[self._socket])
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def call_soon(self, callback: Callable[[], Any]) -> None:
        """Run `callback` on the server's loop (from any thread); nothing happens before it starts."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(callback)
            except RuntimeError:  # the loop closed meanwhile
                return

    def discard(self) -> None:
        """Free the port of a server that never started (the control files in the state dir are not its own)."""
        if self._socket is not None:
            self._socket.close()

    def stop(self) -> None:
        self.stopping.set()
        for callback in self.on_stop:
            self.call_soon(callback)
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self.discard()
        for callback in self.after_stop:
            callback()
        for name in self.state_files:
            (self.state_dir / name).unlink(missing_ok=True)

    # ---- ASGI ----
    async def _asgi(self, request: StarletteRequest) -> StarletteResponse:
        return await self.handle(request, request.url.path)

    async def handle(self, request: StarletteRequest, path: str) -> StarletteResponse:
        """One request, as this server's `path` (a hosting server strips its prefix), answered by `dispatch`."""
        body = await _read_body(request)
        if isinstance(body, Response):
            return _to_starlette(body)
        req = Request(
            request.method if request.method != "HEAD" else "GET",
            path,
            {k.lower(): v for k, v in request.headers.items()},
            body,
            dict(request.query_params),
        )
        response = await run_in_threadpool(self.dispatch, req)
        return _to_starlette(response)

    # ---- dispatch ----
    def dispatch(self, request: Request) -> Response:
        route = self.routes.get((request.method, request.path))
        if route is None:
            known = any(path == request.path for _, path in self.routes)
            return Response(405 if known else 404, {"error": "method not allowed" if known else "not found"})
        auth, handler = route
        if auth == "control" and (denied := self._check_token(request)) is not None:
            return denied
        try:
            return handler(request)
        except RunnerError as exc:
            return Response(409, {"error": str(exc)})
        except (ValueError, KeyError, TypeError) as exc:
            return Response(400, {"error": f"bad request: {exc}"})
        except Exception as exc:  # one line for the operator, never a traceback; the client gets a 500
            print(f"zoomops: server error on {request.method} {request.path}: {type(exc).__name__}", file=sys.stderr)
            return Response(500, {"error": "internal error"})

    def _check_token(self, request: Request) -> Response | None:
        value = _header(request.headers, "authorization")
        if not value or not value.startswith("Bearer "):
            return Response(401, {"error": "missing bearer token"}, {"WWW-Authenticate": 'Bearer realm="zoomops"'})
        if not hmac.compare_digest(value[7:].strip().encode(), self.token.encode()):
            return Response(403, {"error": "wrong token"})
        return None

    # ---- control ----
    def _status(self, request: Request) -> Response:
        return Response(200, {**self.runner.status(), "words": position_words(self.runner)})

    def _report(self, request: Request) -> Response:
        return Response(200, self.runner.report())

    def _delay(self, request: Request) -> Response:
        data = _json(request)
        minutes = data["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int | float):
            raise ValueError("minutes must be a JSON number")
        if not -240 <= minutes <= 240:
            raise ValueError("minutes must be between -240 and 240")
        allow_early = data.get("allow_early") is True
        return self._answer(self.runner.delay(float(minutes), source="api", allow_early=allow_early))

    def _next(self, request: Request) -> Response:
        allow_early = _json(request).get("allow_early") is True
        return self._answer(self.runner.next(source="api", allow_early=allow_early))

    def _skip(self, request: Request) -> Response:
        cue = _json(request)["cue"]
        if not isinstance(cue, str):
            raise ValueError("cue must be a string")
        return self._answer(self.runner.skip(cue, source="api"))

    def _answer(self, out: dict[str, Any]) -> Response:
        """A control answer, with where the run stands now in words (and the cue it started or skipped named
        in words too: `label`, its `message` as it would have been said)."""
        cue = self.runner.by_id.get(out.get("cue") or "")
        if cue is not None:
            label = "Close" if cue.kind == "close" else cue.params.get("label")
            quoted = {cid: self.runner.effective(cid) for cid in (cue.params.get("times") or {}).values()}
            message = render_message(cue, quoted, self.runner.schedule.tz)
            out = {**out, "label": str(label or message), "message": str(message)}
        return Response(200, {**out, "words": position_words(self.runner)})

    # ---- Zoom webhook ----
    def _webhook(self, request: Request) -> Response:
        if not self.webhook_secret:
            return Response(503, {"error": "webhooks are not configured (ZOOM_WEBHOOK_SECRET_TOKEN)"})
        try:
            verify_webhook(self.webhook_secret, request.headers, request.body, self.clock.now())
        except WebhookRejected as exc:
            return Response(401, {"error": f"rejected: {exc}"})
        data = _json(request)
        event = str(data.get("event", ""))
        if event == "endpoint.url_validation":
            return Response(200, url_validation_response(self.webhook_secret, str(data["payload"]["plainToken"])))
        key = delivery_key(data)  # from the signed body: a new or missing x-zm-trackingid is the same event
        if not self.runner.remember_delivery(key, event, data.get("event_ts"), self.clock.now()):
            return Response(200, {"ok": True, "duplicate": True})
        return Response(200, self._on_event(event, data))

    def _on_event(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        obj = (data.get("payload") or {}).get("object") or {}
        if self.webinar_id is not None and str(obj.get("id")) != self.webinar_id:
            return {"ok": True, "ignored": f"webinar {obj.get('id')} is not ours"}
        if event == "webinar.started":
            started = _instant(obj.get("start_time"), data.get("event_ts")) or self.clock.now()
            return self.runner.webinar_started(self.runner.timebase.to_event(started))
        if event == "webinar.ended":
            return self.runner.webinar_ended()
        return {"ok": True, "ignored": event}


class _GuardedH11(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head (uvicorn has none: a client that connects
    and sends nothing, or a header a byte at a time, would hold its connection for ever), and the hand-off of
    the server's `handoffs` paths (see the module docstring)."""

    _head_timer: asyncio.TimerHandle | None = None
    _held = b""

    def hand_off(self, head: bytes, fileno: int) -> bool:  # replaced per server
        return False

    def handoff_prefixes(self) -> tuple[bytes, ...]:  # replaced per server
        return ()

    def data_received(self, data: bytes) -> None:
        if not (self._held or self._at_boundary()):
            super().data_received(data)
            return
        held = self._held + data
        if len(held) <= MAX_HEAD and any(held.startswith(p) or p.startswith(held) for p in self.handoff_prefixes()):
            end = held.find(b"\r\n\r\n")
            if end < 0:
                self._held = held  # wait for the rest of the head (its deadline still runs)
                return
            self._held = b""
            if self.transport.get_write_buffer_size() == 0 and self.hand_off(held[: end + 4], self._fileno()):
                self.transport.close()  # the socket is another process's now; closing ours keeps the connection
                return
        self._held = b""
        super().data_received(held)

    def _at_boundary(self) -> bool:
        """Between requests on a plain-HTTP connection, nothing buffered (a hand-off may happen here)."""
        return (
            self.scheme == "http"
            and self.conn.our_state is h11.IDLE
            and self.conn.their_state is h11.IDLE
            and not self.conn.trailing_data[0]
            and (self.cycle is None or self.cycle.response_complete)
        )

    def _fileno(self) -> int:
        sock = self.transport.get_extra_info("socket")
        return int(sock.fileno()) if sock is not None else -1

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        cycle = self.cycle
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_deadline, cycle)

    def _head_deadline(self, cycle: Any) -> None:
        if self.cycle is cycle and not self.transport.is_closing():  # no new request head arrived in time
            self.transport.close()


async def _read_body(request: StarletteRequest) -> bytes | Response:
    """The request body, or the refusal: 413 before reading when the declared length is over the limit,
    413 as soon as an undeclared (chunked) one passes it, 408 when it does not arrive in time."""
    declared = request.headers.get("content-length")
    too_large = Response(413, {"error": f"body too large (limit {MAX_BODY} bytes)"}, {"Connection": "close"})
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        return too_large if declared.isdigit() else Response(400, {"error": "bad Content-Length"})
    if request.method in ("GET", "HEAD") and declared is None and "transfer-encoding" not in request.headers:
        return b""
    body = bytearray()

    async def read() -> bool:
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > MAX_BODY:
                return False
        return True

    try:
        within = await asyncio.wait_for(read(), BODY_TIMEOUT)
    except TimeoutError:
        return Response(408, {"error": "request body timed out"}, {"Connection": "close"})
    except ClientDisconnect:
        return Response(400, {"error": "client went away"}, {"Connection": "close"})
    return bytes(body) if within else too_large


def _parse_head(head: bytes) -> Request | None:
    """An HTTP/1.1 GET request head parsed by h11 (None when it is not a well-formed one)."""
    conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
    try:
        conn.receive_data(head)
        event = conn.next_event()
    except h11.RemoteProtocolError:
        return None
    if not isinstance(event, h11.Request) or event.method != b"GET" or event.http_version != b"1.1":
        return None  # (a taker answers in HTTP/1.1 chunks; anything else stays with uvicorn)
    target = urlsplit(event.target.decode("latin-1"))
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in event.headers}
    return Request("GET", target.path, headers, b"", dict(parse_qsl(target.query)))


def _to_starlette(response: Response) -> StarletteResponse:
    headers = dict(response.headers)
    if response.stream is not None:
        media = headers.pop("Content-Type", "text/event-stream")
        return StreamingResponse(response.stream(), status_code=response.status, headers=headers, media_type=media)
    raw = isinstance(response.body, bytes)
    payload = response.body if raw else json.dumps(response.body, default=str).encode()
    media = headers.pop("Content-Type", "application/octet-stream" if raw else "application/json")
    return StarletteResponse(payload, status_code=response.status, headers=headers, media_type=media)


def _quiet_uvicorn_logs() -> None:
    """uvicorn's warnings (a malformed request, the connection cap) and errors go to no console: a hostile
    client must not be able to fill the operator's screen."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def position_words(runner: Runner) -> str:
    """Where the run stands, for people: "Now: Session 2 — Talk 3 (started 11:03, 3 min late). Next: Break at
    11:20 (planned 11:15)." Times are the delay-adjusted ones, in the event's time zone."""
    pos = runner.position()
    tz = runner.schedule.tz
    parts = []
    now_cue = pos.item or pos.block
    if pos.closed or (pos.finished and pos.transition is None):
        parts.append("The programme is over.")
    elif now_cue is not None:
        shown = [c for c in (pos.block, pos.item) if c is not None and "label" in c.params]
        label = " — ".join(str(c.params["label"]) for c in shown)
        started = runner.effective(now_cue.id).astimezone(tz).replace(second=0, microsecond=0)
        late = round((started - now_cue.at).total_seconds() / 60)  # from the minute shown: they agree
        lateness = f", {late} min late" if late > 0 else f", {-late} min early" if late < 0 else ", on time"
        parts.append(f"Now: {label or now_cue.id} (started {started:%H:%M}{lateness}).")
    else:
        parts.append("Not started yet.")
    if pos.transition is not None and not pos.closed:
        nxt = pos.transition
        at = runner.effective(nxt.id)
        label = "Close" if nxt.kind == "close" else str(nxt.params.get("label") or nxt.id)
        planned = f" (planned {nxt.at.astimezone(tz):%H:%M})" if abs((at - nxt.at).total_seconds()) >= 60 else ""
        parts.append(f"Next: {label} at {at.astimezone(tz):%H:%M}{planned}.")
    return " ".join(parts)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name), None)


def _json(request: Request) -> dict[str, Any]:
    data = json.loads(request.body or b"{}")
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return data


def _instant(start_time: Any, event_ts: Any) -> datetime | None:
    if isinstance(start_time, str) and start_time:
        return datetime.fromisoformat(start_time.replace("Z", "+00:00"))
    if isinstance(event_ts, int):
        return datetime.fromtimestamp(event_ts / 1000, UTC)
    return None

