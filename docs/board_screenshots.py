"""Re-take the README's board screenshots from a clean run of the reference forum.

    .venv/bin/python docs/board_screenshots.py [--out docs]

Needs Chromium and chromedriver (`.ci/setup-browser` installs Debian's) and selenium (the `test` extra). The
run is on a fake clock: every cue up to 09:30:20 (Session 1, Presentation 1) fires exactly on time, so no
cue is missed; the tech host then presses "+5 min" in the page. Written: `board.png` (desktop, the tech host),
`board-phone.png` (the tech host on a phone), `board-interpreter.png` (interpreters, phone, their first screen:
what is on, then who is on and the next handover) and
`board-interpreter.ko.png` (interpreters in Korean, desktop). The script stops with an error if the run
missed a cue or the page does not show what the README says.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from zoomops.board.hub import BoardHub
from zoomops.board.web import bind
from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import FanOut, MemoryNotifier
from zoomops.schedule.loader import load_schedule

ROOT = Path(__file__).resolve().parents[1]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
SEOUL = ZoneInfo("Asia/Seoul")
BEFORE = datetime(2022, 9, 6, 8, 0, tzinfo=SEOUL)  # before the first cue: the run starts clean
AT = datetime(2022, 9, 6, 9, 30, 20, tzinfo=SEOUL)  # Session 1, Presentation 1
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--lang=en")
DESKTOP, PHONE, KOREAN = (1280, 1007), (390, 701), (1100, 857)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where the PNG files go (default: docs/)")
    args = parser.parse_args()
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        sys.exit(f"board_screenshots: {', '.join(missing)} missing: run .ci/setup-browser")
    schedule = load_schedule(FORUM).schedule
    with tempfile.TemporaryDirectory() as tmp:
        hub = BoardHub(min_interval=0.05)
        clock = FakeClock(BEFORE)
        runner = Runner(schedule, Path(tmp) / "state", clock, RecordingExecutor(), FanOut(MemoryNotifier(), hub),
                        threaded=False)
        runner.start()
        runner.advance_to(AT)
        report = runner.report()
        if report.get("missed"):
            sys.exit(f"board_screenshots: the run missed {report['missed']}: not a clean run")
        server, board = bind(runner, schedule, runner.state_dir, clock, hub=hub)
        server.start()
        driver = _driver(Path(tmp))
        try:
            _shoot(driver, board.urls(), args.out)
        finally:
            driver.quit()
            server.stop()
            runner.stop()
        if runner.report().get("missed"):
            sys.exit("board_screenshots: a cue was missed while shooting")
    for name in ("board.png", "board-phone.png", "board-interpreter.png", "board-interpreter.ko.png"):
        print(f"board_screenshots: wrote {args.out / name}")


def _driver(tmp: Path) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(15)
    return driver


def _shoot(driver: Any, urls: dict[str, str], out: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 15, poll_frequency=0.1)

    def text(css: str) -> str:
        return str(driver.find_element(By.CSS_SELECTOR, css).get_attribute("textContent")).strip()

    def open_page(url: str, size: tuple[int, int], live: str = "live") -> None:
        width, height = size  # the viewport exactly, whatever the headless window's chrome
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        driver.get(url)
        wait.until(lambda d: text("#conn") == live)

    def viewport(name: str, size: tuple[int, int]) -> None:
        assert driver.execute_script("return [window.innerWidth, window.innerHeight]") == list(size)
        driver.save_screenshot(str(out / name))

    open_page(urls["control"], DESKTOP)
    assert text("#item") == "Presentation 1", text("#item")
    driver.find_element(By.CSS_SELECTOR, '[data-delay="5"]').click()
    wait.until(lambda d: text("#delay") == "+5 min behind")
    wait.until(lambda d: text("#ends") == "Ends 09:50 (planned 09:45)")
    viewport("board.png", DESKTOP)
    open_page(urls["control"], PHONE)
    viewport("board-phone.png", PHONE)
    open_page(urls["interpreter"], PHONE)
    assert "Handover to Interpreter C (placeholder) at 10:05" in text("#interp"), text("#interp")
    assert "Speaking now: Ms. Kyung-eun Lee" in text("#interp"), text("#interp")
    viewport("board-interpreter.png", PHONE)
    open_page(urls["interpreter"] + "&lang=ko", KOREAN, live="연결됨")
    viewport("board-interpreter.ko.png", KOREAN)


if __name__ == "__main__":
    main()
