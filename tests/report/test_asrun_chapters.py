"""As run vs as planned and the recording chapters, from the ledger of a forum run on a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.report.conftest import KST, ForumRun, kst
from zoomops.common.diagnostics import OperationalError
from zoomops.report.build import build_report
from zoomops.report.chapters import clock_text
from zoomops.report.ledger_reader import read_ledger

FORUM_CHAPTERS = """\
00:00 Before the programme
01:30 Opening Session — Opening Remarks
16:30 Opening Session — Keynote Speech
31:30 Opening Session — Group photo
36:30 Session 1: Accelerating Digital Transformation for Public Service Innovation and Revitalization of Local Economy — Presentation 1
51:30 Session 1 — Presentation 2
1:06:30 Session 1 — Presentation 3
1:21:30 Session 1 — Moderated discussion
1:36:30 Session 1 — Q&A
1:51:30 Session 2: Promoting Social Inclusion & Leaving No One Behind in Local Governance — Presentation 1
2:06:30 Session 2 — Presentation 2
2:21:30 Session 2 — Presentation 3
2:36:30 Session 2 — Presentation 4
2:46:30 Session 2 — Moderated discussion
3:01:30 Session 2 — Q&A
3:11:30 Break
3:21:30 Session 3: Addressing Climate Change and Building Resilience at the Local Level through Public-Private-People Partnerships (PPPPs) — Presentation 1
3:36:30 Session 3 — Presentation 2
3:51:30 Session 3 — Presentation 3
4:11:30 Session 3 — Moderated discussion
4:26:30 Session 3 — Q&A
4:36:30 Closing Session — Closing Remarks
"""  # noqa: E501


def _report(run: ForumRun, **kw):  # type: ignore[no-untyped-def]
    return build_report(run.schedule, read_ledger(run.state), None, now=kst(15, 0), **kw)


def test_planned_vs_actual_per_block_and_item(forum_run: ForumRun) -> None:
    asrun = _report(forum_run, recording_start=kst(8, 58, 30)).asrun
    got = {r.key: (r.actual_start.astimezone(KST).strftime("%H:%M") if r.actual_start else None,
                   r.actual_end.astimezone(KST).strftime("%H:%M") if r.actual_end else None,
                   r.start_delay_seconds, r.overrun_seconds) for r in asrun.rows}
    assert got["b00"] == ("09:00", "09:35", 0.0, 300.0)  # the +5 at 09:20 lengthened the opening
    assert got["b00.i01"] == ("09:15", "09:30", 0.0, 300.0)  # the keynote ran over
    assert got["b00.i02"] == ("09:30", "09:35", 300.0, 0.0)
    assert got["b01"] == ("09:35", "10:50", 300.0, 0.0)
    assert got["b01.i04"] == ("10:35", "10:50", 300.0, 0.0)
    assert got["b02"] == ("10:50", "11:00", 300.0, -300.0)  # the break absorbed the delay
    assert got["b03"] == ("11:00", "12:20", 0.0, 0.0)
    assert got["b06"] == ("13:45", "14:00", 0.0, 0.0)
    assert [r.start_status for r in asrun.rows] == ["fired"] * len(asrun.rows)
    assert len(asrun.rows) == 7 + 20


def test_delays_skips_and_zoom_actions_from_the_ledger(forum_run: ForumRun) -> None:
    asrun = _report(forum_run).asrun
    assert [(a["kind"], a["minutes"], a["made_at"].astimezone(KST).strftime("%H:%M"), a["source"], a["where"])
            for a in asrun.adjustments] == [
        ("delay", 5.0, "09:20", "api", "Opening Session / Keynote Speech"),
        ("skip", 0.0, "10:00", "board", "Session 2: Promoting Social Inclusion & Leaving No One Behind in Local "
                                        "Governance"),
    ]
    assert [(p["cue"], p["status"], p["note"]) for p in asrun.problems] == [("b03.t-10", "skipped", "skipped by board")]
    assert [(a["cue"], a["status"]) for a in asrun.actions] == [
        ("preflight", "ok"), ("b02.recording-pause", "ok"), ("b02.recording-resume", "ok"),
        ("b04.recording-pause", "ok"), ("b04.recording-resume", "warning"), ("close", "ok")]
    assert asrun.counts == {"cues": 131, "fired": 130, "missed": 0, "skipped": 1, "pending": 0}


def test_forum_chapter_offsets_exactly(forum_run: ForumRun) -> None:
    """From a recording that began at 08:58:30: the first break was paused (Zoom accepted pause and resume),
    so its 10 minutes are not in the file and it has no chapter; the second break's resume was refused, so
    zoomops cannot know the pause held and counts it as recorded."""
    report = _report(forum_run, recording_start=kst(8, 58, 30))
    assert report.youtube == FORUM_CHAPTERS
    assert report.chapters_end == 4 * 3600 + 51 * 60 + 30  # 14:00 - 08:58:30 - 10 min paused
    vtt = report.webvtt.split("\n")
    assert vtt[:9] == ["WEBVTT", "", "1", "00:00:00.000 --> 00:01:30.000", "Before the programme", "",
                       "2", "00:01:30.000 --> 00:16:30.000", "Opening Session — Opening Remarks"]
    assert vtt[-4:] == ["22", "04:36:30.000 --> 04:51:30.000", "Closing Session — Closing Remarks", ""]


def test_a_recording_started_late_moves_the_chapter_it_cut_to_zero(forum_run: ForumRun) -> None:
    report = _report(forum_run, recording_start=kst(9, 20))
    lines = report.youtube.splitlines()
    assert lines[:3] == ["00:00 Opening Session — Keynote Speech", "10:00 Opening Session — Group photo",
                         "15:00 Session 1: Accelerating Digital Transformation for Public Service Innovation and "
                         "Revitalization of Local Economy — Presentation 1"]


def test_without_a_recording_start_offsets_count_from_the_programme_start(forum_run: ForumRun) -> None:
    report = _report(forum_run)
    assert report.recording_start == kst(9, 0)
    assert report.youtube.splitlines()[0] == "00:00 Opening Session — Opening Remarks"
    assert any("Recording start unknown" in n for n in report.notes)
    assert any(n.startswith("Attendance, Q&A and polls absent") for n in report.notes)


@pytest.mark.parametrize(("seconds", "text"), [(0, "00:00"), (59, "00:59"), (3599, "59:59"), (3600, "1:00:00"),
                                               (int(timedelta(hours=4, minutes=36, seconds=30).total_seconds()),
                                                "4:36:30")])
def test_clock_text(seconds: int, text: str) -> None:
    assert clock_text(seconds) == text


def test_no_ledger_is_an_operational_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OperationalError, match="no runner ledger"):
        read_ledger(tmp_path)


def test_a_damaged_ledger_is_an_operational_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "runner.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(OperationalError, match="is damaged or not a ledger"):
        read_ledger(tmp_path)
