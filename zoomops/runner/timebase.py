"""Event time versus wall time: a rehearsal at speed 300 plays five hours in one minute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from zoomops.common.clock import Clock


@dataclass(frozen=True)
class TimeBase:
    """event_now = event_origin + (wall_now - wall_origin) * speed."""

    speed: float
    event_origin: datetime
    wall_origin: datetime

    def event_now(self, clock: Clock) -> datetime:
        return self.to_event(clock.now())

    def to_event(self, wall: datetime) -> datetime:
        return self.event_origin + (wall - self.wall_origin) * self.speed

    def to_wall(self, event: datetime) -> datetime:
        return self.wall_origin + (event - self.event_origin) / self.speed

    def wall_seconds(self, event_seconds: float) -> float:
        return event_seconds / self.speed

    def to_json(self) -> dict[str, Any]:
        return {
            "speed": self.speed,
            "event_origin": self.event_origin.isoformat(),
            "wall_origin": self.wall_origin.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimeBase:
        return cls(
            float(data["speed"]),
            datetime.fromisoformat(data["event_origin"]),
            datetime.fromisoformat(data["wall_origin"]),
        )


@dataclass(frozen=True)
class ScaledClock:
    """A clock that reads event time through `timebase` (a service rehearsing a compressed week: every event's
    lifecycle sees the compressed instant). Monotonic time and sleeps stay wall time: Zoom's rate limits and
    retry waits are per wall second. A runner started under it plays at `timebase.speed` on the `base` clock."""

    base: Clock
    timebase: TimeBase

    def now(self) -> datetime:
        return self.timebase.to_event(self.base.now())

    def monotonic(self) -> float:
        return self.base.monotonic()

    def sleep(self, seconds: float) -> None:
        self.base.sleep(seconds)


def real_time(clock: Clock) -> TimeBase:
    """Speed 1, event time is wall time."""
    now = clock.now()
    return TimeBase(1.0, now, now)


def rehearsal_origin(first_cue: datetime) -> datetime:
    """Where a sped-up run starts in event time when none is given: just before the first cue."""
    return first_cue - timedelta(seconds=1)
