"""The runner's local HTTP API: control endpoints (bearer token) and Zoom's webhook (signature)."""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, BinaryIO, Literal, cast
from urllib.parse import parse_qsl

from zoomops.common.clock import Clock
from zoomops.common.listen import http_server
from zoomops.common.private import write_private
from zoomops.runner.engine import Runner, RunnerError
from zoomops.zoom.webhooks import WebhookRejected, url_validation_response, verify_webhook

CONTROL_FILE = "control.json"
TOKEN_FILE = "control.token"
MAX_BODY = 64 * 1024
Auth = Literal["control", "webhook", "none"]


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
    # bytes bodies are sent as they are (set Content-Type in headers); `stream` writes a long-lived body
    stream: Callable[[BinaryIO], None] | None = None


Handler = Callable[[Request], Response]


class ControlServer:
    """Serves the control API and the webhook (on 127.0.0.1 unless `host` says otherwise); writes control.json
    and control.token. Other parts (the board) add entries to `routes` and names to `state_files`."""

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
    ) -> None:
        self.runner = runner
        self.state_dir = state_dir
        self.clock = clock
        self.webhook_secret = webhook_secret
        self.webinar_id = str(webinar_id) if webinar_id is not None else None
        self.token = secrets.token_urlsafe(32)
        self.host = host
        self.stopping = threading.Event()  # set on stop: long-lived responses (streams) end
        self.state_files = [CONTROL_FILE, TOKEN_FILE]  # removed on stop
        self.routes: dict[tuple[str, str], tuple[Auth, Handler]] = {
            ("GET", "/api/status"): ("control", self._status),
            ("POST", "/api/delay"): ("control", self._delay),
            ("POST", "/api/next"): ("control", self._next),
            ("POST", "/api/skip"): ("control", self._skip),
            ("GET", "/api/report"): ("control", self._report),
            ("POST", "/zoom/webhook"): ("webhook", self._webhook),
        }
        self._httpd = http_server(host, port, _handler_class(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def start(self) -> None:
        write_private(self.state_dir / TOKEN_FILE, self.token)
        info = {"port": self.port, "pid": os.getpid(), "started_at": datetime.now(UTC).isoformat(), "host": self.host}
        write_private(self.state_dir / CONTROL_FILE, json.dumps(info))
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="zoomops-control", daemon=True)
        self._thread.start()

    def discard(self) -> None:
        """Free the port of a server that never started (the control files in the state dir are not its own)."""
        self._httpd.server_close()

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        for name in self.state_files:
            (self.state_dir / name).unlink(missing_ok=True)

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

    def _check_token(self, request: Request) -> Response | None:
        value = _header(request.headers, "authorization")
        if not value or not value.startswith("Bearer "):
            return Response(401, {"error": "missing bearer token"}, {"WWW-Authenticate": 'Bearer realm="zoomops"'})
        if not hmac.compare_digest(value[7:].strip().encode(), self.token.encode()):
            return Response(403, {"error": "wrong token"})
        return None

    # ---- control ----
    def _status(self, request: Request) -> Response:
        return Response(200, self.runner.status())

    def _report(self, request: Request) -> Response:
        return Response(200, self.runner.report())

    def _delay(self, request: Request) -> Response:
        data = _json(request)
        minutes = float(data["minutes"])
        if not -240 <= minutes <= 240:
            raise ValueError("minutes must be between -240 and 240")
        return Response(200, self.runner.delay(minutes, source="api", allow_early=data.get("allow_early") is True))

    def _next(self, request: Request) -> Response:
        allow_early = _json(request).get("allow_early") is True
        return Response(200, self.runner.next(source="api", allow_early=allow_early))

    def _skip(self, request: Request) -> Response:
        cue = _json(request)["cue"]
        if not isinstance(cue, str):
            raise ValueError("cue must be a string")
        return Response(200, self.runner.skip(cue, source="api"))

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
        key = _header(request.headers, "x-zm-trackingid") or f"{data.get('event_ts')}:{event}"
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


def _handler_class(server: ControlServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        server_version = "zoomops"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._reply(Response(413, {"error": "body too large"}))
                return
            body = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            headers = {k.lower(): v for k, v in self.headers.items()}
            self._reply(server.dispatch(Request(self.command, path, headers, body, dict(parse_qsl(query)))))

        do_GET = do_POST = _serve

        def _reply(self, response: Response) -> None:
            raw = isinstance(response.body, bytes)
            payload = response.body if raw else json.dumps(response.body, default=str).encode()
            self.send_response(response.status)
            if "Content-Type" not in response.headers:
                self.send_header("Content-Type", "application/octet-stream" if raw else "application/json")
            if response.stream is None:
                self.send_header("Content-Length", str(len(payload)))
            for k, v in response.headers.items():
                self.send_header(k, v)
            self.end_headers()
            if response.stream is not None:
                with contextlib.suppress(OSError):  # the client went away
                    response.stream(cast(BinaryIO, self.wfile))  # a socket file: typeshed says BufferedIOBase
                self.close_connection = True
                return
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return _Handler


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
