"""Opening a local listening socket: a port in use or an address that is not this machine's is one clear line."""

from __future__ import annotations

import errno
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from zoomops.common.diagnostics import OperationalError

BACKLOG = 2048  # the kernel caps it at net.core.somaxconn


def http_server(host: str, port: int, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """A ThreadingHTTPServer bound to host:port, or an OperationalError that says why it cannot listen."""
    try:
        return ThreadingHTTPServer((host, port), handler)
    except socket.gaierror:
        raise OperationalError(f"cannot listen on {host}:{port}: {host!r} is not an address of this machine") from None
    except (OSError, OverflowError) as exc:
        raise _cannot_listen(host, port, exc) from None


def listening_socket(host: str, port: int, backlog: int = BACKLOG) -> socket.socket:
    """A TCP socket bound to host:port (IPv4 or IPv6) and listening with a deep backlog, or an OperationalError."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError):
        raise OperationalError(f"cannot listen on {host}:{port}: {host!r} is not an address of this machine") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(address)
        sock.listen(backlog)
    except (OSError, OverflowError) as exc:
        sock.close()
        raise _cannot_listen(host, port, exc) from None
    sock.set_inheritable(True)
    return sock


def _cannot_listen(host: str, port: int, exc: BaseException) -> OperationalError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    in_use = isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE
    hint = " (choose another with --port, or 0 for any free port)" if in_use else ""
    return OperationalError(f"cannot listen on {host}:{port}: {reason}{hint}")
