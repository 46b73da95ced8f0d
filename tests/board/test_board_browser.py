"""End to end in headless Chromium: a sped-up rehearsal of the forum, its board with the control and the view link.

Needs Debian's chromium and chromedriver (`.ci/setup-browser` installs them). Without them this test fails:
it is never skipped.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.browser import chromium
from zoomops.board.hub import BoardHub
from zoomops.board.web import Board, bind
from zoomops.common.clock import SystemClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import FanOut, MemoryNotifier
from zoomops.runner.server import ControlServer
from zoomops.schedule.loader import load_schedule

ROOT = Path(__file__).resolve().parents[2]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts"
SPEED = 10.0  # Session 1 starts 4 s (wall) after the start; its first talk runs 90 s, its next cue is 78 s away
START_AT = datetime(2022, 9, 6, 9, 29, 20, tzinfo=ZoneInfo("Asia/Seoul"))


@dataclass
class Rehearsal:
    runner: Runner
    server: ControlServer
    board: Board

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def status(self) -> dict:
        auth = {"Authorization": f"Bearer {self.server.token}"}
        resp = requests.get(self.base + "/api/status", headers=auth, timeout=5)
        resp.raise_for_status()
        return resp.json()


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[object]:
    drv = chromium(tmp_path / "chromium-profile", 1280, 1150)
    yield drv
    drv.quit()


@pytest.fixture
def rehearsal(tmp_path: Path, driver: object) -> Iterator[Rehearsal]:
    """The forum at 10x from 09:29:20 on a real clock (the browser is up first, so the page sees Session 1 begin)."""
    schedule = load_schedule(FORUM).schedule
    hub = BoardHub()
    runner = Runner(schedule, tmp_path / "state", SystemClock(), RecordingExecutor(), FanOut(MemoryNotifier(), hub),
                    SPEED, start_at=START_AT)
    runner.start()
    server, board = bind(runner, schedule, runner.state_dir, runner.clock, hub=hub)
    server.start()
    yield Rehearsal(runner, server, board)
    server.stop()
    runner.stop()


def seconds_of(countdown: str) -> int:
    sign = -1 if countdown.startswith("+") else 1
    parts = [int(p) for p in countdown.lstrip("+").split(":")]
    return sign * sum(v * 60**k for k, v in enumerate(reversed(parts)))


def test_board_in_headless_chromium(driver, rehearsal: Rehearsal) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def text(css: str) -> str:
        return driver.find_element(By.CSS_SELECTOR, css).text

    wait = WebDriverWait(driver, 10, poll_frequency=0.1)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # control link: live state arrives, Session 1 begins on the board
    driver.get(rehearsal.board.urls()["control"])
    wait.until(lambda d: text("#conn") == "live")
    assert text("#block") == "Starting soon" and text("#ends") == "Starts 09:30"
    wait.until(lambda d: text("#block").startswith("Session 1: Accelerating Digital Transformation"))
    wait.until(lambda d: text("#item") == "Presentation 1")
    assert text("#speaker") == "Ms. Kyung-eun Lee" and text("#ends") == "Ends 09:45"
    assert "Interpreter B (placeholder) on" in text("#interp")
    assert "Handover to Interpreter C (placeholder) at 10:00" in text("#interp")

    # the countdown moves (10 s of event time per second, ticked in the page between events)
    first = seconds_of(text("#countdown"))
    assert 13 * 60 < first <= 15 * 60
    time.sleep(1.0)
    second = seconds_of(text("#countdown"))
    assert 5 <= first - second <= 20
    assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-phase") == "normal"

    # +5 min: the delay shows, and the next cue's time moved by five minutes in the status API
    before = rehearsal.status()["next_cue"]
    assert before["id"] == "b01.i00.warn-2" and before["at"] == "2022-09-06T09:43:00+09:00"
    counted = seconds_of(text("#countdown"))
    driver.find_element(By.CSS_SELECTOR, '[data-delay="5"]').click()
    wait.until(lambda d: text("#delay") == "+5 min behind")
    after = rehearsal.status()
    assert after["delay_seconds"] == 300.0 and after["next_cue"]["id"] == before["id"]
    moved = datetime.fromisoformat(after["next_cue"]["at"]) - datetime.fromisoformat(before["at"])
    assert moved == timedelta(minutes=5)
    wait.until(lambda d: text("#next-at") == "09:50 (planned 09:45)")
    assert 300 - 40 <= seconds_of(text("#countdown")) - counted <= 300
    assert text("#result") == "Delayed +5 min"  # in words, no cue id
    assert text("#ends") == "Ends 09:50 (planned 09:45)"
    driver.save_screenshot(str(ARTIFACTS / "board-control.png"))
    if os.environ.get("ZOOMOPS_DOCS_SCREENSHOT") == "1":
        shutil.copyfile(ARTIFACTS / "board-control.png", ROOT / "docs" / "board.png")

    # view link: same board, no controls rendered; the view token cannot change the run
    driver.set_window_size(390, 844)
    driver.get(rehearsal.board.urls()["view"])
    wait.until(lambda d: text("#conn") == "live")
    assert text("#block").startswith("Session 1:") and text("#delay") == "+5 min behind"
    assert driver.find_elements(By.CSS_SELECTOR, "button") == []
    assert driver.find_elements(By.ID, "controls") == []
    assert driver.execute_script("return window.innerWidth") == 390
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    font = driver.execute_script("return parseFloat(getComputedStyle(document.getElementById('countdown')).fontSize)")
    assert font >= 72  # the countdown stays huge at phone width
    driver.save_screenshot(str(ARTIFACTS / "board-view-390.png"))
    refused = requests.post(rehearsal.base + "/api/delay", json={"minutes": 5}, timeout=5,
                            headers={"Authorization": f"Bearer {rehearsal.board.view_token}"})
    assert refused.status_code == 403
    assert rehearsal.status()["delay_seconds"] == 300.0

    # each role's view at phone width: its own panels, the texts delay-adjusted
    def shown(css: str) -> bool:
        return bool(driver.execute_script(
            "var e = document.querySelector(arguments[0]); return !!e && e.offsetParent !== null;", css))

    views = rehearsal.board.urls()
    driver.get(views["stage"])
    wait.until(lambda d: text("#conn") == "live")
    assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-view") == "stage"
    assert shown("#countdown") and not shown(".next") and not shown(".log") and not shown(".interp")
    assert text("#ends") == "Ends 09:50 (planned 09:45)" and text("#item") == "Presentation 1"
    stage_font = driver.execute_script(
        "return parseFloat(getComputedStyle(document.getElementById('countdown')).fontSize)")
    assert stage_font >= font  # the stage timer is the biggest
    driver.save_screenshot(str(ARTIFACTS / "board-stage-390.png"))
    driver.get(views["interpreter"])
    wait.until(lambda d: text("#conn") == "live")
    assert shown(".interp") and shown(".upcoming") and not shown(".log") and not shown(".session")
    assert "Speaking now: Ms. Kyung-eun Lee" in text("#interp") and not shown("#speaking")  # said once, on a phone
    assert "Handover to Interpreter C (placeholder) at 10:05" in text("#interp")  # planned 10:00, +5 min
    assert "09:50 (planned 09:45)" in text("#upcoming")
    driver.save_screenshot(str(ARTIFACTS / "board-interpreter-390.png"))
    driver.get(views["moderator"])
    wait.until(lambda d: text("#conn") == "live")
    assert shown(".session") and shown(".next") and not shown(".upcoming") and not shown(".log")
    assert text("#session-left").startswith("Ends 10:50 (planned 10:45)")
    # the tech host on a phone: the controls are right under the countdown, within the first screen
    driver.get(views["control"])
    wait.until(lambda d: text("#conn") == "live")
    top = driver.execute_script("return document.getElementById('controls').getBoundingClientRect().top")
    assert top < 844 - 100
    driver.save_screenshot(str(ARTIFACTS / "board-control-390.png"))
    if os.environ.get("ZOOMOPS_DOCS_SCREENSHOT") == "1":
        shutil.copyfile(ARTIFACTS / "board-control-390.png", ROOT / "docs" / "board-phone.png")
        shutil.copyfile(ARTIFACTS / "board-interpreter-390.png", ROOT / "docs" / "board-interpreter.png")


def test_ended_state_in_headless_chromium(driver, board_path: Path, tmp_path: Path) -> None:
    """A short run plays to its end: the page shows the report link, no live buttons, no "reconnecting"."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    schedule = load_schedule(board_path).schedule
    hub = BoardHub(min_interval=0.05)
    start = datetime(2022, 9, 6, 9, 59, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    runner = Runner(schedule, tmp_path / "state", SystemClock(), RecordingExecutor(), FanOut(MemoryNotifier(), hub),
                    20.0, start_at=start)
    runner.start()
    server, board = bind(runner, schedule, runner.state_dir, runner.clock, hub=hub)
    server.start()
    try:
        wait = WebDriverWait(driver, 15, poll_frequency=0.1)
        driver.get(board.urls()["control"])
        wait.until(lambda d: d.find_element(By.ID, "conn").text in ("live", "ended"))
        assert runner.wait(10)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ended") == "1")
        banner = driver.find_element(By.ID, "ended")
        assert banner.is_displayed() and banner.text.startswith("The run has ended.")
        link = driver.find_element(By.ID, "report-link").get_attribute("href")
        assert link.endswith("/board/report?token=" + server.token)
        assert not driver.find_element(By.ID, "controls").is_displayed()
        assert driver.find_element(By.ID, "conn").text == "ended"
        server.stop()  # the runner's process is gone: the page stays calm
        time.sleep(2.5)
        assert driver.find_element(By.ID, "conn").text == "ended"
        assert driver.find_element(By.ID, "conn").get_attribute("data-state") == "ended"
    finally:
        server.stop()
        runner.stop()
