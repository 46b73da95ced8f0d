"""The board's views, clocks and texts in headless Chromium, on FakeClock runners.

The page's `performance.now` and its ticking interval are replaced before it loads (the test advances its time
and calls its tick), so nothing here waits on real time. Needs Debian's chromium and chromedriver, as
test_board_browser.py; one browser serves the whole module.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.browser import chromium
from zoomops.board.hub import BoardHub
from zoomops.board.web import Board, bind
from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import FanOut, MemoryNotifier
from zoomops.runner.server import ControlServer
from zoomops.schedule.loader import load_schedule
from zoomops.show.model import Schedule

from .conftest import kst
from .test_board_browser import FORUM

# Before the page's own script: its time is `window.__t` (ms), its interval callbacks are kept in `__ticks`.
PAGE_CLOCK = """
window.__t = 0;
performance.now = function () { return window.__t; };
window.__ticks = [];
var realSetInterval = window.setInterval;
window.setInterval = function (f, ms) { window.__ticks.push(f); return realSetInterval(f, 3600 * 1000); };
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the module (starting one per test cost 2 s each), its page clock installed."""
    drv = chromium(tmp_path_factory.mktemp("chromium-profile"), 1280, 900)
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PAGE_CLOCK})
    yield drv
    drv.quit()


@pytest.fixture
def driver(browser: Any) -> Any:
    """The module's browser at its own window size (a test may emulate a phone)."""
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return browser


@pytest.fixture
def served(board_schedule: Schedule, tmp_path: Path) -> Iterator[Any]:
    """Start a FakeClock runner at `start` with `speed`, serve its board; yields (runner, clock, server, board)."""
    made: list[tuple[Runner, ControlServer]] = []

    def serve(start: Any, speed: float = 1.0) -> tuple[Runner, FakeClock, ControlServer, Board]:
        clock = FakeClock(start)
        hub = BoardHub(min_interval=0.01, tick=0.05)
        runner = Runner(board_schedule, tmp_path / f"state{len(made)}", clock, RecordingExecutor(),
                        FanOut(MemoryNotifier(), hub), speed, threaded=False)
        runner.start()
        server, board = bind(runner, board_schedule, runner.state_dir, clock, hub=hub)
        server.start()
        made.append((runner, server))
        return runner, clock, server, board

    yield serve
    for runner, server in made:
        server.stop()
        runner.stop()


def _open(drv: Any, url: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    drv.get(url)
    wait = WebDriverWait(drv, 10, poll_frequency=0.05)
    wait.until(lambda d: d.execute_script("return document.getElementById('conn').textContent") in ("live", "ended"))
    return wait


def _text(drv: Any, element_id: str) -> str:
    return str(drv.execute_script(f"return document.getElementById('{element_id}').textContent"))


def test_the_clock_stands_still_once_a_rehearsal_has_ended(driver: Any, served: Any) -> None:
    """At 600x the page moves its clock 10 minutes per second between ticks; after the end it must not."""
    runner, _, _, board = served(kst(9, 50), speed=600.0)
    runner.advance_to(kst(10, 1))
    assert runner.report()["reason"] == "all cues done"
    wait = _open(driver, board.urls()["control"])
    wait.until(lambda d: d.execute_script("return document.body.getAttribute('data-ended')") == "1")
    shown = _text(driver, "clock")
    driver.execute_script("window.__t += 10000; window.__ticks.forEach(function (f) { f(); });")
    assert _text(driver, "clock") == shown
    assert _text(driver, "conn") == "ended"


def test_the_handover_minutes_follow_the_clock_between_changes(driver: Any, served: Any) -> None:
    """The interpreters' "in N min" counts down with the event's time, not from when the state last changed."""
    runner, _, _, board = served(kst(8, 50))
    runner.advance_to(kst(9, 3))  # Talk A; Interpreter B takes over at 09:15, no cue between 09:03 and 09:09
    wait = _open(driver, board.urls()["interpreter"])
    wait.until(lambda d: "Handover to Interpreter B at 09:15 (in 12 min)" in _text(d, "interp"))
    runner.advance_to(kst(9, 9))  # nothing fires: only the server's tick tells the page the time
    wait.until(lambda d: _text(d, "clock") == "09:09:00")
    assert "Handover to Interpreter B at 09:15 (in 6 min)" in _text(driver, "interp")


def test_the_controls_answer_in_words(driver: Any, served: Any) -> None:
    """Next and skip (each pressed twice: armed, then done) say what they did by name, not by cue id."""
    from selenium.webdriver.common.by import By

    runner, _, _, board = served(kst(8, 50))
    runner.advance_to(kst(9, 3))
    wait = _open(driver, board.urls()["control"])
    for _ in range(2):
        driver.find_element(By.ID, "btn-next").click()
    wait.until(lambda d: _text(d, "result") == "Started Talk B now")
    coming = runner.next_cue()
    assert coming is not None and coming["id"] == "b00.i01.s01.start"
    wait.until(lambda d: coming["id"] in _text(d, "skip-target"))  # the page knows the cue it will skip
    for _ in range(2):
        driver.find_element(By.ID, "btn-skip").click()
    wait.until(lambda d: _text(d, "result") == "Skipped: Next speaker: Ana (Talk B)")
    assert runner.done("b00.i01.s01.start") == "skipped"


def test_the_moderator_sees_who_speaks_next_in_a_shared_slot(driver: Any, served: Any) -> None:
    """Talk B is Bo's, then Ana's: the moderators' view names Ana while Bo speaks (with or without interpreters)."""
    runner, _, _, board = served(kst(8, 50))
    runner.advance_to(kst(9, 16))
    wait = _open(driver, board.urls()["moderator"])
    wait.until(lambda d: _text(d, "share") == "Speaker 1 of 2: Bo's time · then Ana")
    runner.advance_to(kst(9, 26))
    wait.until(lambda d: _text(d, "share") == "Speaker 2 of 2: Ana's time")


def test_the_interpreters_see_the_planned_handover_beside_the_moved_one(driver: Any, served: Any) -> None:
    """Their briefing had 09:15; after +5 min the board says 09:20 and the 09:15 they know."""
    runner, _, _, board = served(kst(8, 50))
    runner.advance_to(kst(9, 3))
    runner.delay(5)
    wait = _open(driver, board.urls()["interpreter"])
    wait.until(lambda d: "Interpreter A on until 09:20 (planned 09:15)" in _text(d, "interp"))
    assert "Handover to Interpreter B at 09:20 (planned 09:15) (in 17 min)" in _text(driver, "interp")


def test_the_interpreters_phone_shows_the_handover_on_its_first_screen(driver: Any, tmp_path: Path) -> None:
    """The forum at 09:30:20, +5 min (its long session title): on a 390 x 701 phone who is on and the next
    handover are visible without scrolling (they came below Next, off the first screen)."""
    schedule = load_schedule(FORUM).schedule
    clock = FakeClock(datetime(2022, 9, 6, 8, 0, tzinfo=ZoneInfo("Asia/Seoul")))
    hub = BoardHub(min_interval=0.01, tick=0.05)
    runner = Runner(schedule, tmp_path / "state", clock, RecordingExecutor(), FanOut(MemoryNotifier(), hub),
                    threaded=False)
    runner.start()
    runner.advance_to(datetime(2022, 9, 6, 9, 30, 20, tzinfo=ZoneInfo("Asia/Seoul")))
    runner.delay(5)
    server, board = bind(runner, schedule, runner.state_dir, clock, hub=hub)
    server.start()
    try:
        metrics = {"width": 390, "height": 701, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        wait = _open(driver, board.urls()["interpreter"])
        wait.until(lambda d: "Handover to Interpreter C (placeholder) at 10:05" in _text(d, "interp"))
        bottom = driver.execute_script(
            "return document.querySelector('#interp .handover').getBoundingClientRect().bottom")
        above = driver.execute_script("return document.querySelector('.interp').getBoundingClientRect().top"
                                      " < document.querySelector('.next').getBoundingClientRect().top")
        font = driver.execute_script(
            "return parseFloat(getComputedStyle(document.getElementById('countdown')).fontSize)")
    finally:
        server.stop()
        runner.stop()
    assert bottom <= 701 and above is True
    assert font >= 48  # still a countdown to read from the booth


@pytest.mark.parametrize(("view", "shown", "hidden"), [
    ("stage", [".now"], [".next", ".session", ".interp", ".upcoming", ".log", "#controls"]),
    ("interpreter", [".now", ".interp", ".next", ".upcoming"], [".session", ".log", "#controls"]),
    ("moderator", [".now", ".next", ".session", ".interp"], [".upcoming", ".log", "#controls"]),
    ("board", [".now", ".next", ".session", ".interp", ".upcoming", ".log"], ["#controls"]),
    ("control", [".now", "#controls", ".next", ".session", ".interp", ".upcoming", ".log"], []),
])
def test_every_view_at_desktop_width(driver: Any, served: Any, view: str, shown: list[str],
                                     hidden: list[str]) -> None:
    """1280 x 900: each role's panels, the delay-adjusted end, nothing wider than the window."""
    runner, _, _, board = served(kst(8, 50))
    runner.advance_to(kst(9, 16))
    runner.delay(5)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    wait = _open(driver, board.urls()[view])
    wait.until(lambda d: _text(d, "ends") == "Share ends 09:30 (planned 09:25)")
    visible = driver.execute_script(
        "return arguments[0].map(function (css) { var e = document.querySelector(css);"
        " return !!e && e.offsetParent !== null; });", shown + hidden)
    assert visible == [True] * len(shown) + [False] * len(hidden)
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 1280
