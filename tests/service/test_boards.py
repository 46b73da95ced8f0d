"""Each live event's board under the service's own address (`/events/{key}/board`), on the assembled `serve`:
exact links in the API and the console, token isolation between two live events, the control API under the
prefix, the event stream through the relay child (a raw socket on the service's port), and the pages of an
event whose board is not live (404) or has ended (410). Fake clock, embedded sandbox, runners pumped by hand."""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from tests.board.test_board_browser import driver  # noqa: F401  (headless Chromium)
from tests.conftest import FORUM
from zoomops.app.context import App
from zoomops.app.serve import Assembled, ServeConfig, assemble
from zoomops.app.settings import load_settings
from zoomops.board.hosting import BoardHost
from zoomops.board.links import Links, load_links
from zoomops.cli.main import cli
from zoomops.common.clock import FakeClock
from zoomops.service.auth import TOKENS_FILE
from zoomops.service.store import Lifecycle
from zoomops.zoom.config import ZoomConfig

T0 = datetime(2022, 9, 1, 0, 0, tzinfo=UTC)
START = datetime(2022, 9, 6, 0, 0, tzinfo=UTC)  # both forums, 09:00 Seoul


@dataclass
class Served:
    assembled: Assembled
    clock: FakeClock
    state: Path
    viewer: str
    organizer: str

    @property
    def url(self) -> str:
        return self.assembled.server.url

    def links(self, key: str) -> Links:
        return load_links(self.state / "events" / Path(key).stem)

    def api(self, path: str) -> requests.Response:
        return requests.get(self.url + path, headers={"Authorization": f"Bearer {self.viewer}"}, timeout=10)

    def get(self, path: str, **headers: str) -> requests.Response:
        return requests.get(self.url + path, headers=headers, timeout=10)


def serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, public_url: str = "") -> Iterator[Served]:
    for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOMOPS_STATE_DIR", "ZOOMOPS_NOTIFY_URL"):
        monkeypatch.delenv(name, raising=False)
    schedules, state = tmp_path / "schedules", tmp_path / "state"
    schedules.mkdir()
    text = FORUM.read_text(encoding="utf-8")
    (schedules / "alpha.yaml").write_text(text, encoding="utf-8")
    (schedules / "beta.yaml").write_text(text.replace("id: 2022-undesa-krila-forum", "id: beta-forum", 1),
                                         encoding="utf-8")
    clock = FakeClock(T0)
    app = App(load_settings(env_file=None), None, clock, zoom=ZoomConfig(), state=state)
    config = ServeConfig(schedules, port=0, poll_seconds=3600, holder="one", public_url=public_url,
                         auto_apply_lead=timedelta(days=30))
    assembled = assemble(app, config)
    assembled.ops.threaded = False  # the runners fire nothing on their own: the test's clock decides
    assembled.start()  # the first pass: both planned
    tokens = json.loads((state / TOKENS_FILE).read_text(encoding="utf-8"))
    try:
        assembled.tick()  # both applied (auto-apply: 30 days before)
        assert [r.state for r in assembled.service.store.events()] == [Lifecycle.PROVISIONED] * 2
        yield Served(assembled, clock, state, tokens["viewer"][0], tokens["organizer"][0])
    finally:
        assembled.stop()


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    yield from serve(tmp_path, monkeypatch)


def go_live(served: Served) -> None:
    served.clock.set(START - timedelta(minutes=61))  # the runners start a minute before pre-flight (T-60)
    served.assembled.tick()
    assert [r.state for r in served.assembled.service.store.events()] == [Lifecycle.LIVE] * 2


