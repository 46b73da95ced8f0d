"""Assemble the report from the schedule, the ledger and (optionally) Zoom's data: one `Report` to render."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zoomops.report import attendance as att
from zoomops.report.asrun import AsRun, build_asrun
from zoomops.report.chapters import Chapter, chapters, end_offset, paused_intervals, webvtt, youtube_text
from zoomops.report.ledger_reader import LedgerData
from zoomops.report.zoomdata import ZoomData
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues

UNPLACED = "Time not known"


@dataclass
class Attendance:
    """Aggregated attendance (what the report shows) and the people behind it (export files only)."""

    source: str
    blocks: list[att.BlockAttendance]
    summary: dict[str, Any]
    persons: list[att.Person]
    series: list[tuple[datetime, int]]
    absentees: list[dict[str, Any]] | None = None


@dataclass
class Report:
    schedule: Schedule
    generated_at: datetime
    rehearsal: bool
    asrun: AsRun
    attendance: Attendance | None = None
    qa: list[dict[str, Any]] = field(default_factory=list)
    qa_raw: list[dict[str, Any]] = field(default_factory=list)
    polls: list[dict[str, Any]] = field(default_factory=list)
    polls_raw: list[dict[str, Any]] = field(default_factory=list)
    recording_start: datetime | None = None
    chapters: list[Chapter] = field(default_factory=list)
    chapters_end: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def youtube(self) -> str:
        return youtube_text(self.chapters)

    @property
    def webvtt(self) -> str:
        return webvtt(self.chapters, self.chapters_end)


def build_report(schedule: Schedule, ledger: LedgerData, zoom: ZoomData | None, *, now: datetime,
                 rehearsal: bool = False, recording_start: datetime | None = None,
                 zoom_absent: str | None = None) -> Report:
    """The whole report; `zoom` None means Zoom was not asked (`zoom_absent` says why)."""
    asrun = build_asrun(schedule, compile_cues(schedule), ledger)
    report = Report(schedule, now, rehearsal, asrun, notes=[])
    if zoom is None:
        report.notes.append(f"Attendance, Q&A and polls absent — {zoom_absent or 'Zoom was not asked'}")
    else:
        report.notes.extend(zoom.notes)
        recording_start = recording_start or zoom.recording_start
        _attendance(report, zoom)
    _chapters(report, recording_start)
    return report


def _attendance(report: Report, zoom: ZoomData) -> None:
    blocks = report.asrun.blocks
    persons = att.people(zoom.participants or []) if zoom.participants is not None else []
    per_block = att.per_block(persons, blocks)
    if zoom.participants is not None:
        report.attendance = Attendance(zoom.participants_source, per_block, att.summary(persons, per_block), persons,
                                       att.series(persons), zoom.absentees)
        if not report.attendance.summary["details"]:
            report.notes.append("Countries and devices: not in Zoom's participants report (only the Dashboard API "
                                "has them, which zoomops does not use)")
    if zoom.qa is not None:
        report.qa_raw = zoom.qa
        report.qa = _place_qa(zoom.qa, persons, per_block)
    if zoom.polls is not None:
        report.polls_raw = zoom.polls
        report.polls = _place_polls(zoom.polls, per_block)


def _asker(record: dict[str, Any], persons: list[att.Person]) -> att.Person | None:
    email = str(record.get("email") or "").lower()
    name = " ".join(str(record.get("name") or "").split()).casefold()
    return next((p for p in persons if (email and p.email.lower() == email)
                 or (not email and name and " ".join(p.name.split()).casefold() == name)), None)


def _place_qa(records: list[dict[str, Any]], persons: list[att.Person],
              blocks: list[att.BlockAttendance]) -> list[dict[str, Any]]:
    """Questions per session: by their time when Zoom gives one (`create_time`), else by when the asker was
    present, if that was a single session (marked `inferred`); else under "Time not known"."""
    by_key = {b.key: b for b in blocks}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        person = _asker(rec, persons)
        sessions = att.sessions_of(person, blocks) if person else []
        for detail in rec.get("question_details") or []:
            place, inferred = UNPLACED, False
            stamp = detail.get("create_time")
            if stamp:
                found = att.block_at(att.parse_zoom_time(stamp), blocks)
                place = found.key if found else UNPLACED
            elif len(sessions) == 1:
                place, inferred = sessions[0], True
            groups[place].append({"question": detail.get("question", ""), "answer": detail.get("answer", ""),
                                  "inferred": inferred})
    return _ordered(groups, by_key, "questions")


def _place_polls(records: list[dict[str, Any]], blocks: list[att.BlockAttendance]) -> list[dict[str, Any]]:
    """Poll answers counted per question, grouped by the session during which they were given (`date_time`)."""
    by_key = {b.key: b for b in blocks}
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for rec in records:
        for detail in rec.get("question_details") or []:
            stamp = detail.get("date_time")
            found = att.block_at(att.parse_zoom_time(stamp), blocks) if stamp else None
            counts[found.key if found else UNPLACED][detail.get("question", "")][detail.get("answer", "")] += 1
    groups = {place: [{"question": q, "answers": dict(c.most_common()), "responses": sum(c.values())}
                      for q, c in questions.items()] for place, questions in counts.items()}
    return _ordered(groups, by_key, "polls")


def _ordered(groups: dict[str, list[dict[str, Any]]], by_key: dict[str, att.BlockAttendance],
             name: str) -> list[dict[str, Any]]:
    order = [k for k in by_key if k in groups] + ([UNPLACED] if UNPLACED in groups else [])
    return [{"key": k, "session": by_key[k].label if k in by_key else UNPLACED, name: groups[k]} for k in order]


def _chapters(report: Report, recording_start: datetime | None) -> None:
    if recording_start is None:
        first = next((r.actual_start for r in report.asrun.blocks if r.actual_start is not None), None)
        if first is None:
            report.notes.append("Recording chapters absent — no block has started")
            return
        report.notes.append("Recording start unknown: chapter offsets count from the programme's actual start "
                            "(give --recording-start to count from the recording)")
        recording_start = first
    report.recording_start = recording_start
    paused = paused_intervals(report.asrun)
    report.chapters = chapters(report.asrun, recording_start, paused)
    report.chapters_end = end_offset(report.asrun, recording_start, paused)
