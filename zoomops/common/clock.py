"""Injectable clocks: every instant is timezone-aware UTC; tests never sleep for real."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What the rest of zoomops needs from time."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never goes backwards."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait (or pretend to wait) for `seconds`."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


class FakeClock:
    """A manual clock for tests: `sleep` advances it instantly and records the request."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime(2022, 9, 6, 0, 0, tzinfo=UTC)
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)
        self._mono = 0.0
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(max(seconds, 0.0))

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=seconds)
            self._mono += seconds

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FakeClock.set needs a timezone-aware instant")
        with self._lock:
            delta = (instant - self._now).total_seconds()
            self._now = instant.astimezone(UTC)
            self._mono += max(delta, 0.0)

    def __repr__(self) -> str:
        return f"FakeClock({self._now.isoformat()})"


def utc_z(instant: datetime) -> str:
    """Format an aware instant the way Zoom wants it: `YYYY-MM-DDTHH:MM:SSZ` in UTC."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: every instant in zoomops must be timezone-aware")
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def shifted(instant: datetime, delta: timedelta) -> datetime:
    """`instant + delta` in elapsed time, expressed in the instant's own time zone.

    Python's `+` on a datetime with a ZoneInfo is wall-clock arithmetic: across a DST change it lands an hour
    off (and can land on a local time that does not exist). Going through UTC keeps durations real.
    """
    if instant.tzinfo is None:
        raise ValueError("naive datetime: every instant in zoomops must be timezone-aware")
    return (instant.astimezone(UTC) + delta).astimezone(instant.tzinfo)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time from `start` to `end` (`-` between two datetimes of one ZoneInfo ignores their UTC offsets)."""
    return end.astimezone(UTC) - start.astimezone(UTC)

