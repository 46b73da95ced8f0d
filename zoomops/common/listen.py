"""Opening a local HTTP server: a port in use or an address that is not this machine's is one clear line."""

from __future__ import annotations

import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from zoomops.common.diagnostics import OperationalError


def http_server(host: str, port: int, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """A ThreadingHTTPServer bound to host:port, or an OperationalError that says why it cannot listen."""
    try:
        return ThreadingHTTPServer((host, port), handler)
    except socket.gaierror:
        raise OperationalError(f"cannot listen on {host}:{port}: {host!r} is not an address of this machine") from None
    except (OSError, OverflowError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        hint = " (choose another with --port, or 0 for any free port)" if _in_use(exc) else ""
        raise OperationalError(f"cannot listen on {host}:{port}: {reason}{hint}") from None


def _in_use(exc: BaseException) -> bool:
    import errno

    return isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE
