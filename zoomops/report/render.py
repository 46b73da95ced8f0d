"""Write the report: HTML (self-contained, charts inline as SVG) and Markdown from Jinja2 templates, the data
as JSON and CSV, the chapters, and the organizer's personal-data exports (owner-only files in `private/`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from zoomops.common.diagnostics import OperationalError
from zoomops.common.outputs import output_dir, write_outputs
from zoomops.common.private import write_private
from zoomops.report.attendance import sessions_of
from zoomops.report.build import Report
from zoomops.report.chapters import clock_text

PRIVATE_DIR = "private"


def signed_minutes(seconds: float | None) -> str:
    """`+5:00`, `-0:30`, `0:00`; empty when unknown."""
    if seconds is None:
        return ""
    whole = round(seconds)
    sign = "+" if whole > 0 else "-" if whole < 0 else ""
    m, s = divmod(abs(whole), 60)
    return f"{sign}{m}:{s:02d}"


def _environment(report: Report, *, html: bool) -> Environment:
    env = Environment(loader=PackageLoader("zoomops.report", "templates"), undefined=StrictUndefined,
                      autoescape=html, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    tz = report.schedule.tz

    def local(value: datetime | None, fmt: str = "%H:%M:%S") -> str:
        return value.astimezone(tz).strftime(fmt) if value is not None else "—"

    env.filters.update(local=local, signed=signed_minutes, offset=clock_text)
    return env


def _context(report: Report, charts: dict[str, str]) -> dict[str, Any]:
    return {"r": report, "event": report.schedule.event, "tz": report.schedule.event.timezone,
            "asrun": report.asrun, "att": report.attendance, "charts": charts}


def render_html(report: Report, charts: dict[str, str]) -> str:
    return _environment(report, html=True).get_template("report.html.j2").render(_context(report, charts))


def render_markdown(report: Report) -> str:
    return _environment(report, html=False).get_template("report.md.j2").render(_context(report, {}))


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def data(report: Report) -> dict[str, Any]:
    """The report's aggregated data (no personal data), JSON-ready."""
    a = report.attendance
    return {
        "event": report.schedule.event.id, "title": report.schedule.event.title,
        "timezone": report.schedule.event.timezone,
        "generated_at": _iso(report.generated_at), "rehearsal": report.rehearsal, "speed": report.asrun.speed,
        "counts": report.asrun.counts,
        "rows": [{"key": r.key, "label": r.label, "kind": r.kind, "planned_start": _iso(r.planned_start),
                  "planned_end": _iso(r.planned_end), "actual_start": _iso(r.actual_start),
                  "actual_end": _iso(r.actual_end), "start_status": r.start_status, "estimated": r.estimated,
                  "start_delay_seconds": r.start_delay_seconds, "overrun_seconds": r.overrun_seconds}
                 for r in report.asrun.rows],
        "adjustments": [{**adj, "made_at": _iso(adj["made_at"])} for adj in report.asrun.adjustments],
        "cues_missed_or_skipped": [{**p, "planned": _iso(p["planned"]), "effective": _iso(p["effective"])}
                                   for p in report.asrun.problems],
        "actions": [{**x, "at": _iso(x["at"])} for x in report.asrun.actions],
        "attendance": None if a is None else {
            "source": a.source, "summary": a.summary,
            "absentees": None if a.absentees is None else len(a.absentees),
            "blocks": [{"key": b.key, "label": b.label, "start": _iso(b.start), "end": _iso(b.end),
                        "unique": b.unique, "peak": b.peak} for b in a.blocks],
        },
        "qa": report.qa, "polls": report.polls,
        "recording_start": _iso(report.recording_start),
        "chapters": [{"offset": c.offset, "title": c.title, "at": _iso(c.at), "key": c.key} for c in report.chapters],
        "notes": report.notes,
    }


def public_files(report: Report, charts: dict[str, str]) -> list[tuple[str, str]]:
    r = report
    files = [
        ("report.html", render_html(r, charts)),
        ("report.md", render_markdown(r)),
        ("report.json", json.dumps(data(r), indent=2, ensure_ascii=False) + "\n"),
        ("asrun.csv", _csv(("key", "label", "kind", "planned_start", "planned_end", "actual_start", "actual_end",
                            "start_status", "start_delay_seconds", "overrun_seconds"),
                           ((x.key, x.label, x.kind, _iso(x.planned_start), _iso(x.planned_end), _iso(x.actual_start),
                             _iso(x.actual_end), x.start_status, _num(x.start_delay_seconds),
                             _num(x.overrun_seconds)) for x in r.asrun.rows))),
        ("chapters-youtube.txt", r.youtube),
        ("chapters.vtt", r.webvtt),
        ("chapters.csv", _csv(("offset_seconds", "offset", "start", "title", "key"),
                              ((c.offset, clock_text(c.offset, hours=True), _iso(c.at), c.title, c.key)
                               for c in r.chapters))),
    ]
    if r.attendance is not None:
        files.append(("attendance.csv", _csv(("key", "label", "start", "end", "unique", "peak"),
                                             ((b.key, b.label, _iso(b.start), _iso(b.end), b.unique, b.peak)
                                              for b in r.attendance.blocks))))
    return files


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def private_files(report: Report) -> list[tuple[str, str]]:
    """Names, emails and what each person asked: for the organizer only."""
    out: list[tuple[str, str]] = []
    a = report.attendance
    if a is not None:
        out.append(("participants.csv", _csv(
            ("name", "email", "first_join", "last_leave", "minutes", "joins", "sessions"),
            ((p.name, p.email, _iso(p.intervals[0][0]), _iso(p.intervals[-1][1]), round(p.seconds() / 60, 1),
              p.joins, " ".join(sessions_of(p, a.blocks))) for p in a.persons))))
        if a.absentees is not None:
            out.append(("absentees.csv", _csv(("first_name", "last_name", "email", "country", "org"), (
                (x.get("first_name", ""), x.get("last_name", ""), x.get("email", ""), x.get("country", ""),
                 x.get("org", "")) for x in a.absentees))))
    if report.qa_raw:
        out.append(("qa.csv", _csv(("name", "email", "question", "answer"), (
            (q.get("name", ""), q.get("email", ""), d.get("question", ""), d.get("answer", ""))
            for q in report.qa_raw for d in q.get("question_details") or []))))
    if report.polls_raw:
        out.append(("polls.csv", _csv(("name", "email", "date_time", "question", "answer"), (
            (q.get("name", ""), q.get("email", ""), d.get("date_time", ""), d.get("question", ""),
             d.get("answer", "")) for q in report.polls_raw for d in q.get("question_details") or []))))
    return out


def write_private_dir(directory: Path, files: list[tuple[str, str]]) -> list[Path]:
    """Owner-only directory (0700) and files (0600), created so, never readable by others even for a moment."""
    output_dir(directory)
    directory.chmod(0o700)
    written = []
    for name, text in files:
        path = directory / name
        try:
            write_private(path, text)
        except OSError as exc:
            raise OperationalError(f"cannot write {path}: {exc.strerror or exc}") from None
        written.append(path)
    return written


def write_report(report: Report, out_dir: Path, charts: dict[str, str]) -> list[Path]:
    """Every file of the report into `out_dir` (personal data into `out_dir/private/`)."""
    written = write_outputs(out_dir, public_files(report, charts))
    private = private_files(report)
    if private:
        written += write_private_dir(out_dir / PRIVATE_DIR, private)
    return written
