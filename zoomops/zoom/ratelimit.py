"""Client-side pacing: a thread-safe token bucket per Zoom rate-limit category, per plan (`common/zoomlimits.py`)."""

from __future__ import annotations

import threading
from collections.abc import Mapping

from zoomops.common.clock import Clock
from zoomops.common.zoomlimits import PLAN_LIMITS, Category

__all__ = ["PLAN_LIMITS", "Category", "Limits", "Pacer", "TokenBucket"]


Limits = Mapping[Category, tuple[int, float]]


class TokenBucket:
    """`capacity` calls at once, refilled at `capacity / period` per second of the injected clock.

    `acquire` reserves a slot under the lock (the balance may go negative) and then sleeps outside it
    for exactly the time the reservation needs, so concurrent callers queue fairly and never overshoot.
    """

    def __init__(self, capacity: int, period: float, clock: Clock) -> None:
        if capacity < 1 or period <= 0:
            raise ValueError("a bucket needs capacity >= 1 and a positive period")
        self.capacity = float(capacity)
        self.rate = capacity / period
        self._clock = clock
        self._tokens = float(capacity)
        self._stamp = clock.monotonic()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one slot; return how many seconds the caller must wait before using it."""
        with self._lock:
            now = self._clock.monotonic()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def acquire(self) -> float:
        """Wait (on the injected clock) until a call is allowed; return the time waited."""
        wait = self.reserve()
        if wait > 0:
            self._clock.sleep(wait)
        return wait


DEFAULT_HEADROOM = 0.9


class Pacer:
    """One bucket per category; every API call takes a slot from its category first.

    `for_plan` keeps a headroom below Zoom's published numbers (default 90 %): requests leave the
    client paced but reach Zoom with network jitter, and the limits are shared with other apps.
    """

    def __init__(self, limits: Limits, clock: Clock) -> None:
        self.limits = dict(limits)
        self._buckets = {cat: TokenBucket(n, per, clock) for cat, (n, per) in limits.items()}

    @classmethod
    def for_plan(cls, plan: str, clock: Clock, overrides: Limits | None = None,
                 headroom: float = DEFAULT_HEADROOM) -> Pacer:
        """The plan's limits times `headroom` (at least 1 call per period); `overrides` are used as given."""
        if not 0 < headroom <= 1:
            raise ValueError("headroom must be in (0, 1]")
        scaled = {cat: (max(1, int(n * headroom)), per) for cat, (n, per) in PLAN_LIMITS[plan].items()}
        return cls({**scaled, **(overrides or {})}, clock)

    def acquire(self, category: Category | str) -> float:
        return self._buckets[Category(category)].acquire()
