"""Synthetic attendance for a rehearsal: participants, Q&A, polls, absentees and a recording, shaped as
Zoom's report endpoints give them, placed on the sessions' actual times.

Deterministic for a seed. Besides a crowd with random arrivals, departures and break-time drop-outs, it always
holds the cases a report must get right: a signed-in attendee who drops out and reconnects (two records, same
`id`, new `user_id`), a guest without an account who stays through a break (one record across it), an
attendee of two sessions who misses the one between, someone left in the waiting room, and registrants who
never joined (when registration is on).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from zoomops.common.clock import utc_z

CROWD = 45
ANSWERS = ("Very useful", "Useful", "Not very useful")


@dataclass(frozen=True)
class Session:
    key: str
    label: str
    start: datetime
    end: datetime
    is_break: bool = False

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Session:
        return cls(raw["key"], raw["label"], datetime.fromisoformat(raw["start"].replace("Z", "+00:00")),
                   datetime.fromisoformat(raw["end"].replace("Z", "+00:00")), bool(raw.get("break", False)))


class _Factory:
    def __init__(self, seed: int, registration: bool) -> None:
        self.rng = random.Random(seed)
        self.registration = registration
        self.records: list[dict[str, Any]] = []
        self.counter = 0

    def token(self, n: int = 22) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def person(self, name: str, *, signed_in: bool) -> dict[str, str]:
        self.counter += 1
        slug = name.lower().replace(" ", "-")
        uid = self.token() if signed_in else ""
        who = {"name": name, "id": uid, "participant_user_id": uid,
               "user_email": f"placeholder+{slug}@example.org" if signed_in else ""}
        if self.registration:  # without registration Zoom has no registrant ids
            who["registrant_id"] = self.token()
        return who

    def join(self, who: dict[str, str], start: datetime, end: datetime, status: str = "in_meeting") -> None:
        if end <= start:
            return
        self.records.append({**who, "user_id": str(16_000_000 + len(self.records)), "join_time": utc_z(start),
                             "leave_time": utc_z(end), "duration": int((end - start).total_seconds()),
                             "failover": False, "status": status, "customer_key": ""})


def synthesize(sessions: list[Session], *, seed: int = 0, registration: bool = False) -> dict[str, Any]:
    """The `reports` data of a webinar whose programme ran as `sessions` (breaks included)."""
    programme = [s for s in sessions if not s.is_break]
    if not programme:
        return {"participants": [], "qa": [], "polls": [], "absentees": [], "recording": None}
    f = _Factory(seed, registration)
    _cases(f, sessions, programme)
    for n in range(CROWD):
        _crowd_member(f, n, sessions, programme)
    qa = _qa(f, programme)
    data = {"participants": sorted(f.records, key=lambda r: (r["join_time"], r["user_id"])),
            "qa": qa, "polls": _polls(f, programme),
            "absentees": _absentees(f) if registration else [], "recording": _recording(f, programme)}
    return data


def _cases(f: _Factory, sessions: list[Session], programme: list[Session]) -> None:
    first, last = programme[0], programme[-1]
    mins = timedelta(minutes=1)
    reconnect = f.person("Reconnecting Attendee", signed_in=True)
    drop = first.start + (first.end - first.start) / 2
    f.join(reconnect, first.start - 2 * mins, drop)
    f.join(reconnect, drop + 2 * mins, first.end + mins)
    through = f.person("Guest Through The Break", signed_in=False)
    after_break = next((s for s in programme if s.start > first.end), last)
    f.join(through, first.start, after_break.end)
    both = f.person("Two Sessions Attendee", signed_in=True)
    f.join(both, first.start + 3 * mins, first.end)
    if len(programme) >= 3:
        f.join(both, programme[2].start - mins, programme[2].end)
    waiting = f.person("Waiting Room Guest", signed_in=False)
    f.join(waiting, first.start, first.start + 4 * mins, status="in_waiting_room")


def _crowd_member(f: _Factory, n: int, sessions: list[Session], programme: list[Session]) -> None:
    rng = f.rng
    who = f.person(f"Participant {n + 1:03d}", signed_in=rng.random() < 0.6)
    a = rng.randrange(len(programme))
    b = min(len(programme) - 1, a + rng.choice((0, 0, 1, 2, len(programme))))
    start = programme[a].start + timedelta(minutes=rng.uniform(-4, 6))
    end = programme[b].end + timedelta(minutes=rng.uniform(-5, 2))
    cursor = start
    for brk in (s for s in sessions if s.is_break and programme[a].start < s.start < programme[b].end):
        if rng.random() < 0.35:
            f.join(who, cursor, brk.start + timedelta(minutes=rng.uniform(0, 2)))
            cursor = brk.end - timedelta(minutes=rng.uniform(0, 3))
    f.join(who, cursor, end)


def _qa(f: _Factory, programme: list[Session]) -> list[dict[str, Any]]:
    """Two questions per session, each from someone who came for that session only (Zoom's Q&A report gives
    no time, so the report places a question by when its asker attended)."""
    out = []
    for n, session in enumerate(programme):
        for k in range(2):
            asker = f.person(f"Questioner {n + 1}{'ab'[k]}", signed_in=k == 0)
            f.join(asker, session.start + timedelta(minutes=2), session.end - timedelta(minutes=2))
            out.append({"name": asker["name"], "email": asker["user_email"], "question_details": [
                {"question": f"Question {k + 1} on {session.label.split(':')[0]}: how will this scale?",
                 "answer": "Answered live" if (n + k) % 2 == 0 else ""}]})
    return out


def _present(f: _Factory, session: Session) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for r in f.records:
        if r["status"] == "in_meeting" and r["join_time"] < utc_z(session.end) and r["leave_time"] > utc_z(
                session.start):
            seen.setdefault(r["id"] or r["name"], r)
    return list(seen.values())


def _polls(f: _Factory, programme: list[Session]) -> list[dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    for session in programme:
        at = utc_z(session.start + (session.end - session.start) * 0.6)
        for k, person in enumerate(_present(f, session)):
            if k % 3 == 2:
                continue
            entry = answers.setdefault(person["id"] or person["name"], {
                "name": person["name"], "email": person["user_email"], "question_details": []})
            entry["question_details"].append({"question": f"How useful was {session.label.split(':')[0]}?",
                                              "answer": f.rng.choice(ANSWERS), "date_time": at,
                                              "polling_id": f"poll-{session.key}"})
    return list(answers.values())


def _absentees(f: _Factory) -> list[dict[str, Any]]:
    return [{"id": f.token(), "first_name": "Registered", "last_name": f"Absentee {n + 1}",
             "email": f"placeholder+absentee-{n + 1}@example.org", "country": ("KR", "US", "PH", "DE", "BD")[n],
             "status": "approved"} for n in range(5)]


def _recording(f: _Factory, programme: list[Session]) -> dict[str, Any]:
    start = programme[0].start - timedelta(seconds=90)
    end = programme[-1].end + timedelta(seconds=30)
    return {"start_time": utc_z(start), "duration": int((end - start).total_seconds() // 60), "recording_files": [
        {"id": f.token(), "recording_start": utc_z(start), "recording_end": utc_z(end), "file_type": "MP4",
         "file_extension": "MP4", "file_size": 1_048_576, "recording_type": "shared_screen_with_speaker_view"}]}
