"""Serve a `ZoomSandbox` over real HTTP on a local port (ThreadingHTTPServer), for rehearsals and CLI runs.

Transport faults: a dropped connection or timeout closes the socket without writing a response.
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from zoomops.common.listen import http_server
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.wire import SandboxRequest, SandboxResponse


def _handler_class(sandbox: ZoomSandbox) -> type[BaseHTTPRequestHandler]:
    class SandboxHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "zoomops-sandbox"
        # Headers and body are written separately; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms
        # to every keep-alive response.
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            parts = urlsplit(self.path)
            request = SandboxRequest(self.command, parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)),
                                     dict(self.headers.items()), self.rfile.read(length) if length else b"")
            self._write(sandbox.handle(request))

        def _write(self, answer: SandboxResponse) -> None:
            if answer.transport_fault is not None:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: object) -> None:
            """Quiet by default; the CLI prints its own banner."""

    return SandboxHandler


class SandboxServer:
    """A sandbox listening on `host:port` (port 0 picks a free one) in a background thread."""

    def __init__(self, sandbox: ZoomSandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        self.sandbox = sandbox
        self.httpd = http_server(host, port, _handler_class(sandbox))
        self.httpd.daemon_threads = True
        bound_host, bound_port = self.httpd.server_address[:2]
        host_text = bound_host.decode() if isinstance(bound_host, bytes) else str(bound_host)
        self.url = f"http://{host_text}:{bound_port}"
        sandbox.origin = self.url
        self._thread: threading.Thread | None = None

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="zoomops-sandbox", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