def test_view_links_point_under_the_service_and_never_carry_the_control_token(served: Served) -> None:
    assert served.api("/api/events/alpha.yaml").json()["links"] == {}  # not live yet: no board
    assert served.get("/events/alpha.yaml/board?view=x").status_code == 404
    go_live(served)
    for key in ("alpha.yaml", "beta.yaml"):
        links = served.links(key)
        expected = {name: f"/events/{key}/board?view={links.views[name]}"
                    for name in ("board", "stage", "interpreter", "moderator")}
        assert served.api(f"/api/events/{key}").json()["links"] == expected
        listed = {e["key"]: e["links"] for e in served.api("/api/events").json()["events"]}
        assert listed[key] == expected
        console = served.get("/", Authorization=f"Bearer {served.viewer}").text
        for name, link in expected.items():  # relative on the console: it keeps a proxy's path prefix
            assert f'<a href="{link[1:].replace("&", "&amp;")}">{name}</a>' in console
        assert links.control not in console and links.control not in served.api("/api/events").text
        assert links.port is None  # no port of its own under serve


def test_each_token_opens_only_its_own_events_board(served: Served) -> None:
    go_live(served)
    alpha, beta = served.links("alpha.yaml"), served.links("beta.yaml")
    page = served.get(f"/events/alpha.yaml/board?view={alpha.views['stage']}")
    assert page.status_code == 200 and 'data-view="stage"' in page.text and 'data-access="view"' in page.text
    assert 'href="board/board.css"' in page.text and 'src="board/board.js"' in page.text  # relative: the prefix
    css = served.get("/events/alpha.yaml/board/board.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert served.get(f"/events/beta.yaml/board?view={beta.views['interpreter']}").status_code == 200
    for name in ("board", "stage", "interpreter", "moderator"):  # never across events
        assert served.get(f"/events/beta.yaml/board?view={alpha.views[name]}").status_code == 403
        assert served.get(f"/events/alpha.yaml/board/state?view={beta.views[name]}").status_code == 403
    assert served.get(f"/events/beta.yaml/board?token={alpha.control}").status_code == 403
    assert served.get("/events/alpha.yaml/board").status_code == 401
    state = served.get(f"/events/beta.yaml/board/state?view={beta.views['moderator']}").json()
    assert (state["access"], state["view"]) == ("view", "moderator")
    # the control API under the prefix: the event's own control token only, never a view token or another's
    status = requests.get(served.url + "/events/alpha.yaml/api/status",
                          headers={"Authorization": f"Bearer {alpha.control}"}, timeout=10)
    assert status.status_code == 200 and status.json()["event"] == "2022-undesa-krila-forum"
    for token in (beta.control, alpha.views["board"]):
        refused = requests.post(served.url + "/events/alpha.yaml/api/delay", json={"minutes": 5},
                                headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert refused.status_code == 403
    delayed = requests.post(served.url + "/events/beta.yaml/api/delay", json={"minutes": 5},
                            headers={"Authorization": f"Bearer {beta.control}"}, timeout=10)
    assert delayed.status_code == 200
    beta_runner = served.assembled.service.runners["beta.yaml"].runner  # type: ignore[attr-defined]
    alpha_runner = served.assembled.service.runners["alpha.yaml"].runner  # type: ignore[attr-defined]
    assert (beta_runner.status()["delay_seconds"], alpha_runner.status()["delay_seconds"]) == (300.0, 0.0)


def read_until(sock: socket.socket, needle: bytes, deadline: float) -> bytes:
    got = b""
    while needle not in got:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        chunk = sock.recv(65536)
        if not chunk:
            break
        got += chunk
    return got


def test_the_event_stream_goes_to_the_relay_through_the_services_address(served: Served) -> None:
    go_live(served)
    alpha = served.links("alpha.yaml")
    host = served.assembled.service.extras.host  # type: ignore[union-attr]
    assert isinstance(host, BoardHost)
    board = host.board("alpha.yaml")
    assert board is not None
    with socket.create_connection(("127.0.0.1", served.assembled.server.port), timeout=10) as sock:
        sock.sendall(f"GET /events/alpha.yaml/board/events?view={alpha.views['interpreter']} HTTP/1.1\r\n"
                     "Host: zoomops\r\n\r\n".encode())
        got = read_until(sock, b"event: state", time.monotonic() + 10)
        head, _, body = got.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream")
        assert b"x-accel-buffering: no" in head
        hello = re.search(rb"event: hello\ndata: (\{.*?\})\n", body)
        assert hello is not None and json.loads(hello.group(1)) == {"access": "view", "view": "interpreter"}
        assert b'"title": "2022 UN DESA-KRILA Forum' in body  # the full state, the forum's
        assert board.hub.viewers == 0  # held by the relay child, not in the service's process
        assert board.hub.relay is not None and board.hub.relay.alive
    # a wrong token is answered by the board itself (no hand-off), on the same connection kind
    with socket.create_connection(("127.0.0.1", served.assembled.server.port), timeout=10) as sock:
        sock.sendall(f"GET /events/alpha.yaml/board/events?view={served.links('beta.yaml').views['board']} "
                     "HTTP/1.1\r\nHost: zoomops\r\nConnection: close\r\n\r\n".encode())
        assert read_until(sock, b"wrong token", time.monotonic() + 10).startswith(b"HTTP/1.1 403 ")


def test_an_event_stream_served_in_process_when_the_relay_cannot_take_it(served: Served) -> None:
    """HTTP/1.0 is not handed to the relay (it answers in HTTP/1.1 chunks): uvicorn serves it, on the loop that
    publishes the board."""
    go_live(served)
    beta = served.links("beta.yaml")
    host = served.assembled.service.extras.host  # type: ignore[union-attr]
    board = host.board("beta.yaml")  # type: ignore[union-attr]
    with socket.create_connection(("127.0.0.1", served.assembled.server.port), timeout=10) as sock:
        sock.sendall(f"GET /events/beta.yaml/board/events?view={beta.views['board']} HTTP/1.0\r\n\r\n".encode())
        got = read_until(sock, b"event: state", time.monotonic() + 10)
        assert got.startswith(b"HTTP/1.1 200 OK") and b'"title": "2022 UN DESA-KRILA Forum' in got
        assert board.hub.viewers == 1


def test_not_live_and_ended_boards_answer_a_page_not_a_traceback(served: Served) -> None:
    missing = served.get("/events/nope.yaml/board?view=x")
    assert missing.status_code == 404 and "There is no event nope.yaml here." in missing.text
    waiting = served.get("/events/alpha.yaml/board/events?view=x")
    assert waiting.status_code == 404 and "The event alpha.yaml is provisioned" in waiting.text
    go_live(served)
    link = served.api("/api/events/alpha.yaml").json()["links"]["board"]
    assert served.get(link).status_code == 200
    runner = served.assembled.service.runners["alpha.yaml"].runner  # type: ignore[attr-defined]
    runner.advance_to(datetime(2022, 9, 6, 5, 0, tzinfo=UTC))  # 14:00 Seoul: the run is over
    served.assembled.tick()
    assert served.assembled.service.store.get("alpha.yaml").state is Lifecycle.DONE  # type: ignore[union-attr]
    ended = served.get(link)
    assert ended.status_code == 410 and "The event alpha.yaml has ended: its board is closed." in ended.text
    assert '<a id="report" href="report">' in ended.text  # /events/alpha.yaml/report, relative to the page
    stream = served.get("/events/alpha.yaml/board/events?view=x")
    assert stream.status_code == 410 and '<a id="report" href="../report">' in stream.text
    assert served.api("/api/events/alpha.yaml").json()["links"] == {"report": "/events/alpha.yaml/report"}
    assert served.get(f"/events/beta.yaml/board?view={served.links('beta.yaml').views['board']}").status_code == 410
    assert served.assembled.service.extras.host.links("beta.yaml") == {}  # type: ignore[union-attr]  # (one clock)


def test_links_use_the_public_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for served in serve(tmp_path, monkeypatch, public_url="https://ops.example.org/zoomops/"):
        go_live(served)
        views = served.links("beta.yaml").views
        links = served.api("/api/events/beta.yaml").json()["links"]
        assert links["stage"] == f"https://ops.example.org/zoomops/events/beta.yaml/board?view={views['stage']}"
        console = served.get("/", Authorization=f"Bearer {served.viewer}").text
        assert f'<a href="https://ops.example.org/zoomops/events/beta.yaml/board?view={views["moderator"]}">' \
               'moderator</a>' in console


def test_a_board_through_the_service_prefix_in_headless_chromium(served: Served, driver: Any) -> None:  # noqa: F811
    """The tech host's page under /events/{key}/board: its assets, its event stream (handed to the relay) and
    its control buttons (`api/delay`, relative) all reach the right event through the prefix."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    go_live(served)
    beta = served.links("beta.yaml")
    driver.get(f"{served.url}/events/beta.yaml/board?token={beta.control}")
    wait = WebDriverWait(driver, 15, poll_frequency=0.1)
    wait.until(lambda d: d.find_element(By.ID, "conn").text == "live")
    assert driver.find_element(By.ID, "delay").text == "on time"
    assert driver.find_element(By.ID, "event").text.startswith("2022 UN DESA-KRILA Forum")
    driver.find_element(By.CSS_SELECTOR, 'button[data-delay="5"]').click()
    wait.until(lambda d: d.find_element(By.ID, "delay").text == "+5 min behind")  # pushed through the stream
    runners = served.assembled.service.runners
    assert runners["beta.yaml"].runner.status()["delay_seconds"] == 300.0  # type: ignore[attr-defined]
    assert runners["alpha.yaml"].runner.status()["delay_seconds"] == 0.0  # type: ignore[attr-defined]
    host = served.assembled.service.extras.host  # type: ignore[union-attr]
    assert host.board("beta.yaml").hub.viewers == 0  # type: ignore[union-attr]  # the browser's stream: the relay's


@pytest.mark.parametrize("url", ["ops.example.org/zoomops", "ftp://ops.example.org", "https://ops.example.org/?a=1",
                                 "https:///zoomops"])
def test_a_bad_public_url_is_a_usage_error(tmp_path: Path, url: str) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--public-url", url])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"Invalid value for '--public-url': {url!r} is not an http(s) address" in result.output


def test_a_board_started_before_the_server_serves_once_it_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service (re)started while an event is live: the first pass starts the runner before the HTTP server runs;
    its board's publisher starts on the server's loop when the server does."""
    for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOMOPS_STATE_DIR", "ZOOMOPS_NOTIFY_URL"):
        monkeypatch.delenv(name, raising=False)
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    (schedules / "alpha.yaml").write_bytes(FORUM.read_bytes())
    clock = FakeClock(T0)
    app = App(load_settings(env_file=None), None, clock, zoom=ZoomConfig(), state=tmp_path / "state")
    assembled = assemble(app, ServeConfig(schedules, port=0, poll_seconds=3600, holder="one",
                                          auto_apply_lead=timedelta(days=30)))
    assembled.ops.threaded = False
    try:
        assembled.tick()
        assembled.tick()
        clock.set(START - timedelta(minutes=61))
        assembled.start()  # its first pass starts the runner, then the server starts
        views = load_links(tmp_path / "state" / "events" / "alpha").views
        url = f"{assembled.server.url}/events/alpha.yaml/board/state?view={views['board']}"
        state = requests.get(url, timeout=10).json()
        assert (state["access"], state["view"]) == ("view", "board")
        with socket.create_connection(("127.0.0.1", assembled.server.port), timeout=10) as sock:
            sock.sendall(f"GET /events/alpha.yaml/board/events?view={views['board']} HTTP/1.1\r\n"
                         "Host: zoomops\r\n\r\n".encode())
            assert b"event: state" in read_until(sock, b"event: state", time.monotonic() + 10)
    finally:
        assembled.stop()
