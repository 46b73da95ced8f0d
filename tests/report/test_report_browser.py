"""End to end: `zoomops rehearse` of the forum, `zoomops report --rehearsal` (synthetic attendance from the
sandbox), the report opened in headless Chromium. Needs Debian's chromium and chromedriver (never skipped)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars")


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[object]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run .ci/setup-browser (Debian chromium + chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1280,1500"):
        options.add_argument(flag)
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    drv.set_page_load_timeout(15)
    yield drv
    drv.quit()


def zoomops(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZOOM_", "ZOOMOPS_"))}
    return subprocess.run([sys.executable, "-m", "zoomops", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_rehearsal_report_in_chromium(tmp_path: Path, driver: object) -> None:
    schedule = tmp_path / FORUM.name
    shutil.copyfile(FORUM, schedule)
    played = zoomops("rehearse", schedule.name, "--speed", "3000", cwd=tmp_path)
    assert played.returncode == 0, played.stderr[-2000:]
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
