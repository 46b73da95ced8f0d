"""Ordered work on shared threads: a `Lane`'s calls run one at a time, in the order given, on whichever thread
offers to run them (a pool's, or the caller's); different lanes never wait on each other's calls, only, on a
pool, for a free thread. One lane per event keeps that event's wake-ups (or Zoom calls) in order while many
events share a few threads."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

log = logging.getLogger("zoomops.runner")

Call = tuple[Future[Any] | None, Callable[..., Any], tuple[Any, ...]]  # no future: a run_here call


class Lane(Executor):
    """Calls in order, one at a time; `submit` runs them on `pool`, `run_here` on the calling thread.

    At most one thread works a lane at any moment: a lane whose call blocks holds that one thread, and the
    calls queued behind it wait for it, as they would on a one-thread executor of their own."""

    def __init__(self, pool: Executor | None = None) -> None:
        self._pool = pool
        self._lock = threading.Lock()
        self._calls: deque[Call] = deque()
        self._busy = False
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Queue a call; the pool runs it once the lane's earlier calls are done."""
        if self._pool is None:
            raise RuntimeError("this lane has no pool: use run_here")
        future: Future[Any] = Future()
        call = (lambda: fn(*args, **kwargs)) if kwargs else fn
        start = self._queue((future, call, args if not kwargs else ()))
        if start:
            try:
                self._pool.submit(self._drain)
            except BaseException:
                with self._lock:
                    self._busy = False
                raise
        return future

    def run_here(self, fn: Callable[..., Any], /, *args: Any) -> None:
        """Queue a call and, if no thread is working the lane, work it on this one until it is empty; else
        return at once (the thread working it runs this call in its turn)."""
        if self._queue((None, fn, args)):  # no Future: a scheduler job's call is guarded and returns nothing
            self._drain()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """No more calls; with `wait`, return once the calls already queued are done (the pool is not ours)."""
        with self._lock:
            if cancel_futures:
                while self._calls:
                    future = self._calls.popleft()[0]
                    if future is not None:
                        future.cancel()
            last = self._marker() if wait and (self._busy or self._calls) else None
            self._closed = True
        if last is not None:
            last.result()

    def _marker(self) -> Future[Any]:
        """A no-op call at the end of the queue (caller holds the lock and knows a thread works the lane)."""
        future: Future[Any] = Future()
        self._calls.append((future, _nothing, ()))
        return future

    def _queue(self, call: Call) -> bool:
        """Queue a call; True when no thread works the lane (the caller must start one)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new calls after shutdown")
            self._calls.append(call)
            start, self._busy = not self._busy, True
        return start

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._calls:
                    self._busy = False
                    return
                future, fn, args = self._calls.popleft()
            if future is None:
                try:
                    fn(*args)
                except Exception:  # the lane goes on; callers guard their own calls, this is the last net
                    log.exception("a call in a lane failed")
                continue
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)


def _nothing() -> None:
    return None
