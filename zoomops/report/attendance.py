"""Attendance from Zoom's participant records: one person across reconnects, figures per block.

Zoom gives one record per join (`join_time`..`leave_time`); a reconnect is a second record of the same person.
A person is identified, in this order, by `participant_user_id` or `id` (the Zoom user, empty for guests who
are not signed in), `user_email`, `registrant_id`, else the display `name`. Records `in_waiting_room` are not
attendance. Per block (its actual start to its actual end): `unique` people present at any moment, `peak`
people present at once (a person counts once however many devices or reconnects). Someone *attended* a
session when present for at least 5 minutes of it (used for "in two or more sessions" and to place a Q&A
question Zoom gives no time for).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from zoomops.report.asrun import Row

Interval = tuple[datetime, datetime]
DETAIL_FIELDS = ("country", "location", "device")  # not in Zoom's report schema; counted when present
ATTENDED_SECONDS = 300  # "attended a session": present at least this long in it (a late leaver did not attend the next)


def parse_zoom_time(text: str) -> datetime:
    """`2022-09-06T01:02:03Z`, `…+00:00`, or `2022-09-06 01:02:03` (read as UTC) -> an aware instant."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def person_key(record: Mapping[str, Any]) -> str:
    """Who a participant record belongs to (see the module's rule)."""
    for name in ("participant_user_id", "id"):
        if record.get(name):
            return f"user:{record[name]}"
    if record.get("user_email"):
        return f"email:{str(record['user_email']).strip().lower()}"
    if record.get("registrant_id"):
        return f"registrant:{record['registrant_id']}"
    return f"name:{' '.join(str(record.get('name', '')).split()).casefold()}"


@dataclass
class Person:
    """One attendee with their merged presence."""

    key: str
    name: str
    email: str
    intervals: list[Interval] = field(default_factory=list)
    joins: int = 0
    details: dict[str, str] = field(default_factory=dict)

    def present_during(self, start: datetime, end: datetime) -> bool:
        return any(a < end and b > start for a, b in self.intervals)

    def seconds(self) -> float:
        return sum((b - a).total_seconds() for a, b in self.intervals)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals joined (two devices at once, an instant reconnect)."""
    out: list[Interval] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def people(records: Iterable[Mapping[str, Any]]) -> list[Person]:
    """Participant records grouped per person, intervals merged; waiting-room records left out."""
    found: dict[str, Person] = {}
    raw: dict[str, list[Interval]] = {}
    for rec in records:
        if rec.get("status") == "in_waiting_room" or not rec.get("join_time") or not rec.get("leave_time"):
            continue
        key = person_key(rec)
        person = found.setdefault(key, Person(key, str(rec.get("name") or ""), str(rec.get("user_email") or "")))
        person.name = person.name or str(rec.get("name") or "")
        person.email = person.email or str(rec.get("user_email") or "")
        person.joins += 1
        for name in DETAIL_FIELDS:
            if rec.get(name):
                person.details[name] = str(rec[name])
        raw.setdefault(key, []).append((parse_zoom_time(rec["join_time"]), parse_zoom_time(rec["leave_time"])))
    for key, person in found.items():
        person.intervals = merge(raw[key])
    return sorted(found.values(), key=lambda p: (p.intervals[0][0], p.key) if p.intervals else (datetime.max, p.key))


def window_figures(persons: Sequence[Person], start: datetime, end: datetime) -> dict[str, int]:
    """`unique` and `peak` (most present at once) in [start, end), in one sweep over the joins and leaves.

    A person's intervals are merged, so they never count twice; at one instant leaves come before joins."""
    unique = 0
    events: list[tuple[datetime, int]] = []
    for p in persons:
        inside = [(max(a, start), min(b, end)) for a, b in p.intervals if a < end and b > start]
        unique += bool(inside)
        for a, b in inside:
            events += [(a, 1), (b, -1)]
    count = peak = 0
    for _, change in sorted(events):
        count += change
        peak = max(peak, count)
    return {"unique": unique, "peak": peak}


@dataclass
class BlockAttendance:
    key: str
    label: str
    kind: str
    start: datetime
    end: datetime
    unique: int
    peak: int


def per_block(persons: Sequence[Person], blocks: Sequence[Row]) -> list[BlockAttendance]:
    """Figures for every block that has an actual start and end."""
    out = []
    for b in blocks:
        if b.actual_start is None or b.actual_end is None:
            continue
        fig = window_figures(persons, b.actual_start, b.actual_end)
        out.append(BlockAttendance(b.key, b.label, b.kind, b.actual_start, b.actual_end, fig["unique"], fig["peak"]))
    return out


def series(persons: Sequence[Person]) -> list[tuple[datetime, int]]:
    """People present over time, as (instant, count from then on)."""
    changes: Counter[datetime] = Counter()
    for p in persons:
        for a, b in p.intervals:
            changes[a] += 1
            changes[b] -= 1
    out, count = [], 0
    for t in sorted(changes):
        count += changes[t]
        out.append((t, count))
    return out


def seconds_in(person: Person, start: datetime, end: datetime) -> float:
    return sum(max((min(b, end) - max(a, start)).total_seconds(), 0.0) for a, b in person.intervals)


def sessions_of(person: Person, blocks: Sequence[BlockAttendance]) -> list[str]:
    """The programme (non-break) blocks a person attended: present for 5 minutes of it, or all of a shorter one."""
    return [b.key for b in blocks if b.kind != "break"
            and seconds_in(person, b.start, b.end) >= min(ATTENDED_SECONDS, (b.end - b.start).total_seconds())]


def block_at(instant: datetime, blocks: Sequence[BlockAttendance]) -> BlockAttendance | None:
    return next((b for b in blocks if b.start <= instant < b.end), None)


def summary(persons: Sequence[Person], blocks: Sequence[BlockAttendance]) -> dict[str, Any]:
    """Aggregates only (no names): totals, reconnects, people in several sessions, countries/devices if given."""
    in_sessions = [len(sessions_of(p, blocks)) for p in persons]
    details = {name: dict(Counter(p.details[name] for p in persons if name in p.details).most_common())
               for name in DETAIL_FIELDS}
    return {
        "unique": len(persons),
        "reconnected": sum(1 for p in persons if p.joins > 1),
        "join_records": sum(p.joins for p in persons),
        "in_two_or_more_sessions": sum(1 for n in in_sessions if n >= 2),
        "peak": max((n for _, n in series(persons)), default=0),
        "details": {k: v for k, v in details.items() if v},
    }
