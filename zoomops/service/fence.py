"""This instance's hold on one event's lease, as the runner checks it before every write (fencing).

The lease is renewed in the database, which sets its expiry from its own clock: `expires_at = now() + ttl`. A
renewal *sent* at local monotonic instant `t` therefore holds the lease at least until `t + ttl`, whatever the
instances' wall clocks say. `check()` refuses once `t + ttl - margin` is past on the local monotonic clock, so an
instance that cannot renew (database unreachable, renewal refused, process stalled) stops acting at least
`margin` before its lease can pass to another instance. The database checks the token on every claim as well
(`pgledger`): a write that reaches it late, under a token that is no longer the event's, is refused there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from zoomops.runner.ledger import LeaseLost


class Fence:
    """The token of the lease this instance holds on `key`, and when its last successful renewal was sent."""

    def __init__(self, key: str, holder: str, token: int, sent_at: float, ttl: timedelta, margin: timedelta,
                 monotonic: Callable[[], float]) -> None:
        if margin >= ttl:
            raise ValueError("the fencing margin must be shorter than the lease")
        self.key = key
        self.holder = holder
        self.token = token
        self.ttl = ttl.total_seconds()
        self.margin = margin.total_seconds()
        self._monotonic = monotonic
        self._sent_at = sent_at
        self._lost: str | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Fence({self.key!r}, {self.holder!r}, token={self.token}, lost={self._lost!r})"

    def renewed(self, token: int, sent_at: float) -> bool:
        """A renewal sent at `sent_at` succeeded; False (and the fence is lost) if the token changed."""
        with self._lock:
            if self._lost is not None:
                return False
            if token != self.token:
                self._lost = f"the lease of {self.key} passed to token {token} (this instance held {self.token})"
                return False
            self._sent_at = max(self._sent_at, sent_at)
            return True

    def lose(self, why: str) -> None:
        """The lease is gone (renewal refused): refuse every write from now on, for good."""
        with self._lock:
            if self._lost is None:
                self._lost = why

    @property
    def lost(self) -> str | None:
        with self._lock:
            return self._lost

    def remaining(self) -> float:
        """Seconds this instance may still act (negative once past the deadline)."""
        with self._lock:
            return self._sent_at + self.ttl - self.margin - self._monotonic()

    def check(self) -> None:
        """Raise LeaseLost unless the lease is still provably this instance's for `margin` more seconds.

        A deadline once passed loses the fence for good, as a refused renewal does: the runner that saw LeaseLost
        has stopped acting for good, so a renewal that succeeds later must not make the fence look held again (the
        service would keep a runner that does nothing); the service lets it go and starts a new one instead."""
        late = -self.remaining()
        with self._lock:
            if self._lost is None and late >= 0:
                self._lost = (f"the lease of {self.key} (token {self.token}) was last renewed "
                              f"{late + self.ttl - self.margin:.1f}s ago, more than its {self.ttl:g}s minus a "
                              f"{self.margin:g}s margin: it may pass to another instance")
            lost = self._lost
        if lost is not None:
            raise LeaseLost(lost)
