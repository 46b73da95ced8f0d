"""The files `zoomops report` writes: self-contained HTML with inline SVG charts, Markdown, CSV, JSON, chapters."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.report.conftest import ForumRun, kst
from zoomops.report.make import make_report


def test_report_files_without_zoom(forum_run: ForumRun, tmp_path: Path) -> None:
    out = tmp_path / "report"
    report, written = make_report(forum_run.schedule, forum_run.state, out, now=kst(15, 0), zoom=None,
                                  zoom_absent="--no-zoom given", recording_start=kst(8, 58, 30))
    assert sorted(p.name for p in written) == ["asrun.csv", "chapters-youtube.txt", "chapters.csv", "chapters.vtt",
                                               "report.html", "report.json", "report.md"]
    html = (out / "report.html").read_text("utf-8")
    assert html.count("<svg") == 1 and "<script" not in html and "<link" not in html
    assert re.findall(r'(?:src|href)="(?!#)', html) == []  # self-contained: nothing loaded from elsewhere
    assert "Attendance, Q&amp;A and polls absent — --no-zoom given" in html
    md = (out / "report.md").read_text("utf-8")
    assert "| **Opening Session** | 09:00–09:30 | 09:00:00–09:35:00 | 0:00 | +5:00 |" in md
    assert "- 09:20:00 delay +5 min from Opening Session / Keynote Speech (by api)" in md
    data = json.loads((out / "report.json").read_text("utf-8"))
    assert data["chapters"][1] == {"offset": 90, "title": "Opening Session — Opening Remarks",
                                   "at": "2022-09-06T00:00:00+00:00", "key": "b00"}
    assert data["attendance"] is None
    csv_lines = (out / "chapters.csv").read_text("utf-8").splitlines()
    assert csv_lines[0] == "offset_seconds,offset,start,title,key"
    assert csv_lines[2] == "90,0:01:30,2022-09-06T00:00:00+00:00,Opening Session — Opening Remarks,b00"
    assert (out / "chapters-youtube.txt").read_text("utf-8") == report.youtube
    assert not (out / "private").exists()  # no personal data without Zoom's
