"""End to end: `zoomops rehearse` of the forum, `zoomops report --rehearsal` (synthetic attendance from the
sandbox), the report opened in headless Chromium. Needs Debian's chromium and chromedriver (never skipped)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.provision.conftest import sandbox_client
from tests.report.conftest import ForumRun, kst

ROOT = Path(__file__).resolve().parents[2]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[object]:
    drv = chromium(tmp_path / "chromium-profile", 1280, 1500, "--hide-scrollbars")
    yield drv
    drv.quit()


def zoomops(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZOOM_", "ZOOMOPS_"))}
    return subprocess.run([sys.executable, "-m", "zoomops", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_rehearsal_report_in_chromium(tmp_path: Path, driver: object) -> None:
    schedule = tmp_path / FORUM.name
    shutil.copyfile(FORUM, schedule)
    played = zoomops("rehearse", schedule.name, "--speed", "3000", "--json", cwd=tmp_path)
    # At 3000x the 120 s grace is 40 ms of wall time: on a busy machine a cue may be recorded as missed (exit 1).
    # The report handles that (estimated starts); any other failure is one.
    outcome = json.loads(played.stdout) if played.stdout.strip().startswith("{") else {}
    assert played.returncode == 0 or (outcome.get("missed") and not any(
        (o or {}).get("status") == "error" for o in outcome.get("actions", {}).values())), played.stderr[-2000:]
    made = zoomops("report", schedule.name, "--rehearsal", cwd=tmp_path)
    assert made.returncode == 0, made.stderr[-2000:]
    out = tmp_path / ".zoomops" / "rehearsal" / "report"
    data = json.loads((out / "report.json").read_text("utf-8"))
    assert data["rehearsal"] is True and data["speed"] == 3000
    assert data["attendance"]["source"] == "GET /report/webinars/{id}/participants (report:read:admin)"
    assert data["chapters"][0]["title"] == "Before the programme"  # the synthetic recording began 90 s early
    assert data["chapters"][1]["offset"] in (89, 90, 91)

    driver.get((out / "report.html").as_uri())  # type: ignore[attr-defined]
    js = driver.execute_script  # type: ignore[attr-defined]
    assert driver.title.startswith("As-run report — 2022 UN DESA-KRILA Forum")  # type: ignore[attr-defined]
    rows = js("return [...document.querySelectorAll('#attendance tbody tr')]"
              ".map(r => [...r.cells].map(c => c.textContent.trim()))")
    assert [[int(r[2]), int(r[3])] for r in rows] == [[b["unique"], b["peak"]] for b in data["attendance"]["blocks"]]
    assert len(rows) == 7 and all(int(r[2]) >= int(r[3]) > 0 for r in rows)
    for chart in ("timeline-chart", "attendance-chart"):
        width = js(f"return document.querySelector('#{chart} svg').getBoundingClientRect().width")
        assert width > 900, chart
    assert js("return document.documentElement.scrollWidth") <= 1280  # no sideways scrolling
    assert len(js("return document.querySelectorAll('#asrun tbody tr')")) == 27
    assert js("return document.getElementById('youtube-chapters').textContent").startswith(
        "00:00 Before the programme\n01:30 Opening Session — Opening Remarks")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "report.png"))  # type: ignore[attr-defined]
    js("document.querySelector('#attendance-chart').scrollIntoView()")
    driver.save_screenshot(str(ARTIFACTS / "report-attendance.png"))  # type: ignore[attr-defined]
    if os.environ.get("ZOOMOPS_DOCS_SCREENSHOT") == "1":
        for name in ("report.png", "report-attendance.png"):
            shutil.copyfile(ARTIFACTS / name, ROOT / "docs" / name)


def test_a_run_with_a_delay_in_chromium(tmp_path: Path, driver: object, forum_run: ForumRun) -> None:
    """The forum run on a fake clock (+5 min at 09:20, a skipped cue, paused breaks) with synthetic attendance
    from an in-process sandbox: the delay is drawn and listed."""
    from zoomops.common.clock import FakeClock
    from zoomops.report.make import ZoomSource, make_report
    from zoomops.report.rehearsal import seed_synthetic_attendance
    from zoomops.sandbox.app import ZoomSandbox
    from zoomops.zoom.models import WebinarCreate

    clock = FakeClock(datetime(2022, 9, 6, 6, 0, tzinfo=UTC))
    sandbox = ZoomSandbox(clock)
    client = sandbox_client(sandbox, clock, tmp_path)
    webinar = client.create_webinar("me", WebinarCreate.model_validate(
        {"topic": "Forum", "type": 5, "start_time": "2022-09-06T00:00:00Z", "duration": 300}))
    sandbox.start_webinar(webinar.id)
    client.end_webinar(webinar.id)
    seed_synthetic_attendance(sandbox, forum_run.schedule, forum_run.state, [webinar.id])
    out = tmp_path / "report"
    make_report(forum_run.schedule, forum_run.state, out, now=kst(15, 0),
                zoom=ZoomSource(client, [webinar.id], registration=False))
    driver.get((out / "report.html").as_uri())  # type: ignore[attr-defined]
    js = driver.execute_script  # type: ignore[attr-defined]
    svg = js("return document.querySelector('#timeline-chart svg').outerHTML")
    assert "+5 min" in svg  # the delay, marked on the chart
    adjustments = js("return [...document.querySelectorAll('main table')].map(t => t.textContent)")
    assert any("delay +5 min" in t and "Opening Session / Keynote Speech" in t and "api" in t for t in adjustments)
    assert js("return document.getElementById('youtube-chapters').textContent").startswith(
        "00:00 Before the programme\n01:30 Opening Session — Opening Remarks\n16:30 Opening Session — Keynote Speech")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    js("document.querySelector('#timeline-chart').scrollIntoView()")
    driver.save_screenshot(str(ARTIFACTS / "report-delay.png"))  # type: ignore[attr-defined]
    if os.environ.get("ZOOMOPS_DOCS_SCREENSHOT") == "1":
        shutil.copyfile(ARTIFACTS / "report-delay.png", ROOT / "docs" / "report-delay.png")
