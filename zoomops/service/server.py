"""The service's HTTP server: uvicorn on its own thread and loop, with the runner server's hardening (request
head deadline, connection cap, head size limit, quiet logs, no server header). A `Guest` (the live boards) is
attached to its loop before it serves and may take connections off it (the boards' event streams, handed to
their relay processes)."""

from __future__ import annotations

import asyncio
import threading
from typing import Protocol

import uvicorn
from starlette.applications import Starlette

from zoomops.common.listen import listening_socket
from zoomops.runner.server import KEEP_ALIVE, MAX_CONNECTIONS, MAX_HEAD, _GuardedH11, _quiet_uvicorn_logs


class Guest(Protocol):
    """What else runs on the server's loop (`board.hosting.BoardHost`)."""

    def attach(self, loop: asyncio.AbstractEventLoop) -> None: ...

    async def detach(self) -> None: ...

    def handoff_prefixes(self) -> tuple[bytes, ...]: ...

    def hand_off(self, head: bytes, fileno: int) -> bool: ...


class ServiceServer:
    """Serves `app` on `host:port` (port 0 picks a free one); bound at construction so a port in use fails early."""

    def __init__(self, app: Starlette, host: str = "127.0.0.1", port: int = 0, guest: Guest | None = None) -> None:
        self.host = host
        self.guest = guest
        self._socket = listening_socket(host, port)
        protocol = _GuardedH11 if guest is None else type(
            "_ServiceH11", (_GuardedH11,), {"hand_off": guest.hand_off, "handoff_prefixes": guest.handoff_prefixes})
        config = uvicorn.Config(app, http=protocol, lifespan="off", log_config=None, access_log=False,
                                limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=KEEP_ALIVE,
                                timeout_graceful_shutdown=2, h11_max_incomplete_event_size=MAX_HEAD,
                                server_header=False, date_header=False,
                                proxy_headers=False)  # the peer address is the TCP peer: ProxyAuth relies on it
        _quiet_uvicorn_logs()
        self._uvicorn = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self._started = threading.Event()

    @property
    def port(self) -> int:
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), name="zoomops-service-http",
                                        daemon=True)
        self._thread.start()
        self._started.wait(10)

    async def _serve(self) -> None:
        if self.guest is not None:
            self.guest.attach(asyncio.get_running_loop())
        self._started.set()
        try:
            await self._uvicorn.serve(sockets=[self._socket])
        finally:
            if self.guest is not None:
                await self.guest.detach()

    def stop(self) -> None:
        self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self._socket.close()
