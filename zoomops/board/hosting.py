"""Live boards hosted on another ASGI server (`zoomops serve`'s): each live event's board, control API and
webhook under `/events/{key}/`, on the hosting server's loop, with no port or thread of their own.

`BoardHost` keeps the hosted boards by event key. The hosting server calls `attach(loop)` on its loop before
it accepts connections (the boards' publishers then run there), `serve(key, path, request)` for a request under
an event's prefix, and offers every request head that starts with one of `handoff_prefixes()` to `hand_off`:
a viewer's event stream whose token its board accepts is passed to that board's relay child (SCM_RIGHTS), as on
the runner's own server. Each board checks its own tokens, so a token opens only its own event's board."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from zoomops.board.hub import BoardHub
from zoomops.board.web import Board, hosted
from zoomops.runner.server import ControlServer

PREFIX = "/events/{key}"  # each event's board and control API, under the hosting server's root
STREAM = "/board/events"  # the board's event stream, handed to its relay


def prefix(key: str) -> str:
    """The path under which the event's board is served (the key quoted as one path segment)."""
    return PREFIX.format(key=quote(key, safe=""))


@dataclass
class Hosted:
    key: str
    server: ControlServer
    board: Board
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)


class BoardHost:
    """The live boards of one hosting server; `base` is the address people use for it ('' for root-relative
    links, or the public URL with its path)."""

    def __init__(self, base: str = "") -> None:
        self.base = base.rstrip("/")
        self.loop: asyncio.AbstractEventLoop | None = None
        self._boards: dict[str, Hosted] = {}
        self._streams: dict[str, Hosted] = {}  # the stream's path under the prefix -> its board
        self._prefixes: tuple[bytes, ...] = ()
        self._lock = threading.Lock()

    # ---- boards come and go (the service's threads) ----
    def add(self, key: str, runner: Any, state_dir: Path, hub: BoardHub, *,
            webhook_secret: str | None = None) -> Board:
        """Host the board of the runner of `key` (its links from the event's `links.json`)."""
        server, board = hosted(runner, runner.schedule, state_dir, runner.clock, base_url=self.base + prefix(key),
                               webhook_secret=webhook_secret, hub=hub)
        entry = Hosted(key, server, board)
        with self._lock:
            old = self._boards.pop(key, None)
            self._boards[key] = entry
            self._index()
        if old is not None:
            self._end(old)
        loop = self.loop
        if loop is not None:
            self._on_loop(loop, self._start(entry))
        return board

    def remove(self, key: str) -> None:
        """Stop hosting the board of `key`: its viewers' streams end, its relay exits."""
        with self._lock:
            entry = self._boards.pop(key, None)
            self._index()
        if entry is not None:
            self._end(entry)

    def board(self, key: str) -> Board | None:
        with self._lock:
            entry = self._boards.get(key)
        return entry.board if entry is not None else None

    def links(self, key: str) -> dict[str, str]:
        """Every link of the hosted board of `key` (control included), or {} when it is not hosted here."""
        board = self.board(key)
        return board.urls() if board is not None else {}

    def _index(self) -> None:
        self._streams = {prefix(k) + STREAM: e for k, e in self._boards.items()}
        self._prefixes = tuple(b"GET " + path.encode() for path in self._streams)

    # ---- the hosting server's side (its loop) ----
    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called on the hosting server's loop before it serves: the boards' publishers run there."""
        self.loop = loop
        with self._lock:
            entries = list(self._boards.values())
        for entry in entries:
            loop.create_task(self._start(entry))

    async def detach(self) -> None:
        """The hosting server is stopping (on its loop): every board's streams end and its relay exits; the
        boards are no longer hosted."""
        with self._lock:
            entries, self._boards = list(self._boards.values()), {}
            self._index()
        self.loop = None
        loop = asyncio.get_running_loop()
        for entry in entries:
            entry.server.stopping.set()
            await _cancel(entry.tasks)
            for callback in entry.server.on_stop:
                callback()
        for entry in entries:  # the relays exit once their end frame is out: wait for them off the loop
            for callback in entry.server.after_stop:
                await loop.run_in_executor(None, callback)

    async def _start(self, entry: Hosted) -> None:
        loop = asyncio.get_running_loop()
        entry.server.loop = loop
        entry.tasks = [loop.create_task(job()) for job in entry.server.background]

    async def serve(self, key: str, path: str, request: Request) -> Response | None:
        """A request for `/events/{key}/{path}`; None when no board of `key` is hosted here."""
        with self._lock:
            entry = self._boards.get(key)
        if entry is None:
            return None
        return await entry.server.handle(request, "/" + path)

    def handoff_prefixes(self) -> tuple[bytes, ...]:
        return self._prefixes

    def hand_off(self, head: bytes, fileno: int) -> bool:
        """A request head that starts like a hosted board's stream: True if that board's relay took it."""
        for path, entry in list(self._streams.items()):
            if head.startswith(b"GET " + path.encode()):
                return entry.server.hand_off(head, fileno, path[: -len(STREAM)])
        return False

    # ---- ending a board ----
    def _end(self, entry: Hosted) -> None:
        """Cancel its publisher on the loop, then stop it as the runner's server stops (streams end, the relay
        exits and is waited for)."""
        loop = self.loop
        if loop is not None:
            self._on_loop(loop, _cancel(entry.tasks))
        entry.server.stop()

    @staticmethod
    def _on_loop(loop: asyncio.AbstractEventLoop, job: Coroutine[Any, Any, None]) -> None:
        """Run `job` on the hosting loop from another thread and wait for it (not at all if the loop is gone)."""
        if loop.is_closed():
            job.close()
            return
        if _on(loop):
            loop.create_task(job)
            return
        try:
            asyncio.run_coroutine_threadsafe(job, loop).result(10)
        except (TimeoutError, RuntimeError, asyncio.CancelledError):
            return


async def _cancel(tasks: list[asyncio.Task[Any]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _on(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False

