"""One report from start to files: ask Zoom (if a client is given: `fetch`), then read the ledger, build, draw,
write (`render_report`, which `report.worker` runs in a child process for the service)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from zoomops.report import charts
from zoomops.report.build import Report, build_report
from zoomops.report.ledger_reader import read_ledger
from zoomops.report.render import write_report
from zoomops.report.zoomdata import ZoomData, fetch_zoom_data
from zoomops.show.model import Schedule
from zoomops.zoom.client import WebinarId, ZoomClient


@dataclass
class ZoomSource:
    """Where Zoom's side comes from: a client, the webinars, whether registration was on."""

    client: ZoomClient
    webinar_ids: Sequence[WebinarId]
    registration: bool | None  # None: not known (the webinar could not be read), so absentees are asked for


def draw(report: Report) -> dict[str, str]:
    """The inline SVG charts of a report."""
    tz = report.schedule.tz
    out = {"timeline": charts.timeline_svg(report.asrun, tz), "attendance": ""}
    a = report.attendance
    if a is not None:
        marks = [(b.start, b.label) for b in a.blocks]
        out["attendance"] = charts.attendance_svg(a.series, marks, tz)
    return out


def make_report(schedule: Schedule, state_dir: Path, out_dir: Path, *, now: datetime, zoom: ZoomSource | None,
                zoom_absent: str | None = None, rehearsal: bool = False,
                recording_start: datetime | None = None) -> tuple[Report, list[Path]]:
    """Build the report of the run kept in `state_dir` and write it into `out_dir`."""
    data = fetch(zoom, recording_start)
    return render_report(schedule, state_dir, out_dir, now=now, data=data, zoom_absent=zoom_absent,
                         rehearsal=rehearsal, recording_start=recording_start)


def fetch(zoom: ZoomSource | None, recording_start: datetime | None = None) -> ZoomData | None:
    """Zoom's records of the run (None without a source): the part that talks to Zoom."""
    if zoom is None:
        return None
    return fetch_zoom_data(zoom.client, zoom.webinar_ids, registration=zoom.registration,
                           recording_start=recording_start)


def render_report(schedule: Schedule, state_dir: Path, out_dir: Path, *, now: datetime, data: ZoomData | None,
                  zoom_absent: str | None = None, rehearsal: bool = False,
                  recording_start: datetime | None = None) -> tuple[Report, list[Path]]:
    """Read the ledger, build, draw and write the report, with Zoom's records already fetched (no I/O but files)."""
    ledger = read_ledger(state_dir)
    report = build_report(schedule, ledger, data, now=now, rehearsal=rehearsal, recording_start=recording_start,
                          zoom_absent=zoom_absent)
    return report, write_report(report, out_dir, draw(report))
