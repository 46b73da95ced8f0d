"""How hard a Zoom call is tried again: the policy and the backoff it implies (shared by API calls and tokens)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: total attempts, the QPS wait, the 5xx/connection backoff, the longest wait accepted."""

    max_tries: int = 5
    qps_wait: float = 1.0
    jitter: float = 0.5
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    max_wait: float = 60.0

    def backoff(self, attempt: int, rng: Callable[[], float]) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based) when Zoom named no wait."""
        return min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1)) + self.jitter * rng()

    def qps_delay(self, rng: Callable[[], float]) -> float:
        """The wait after a 429 without a usable Retry-After."""
        return self.qps_wait + self.jitter * rng()
