"""The board in Korean in headless Chromium: the interpreters' view with `?lang=ko`, who speaks now and next in
which language and direction, cue messages in Korean, and the switch back to English.

Needs Debian's chromium and chromedriver (`.ci/setup-browser`); never skipped. With ZOOMOPS_DOCS_SCREENSHOT=1
the screenshot is copied to docs/board-interpreter.ko.png.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.board.test_board_browser import ARTIFACTS, FORUM, ROOT, Rehearsal
from tests.browser import chromium
from zoomops.board.hub import BoardHub
from zoomops.board.web import bind
from zoomops.common.clock import SystemClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import FanOut, MemoryNotifier
from zoomops.schedule.loader import load_schedule

START_AT = datetime(2022, 9, 6, 9, 29, 57, tzinfo=ZoneInfo("Asia/Seoul"))  # Session 1 starts 1.5 s (wall) later
SPEED = 2.0


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[object]:
    drv = chromium(tmp_path / "chromium-profile", 1100, 1000, "--lang=en")
    yield drv
    drv.quit()


@pytest.fixture
def rehearsal(tmp_path: Path, driver: object) -> Iterator[Rehearsal]:
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


def test_interpreter_view_in_korean(driver, rehearsal: Rehearsal) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def text(css: str) -> str:
        return driver.find_element(By.CSS_SELECTOR, css).get_attribute("textContent").strip()

    wait = WebDriverWait(driver, 10, poll_frequency=0.1)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = rehearsal.board.urls()["interpreter"]
    driver.get(url + "&lang=ko")
    wait.until(lambda d: text("#conn") == "연결됨")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ko"
    assert [text(h) for h in ("#now-h", "#interp-h", "#log-h")] == ["지금", "통역", "최근 큐"]
    wait.until(lambda d: text("#item") == "Presentation 1")
    assert text("#block").startswith("Session 1: Accelerating") and text("#speaker") == "Ms. Kyung-eun Lee"
    assert text("#ends") == "09:45 종료"
    assert text(".floor-now") == "지금 발언: Ms. Kyung-eun Lee · 한국어KO→EN"
    assert text(".floor-now .direction") == "KO→EN"
    assert text(".floor-next") == "09:45 다음 발언: Mr. Deniz Susar · 영어EN→KO"
    wait.until(lambda d: "Interpreter B (placeholder) 통역 중" in text("#interp"))
    assert "10:00에 Interpreter C (placeholder)에게 교대" in text("#interp")
    # cue messages arrive as template + fields and read in Korean
    wait.until(lambda d: "지금: Presentation 1 — Ms. Kyung-eun Lee (15분)" in text("#latest"))
    assert driver.find_elements(By.CSS_SELECTOR, "button") == []  # a view: no controls
    driver.save_screenshot(str(ARTIFACTS / "board-interpreter-ko.png"))
    if os.environ.get("ZOOMOPS_DOCS_SCREENSHOT") == "1":
        shutil.copyfile(ARTIFACTS / "board-interpreter-ko.png", ROOT / "docs" / "board-interpreter.ko.png")

    # the switch: the same view in English, the token kept
    english = driver.find_element(By.CSS_SELECTOR, '#langs a[lang="en"]')
    assert english.text == "English" and english.get_attribute("href") == url + "&lang=en"
    english.click()
    wait.until(lambda d: text("#conn") == "live")
    assert text("#now-h") == "Now" and driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert text(".floor-now") == "Speaking now: Ms. Kyung-eun Lee · KoreanKO→EN"
    assert "Now: Presentation 1 — Ms. Kyung-eun Lee (15 min)" in text("#latest")
