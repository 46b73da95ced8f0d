"""Zoom's rate limits: per-account token buckets per label (QPS) and the per-host daily create/update cap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from zoomops.common.clock import Clock, utc_z
from zoomops.common.zoomlimits import PLAN_LIMITS
from zoomops.sandbox.errors import DAILY_LIMIT, QPS_LIMIT, ZoomError


class TokenBucket:
    """`capacity` requests, refilled continuously at `capacity / period` per second of the injected clock."""

    def __init__(self, capacity: int, period: float, clock: Clock) -> None:
        self.capacity = capacity
        self.rate = capacity / period
        self.clock = clock
        self.tokens = float(capacity)
        self.stamp = clock.monotonic()

    def _refill(self) -> None:
        now = self.clock.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self) -> bool:
        self._refill()
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    @property
    def remaining(self) -> int:
        self._refill()
        return int(self.tokens)


def qps_error(label: str, limit: int) -> ZoomError:
    """The 429 Zoom sends when a label's per-second budget is spent."""
    headers = {"X-RateLimit-Category": label, "X-RateLimit-Type": "QPS",
               "X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0"}
    return ZoomError(429, 429, QPS_LIMIT, headers=headers)


class QpsLimiter:
    """One bucket per label for the whole account (labels are shared by all endpoints and apps)."""

    def __init__(self, plan: str, clock: Clock) -> None:
        self.limits = {str(label): limit for label, limit in PLAN_LIMITS[plan].items()}
        self.buckets = {label: TokenBucket(n, per, clock) for label, (n, per) in self.limits.items()}

    def charge(self, label: str) -> None:
        if not self.buckets[label].take():
            raise qps_error(label, self.limits[label][0])


def next_utc_midnight(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(0), tzinfo=UTC)


@dataclass
class DailyHostLimit:
    """Create+update requests per host user per UTC day; counts live in the stored state."""

    limit: int
    category: str = "Light"

    def charge(self, counts: dict[str, int], host_id: str, now: datetime) -> None:
        day = now.astimezone(UTC).date().isoformat()
        key = f"{host_id}|{day}"
        for stale in [k for k in counts if k.startswith(f"{host_id}|") and k != key]:
            del counts[stale]
        if counts.get(key, 0) >= self.limit:
            raise self._error(now)
        counts[key] = counts.get(key, 0) + 1

    def _error(self, now: datetime) -> ZoomError:
        headers = {"X-RateLimit-Category": self.category, "X-RateLimit-Type": "Daily-limit",
                   "X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": "0",
                   "Retry-After": utc_z(next_utc_midnight(now))}
        return ZoomError(429, 429, DAILY_LIMIT.format(limit=self.limit), headers=headers)
