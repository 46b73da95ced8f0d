"""The board's fan-out: runner events in, one board state out to every viewer.

`BoardHub` is a notifier (in the runner's FanOut). Its `emit` runs on the runner's threads and only appends
the event and, once per batch, wakes the publisher: it never computes anything there, so viewers cannot make
a cue late. The publisher runs on the server's event loop: it waits `min_interval` to gather a burst, computes
the board state once (in a worker thread), compares it panel by panel with the last one, and puts one
encoded `patch` message (the changed panels only) on every viewer's queue. A viewer gets the full state when
it connects (`state`), then the patches in order (each with its `seq`, so a gap is visible), and a small
`tick` each second with the event time (countdowns run in the browser between ticks). A viewer whose queue is
full (a stalled client) is dropped and its browser reconnects to a fresh full state: memory stays bounded.

With `relay=True` (the default) the viewers are held by a child process (`board.relay`): the server hands each
stream connection over once its token is checked, and the hub sends every message to the child once. Writing
to a thousand sockets then costs the runner's process nothing (in-process, the fan-out's Python held the GIL
the scheduler's thread needs and made cues late). The in-process queues remain for what the relay cannot
take: TLS connections (the TLS session lives in this process), and the case where the child could not start.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from zoomops.board.relay import RelayProcess
from zoomops.runner.events import CueEvent, RunnerEvent

MIN_INTERVAL = 0.25  # seconds: a burst of cues is one update
TICK_SECONDS = 1.0
QUEUE_SIZE = 256  # messages a viewer may lag behind before it is dropped
Event = dict[str, Any]
Compute = Callable[[list[Event]], dict[str, Any]]
Clock = Callable[[], dict[str, Any]]


class BoardHub:
    """Notifier on the runner's side, publisher and fan-out on the server's loop (see the module docstring)."""

    def __init__(
        self,
        *,
        min_interval: float = MIN_INTERVAL,
        tick: float = TICK_SECONDS,
        queue_size: int = QUEUE_SIZE,
        relay: bool = True,
    ) -> None:
        self.min_interval = min_interval
        self.tick = tick
        self.queue_size = queue_size
        self.seq = 0
        self.closed = False
        self.published = 0
        self.dropped = 0
        self._lock = threading.Lock()
        self._new: list[RunnerEvent | Event] = []
        self.relay: RelayProcess | None = RelayProcess() if relay else None
        self._first_at: float | None = None
        self._wake_pending = False
        self._waker: Callable[[], None] | None = None
        self._wake: asyncio.Event | None = None
        self._state: dict[str, Any] = {}
        self._full = b""
        self._ready = asyncio.Event()  # set once the first state is published: a viewer waits for it
        self._clients: set[asyncio.Queue[bytes | None]] = set()
        self._compute: Compute | None = None
        self._clock: Clock | None = None

    # ---- runner side (any thread) ----
    def emit(self, event: RunnerEvent | Event) -> None:
        with self._lock:  # kept as it is: turned into JSON on the publisher's side, not on the scheduler's
            self._new.append(event)
            if self._first_at is None:
                self._first_at = time.time()
            wake = not self._wake_pending
            self._wake_pending = True
            waker = self._waker
        if wake and waker is not None:
            waker()

    def close(self) -> None:
        """The runner is done: publish what is left (the ended state) right away."""
        with self._lock:
            self.closed = True
            waker = self._waker
        if waker is not None:
            waker()

    # ---- server side (its event loop) ----
    def attach(self, compute: Compute, clock: Clock, call_soon: Callable[[Callable[[], Any]], None]) -> None:
        """Wire the publisher: `compute(events)` builds the state, `clock()` the tick, `call_soon` reaches the loop."""
        self._compute, self._clock = compute, clock
        self._waker = lambda: call_soon(self._set_wake)

    def _set_wake(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def run(self) -> None:
        """The publisher: the first state at once, then one update per burst of events, and a tick each second."""
        self._wake = asyncio.Event()
        loop = asyncio.get_running_loop()
        await self._start_relay()
        try:
            await self._publish(loop, first=True)
        finally:
            self._ready.set()
        ticker = asyncio.create_task(self._tick_loop())
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                if not self.closed:
                    await asyncio.sleep(self.min_interval)
                try:
                    await self._publish(loop)
                except Exception as exc:  # the board must outlive a bad state: say so once, keep publishing
                    print(f"zoomops: board update failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        finally:
            ticker.cancel()

    async def _start_relay(self) -> None:
        """Start the child before the server accepts a connection (this runs first on the loop), then open
        its update channel; the child holds viewers handed to it until the first state."""
        if self.relay is None:
            return
        try:
            self.relay.start()
            await self.relay.connect()
        except OSError as exc:  # the viewers stay in this process
            print(f"zoomops: board relay did not start ({exc}); viewers are served in-process", file=sys.stderr)
            self.relay = None

    async def _publish(self, loop: asyncio.AbstractEventLoop, first: bool = False) -> None:
        with self._lock:
            events, self._new = self._new, []
            first_at, self._first_at = self._first_at, None
            self._wake_pending = False
        if self._compute is None:
            return
        compute = self._compute
        state = await loop.run_in_executor(None, lambda: compute([_json(e) for e in events]))
        changed = {k: v for k, v in state.items() if self._state.get(k) != v}
        if not changed and not first:
            return
        self.seq += 1
        self._state = state
        sent_at = first_at if first_at is not None else time.time()
        meta = {"seq": self.seq, "t": sent_at, "trigger": _trigger(events[-1]) if events else None}
        self._full = sse("state", {**meta, "state": state})
        message = sse("patch", {**meta, "changed": changed})
        self.published += 1
        if self.relay is not None:
            self.relay.update(self._full, b"" if first else message)
        if not first:
            self._broadcast(message)

    async def _tick_loop(self) -> None:
        while True:
            await asyncio.sleep(self.tick)
            if self._clock is not None and (self._clients or self.relay is not None):
                message = sse("tick", self._clock())
                if self.relay is not None:
                    self.relay.tick(message)
                self._broadcast(message)

    def hand_off(self, fileno: int, hello: dict[str, Any]) -> bool:
        """Give a viewer's connection (its token checked) to the relay; False: serve it in-process."""
        if self.relay is None:
            return False
        return self.relay.hand_off(fileno, b"retry: 2000\n\n" + sse("hello", hello))

    def _broadcast(self, message: bytes) -> None:
        for queue in list(self._clients):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:  # a stalled viewer: drop it, its browser reconnects to a full state
                self._clients.discard(queue)
                self.dropped += 1
                queue.get_nowait()
                queue.put_nowait(None)

    def state(self) -> dict[str, Any]:
        """The latest published state (the server's loop only)."""
        return self._state

    async def subscribe(self, hello: dict[str, Any], stopping: threading.Event) -> AsyncIterator[bytes]:
        """One viewer's stream: retry hint, hello (its access), the full state, then patches and ticks."""
        queue: asyncio.Queue[bytes | None] = asyncio.Queue(self.queue_size)
        self._clients.add(queue)
        try:
            await self._ready.wait()
            yield b"retry: 2000\n\n" + sse("hello", hello) + self._full
            while not stopping.is_set():
                try:
                    message = await asyncio.wait_for(queue.get(), 1.0)
                except TimeoutError:
                    continue
                if message is None:
                    return
                yield message
        finally:
            self._clients.discard(queue)

    @property
    def viewers(self) -> int:
        return len(self._clients)

    def end_streams(self) -> None:
        """Close every viewer's stream (the server is stopping)."""
        if self.relay is not None:
            self.relay.end()
        for queue in list(self._clients):
            self._clients.discard(queue)
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(None)


    def finish(self) -> None:
        """After the server stopped: wait for the relay to exit and count the viewers it dropped."""
        if self.relay is not None:
            self.dropped += int(self.relay.wait().get("dropped", 0))


def _json(event: RunnerEvent | Event) -> Event:
    """A runner event as JSON. A cue (thousands a second in a burst) gives only what the board reads, without
    `to_dict`'s deep copy: the compute that does this shares the interpreter with the scheduler."""
    if isinstance(event, dict):
        return event
    if isinstance(event, CueEvent):
        return {
            "type": "cue", "status": event.status, "cue": event.cue, "kind": event.kind.value,
            "audience": event.audience, "message": event.message, "action": event.action, "local": event.local,
            "lateness_ms": event.lateness_ms, "note": event.note,
        }
    return event.to_dict()


def sse(name: str, data: dict[str, Any]) -> bytes:
    """One Server-Sent Event (JSON has no raw newlines, so one data line)."""
    return f"event: {name}\ndata: {json.dumps(data, default=str, ensure_ascii=False)}\n\n".encode()


def _trigger(event: RunnerEvent | Event) -> Event:
    event = _json(event)
    keys = ("type", "status", "cue", "kind", "action", "summary", "state")
    return {k: event[k] for k in keys if k in event}
