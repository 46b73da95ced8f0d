"""The board over real HTTP on 127.0.0.1: tokens, the page with and without controls, assets, the SSE stream."""

from __future__ import annotations

import json
import re
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from zoomops.board.web import VIEW_TOKEN_FILE, Board, BoardHub, announce, is_loopback
from zoomops.common.clock import FakeClock
from zoomops.runner.engine import Runner
from zoomops.runner.server import ControlServer

from .conftest import kst


@dataclass
class Live:
    runner: Runner
    clock: FakeClock
    server: ControlServer
    board: Board
    hub: BoardHub

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def get(self, path: str, **kw) -> requests.Response:
        return requests.get(self.base + path, timeout=5, **kw)


@pytest.fixture
def live(make_runner, board_schedule) -> Iterator[Live]:
    hub = BoardHub()
    runner, clock = make_runner(kst(8, 50), hub)
    runner.advance_to(kst(9, 12, 30))
    server = ControlServer(runner, runner.state_dir, clock)
    board = Board(server, board_schedule, hub=hub, heartbeat=0.05).mount()
    server.start()
    yield Live(runner, clock, server, board, hub)
    server.stop()


def events(resp: requests.Response, count: int) -> list[tuple[str, dict]]:
    """The first `count` named events of an SSE response."""
    out: list[tuple[str, dict]] = []
    name, data = None, None
    for line in resp.iter_lines(decode_unicode=True):
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and name is not None:
            out.append((name, data or {}))
            name, data = None, None
            if len(out) == count:
                break
    return out


def test_view_token_file_is_private_and_removed_on_stop(live: Live) -> None:
    path = live.runner.state_dir / VIEW_TOKEN_FILE
    assert path.read_text() == live.board.view_token and live.board.view_token != live.server.token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    live.server.stop()
    assert not path.exists()
    live.server.stop = lambda: None  # type: ignore[method-assign]


@pytest.mark.parametrize("path", ["/board", "/board/events", "/board/state"])
def test_board_needs_a_token(live: Live, path: str) -> None:
    assert live.get(path).status_code == 401
    assert live.get(path + "?token=nope").status_code == 403
    assert live.get(path + "?view=nope").status_code == 403


def test_view_token_is_refused_by_the_control_api(live: Live) -> None:
    view = {"Authorization": f"Bearer {live.board.view_token}"}
    assert requests.get(live.base + "/api/status", headers=view, timeout=5).status_code == 403
    resp = requests.post(live.base + "/api/delay", json={"minutes": 5}, headers=view, timeout=5)
    assert resp.status_code == 403 and resp.json() == {"error": "wrong token"}
    assert requests.post(live.base + "/api/delay", json={"minutes": 5}, timeout=5).status_code == 401
    assert live.runner.status()["delay_seconds"] == 0.0  # nothing moved


def test_view_page_has_no_controls(live: Live) -> None:
    resp = live.get(f"/board?view={live.board.view_token}")
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "text/html; charset=utf-8"
    html = resp.text
    assert 'data-access="view"' in html
    assert "<button" not in html and "data-delay" not in html and 'id="controls"' not in html
    assert resp.headers["Referrer-Policy"] == "no-referrer" and "default-src 'none'" in resp.headers[
        "Content-Security-Policy"]
    # the control token given as ?view= is a read-only board too
    assert "<button" not in live.get(f"/board?view={live.server.token}").text


def test_control_page_has_the_controls(live: Live) -> None:
    html = live.get(f"/board?token={live.server.token}").text
    assert 'data-access="control"' in html
    assert re.findall(r'data-delay="(-?\d+)"', html) == ["-5", "-1", "1", "5"]
    assert 'id="btn-next"' in html and 'id="btn-skip"' in html
    # the view token in ?token= does not unlock the controls
    view_html = live.get(f"/board?token={live.board.view_token}").text
    assert 'data-access="view"' in view_html and "<button" not in view_html


def test_assets_are_local(live: Live) -> None:
    html = live.get(f"/board?token={live.server.token}").text
    assert sorted(re.findall(r'(?:src|href)="([^"]+)"', html)) == ["/board/board.css", "/board/board.js", "data:,"]
    for path, ctype in (("/board/board.css", "text/css"), ("/board/board.js", "text/javascript")):
        resp = live.get(path)
        assert resp.status_code == 200 and resp.headers["Content-Type"].startswith(ctype)
        assert "http://" not in resp.text and "https://" not in resp.text and "@import" not in resp.text
        assert "@font-face" not in resp.text


def test_state_snapshot(live: Live) -> None:
    data = live.get(f"/board/state?view={live.board.view_token}").json()
    assert data["access"] == "view" and data["countdown"]["seconds"] == 150.0 and data["item"]["label"] == "Talk A"
    assert live.get(f"/board/state?token={live.server.token}").json()["access"] == "control"


def test_events_stream_with_the_view_token(live: Live) -> None:
    with requests.get(live.base + f"/board/events?token={live.board.view_token}", stream=True, timeout=5) as resp:
        assert resp.status_code == 200
        assert resp.headers["Content-Type"] == "text/event-stream; charset=utf-8"
        got = events(resp, 3)
    assert [name for name, _ in got] == ["update", "heartbeat", "heartbeat"]
    first = got[0][1]
    assert first["access"] == "view" and first["trigger"] == {"type": "hello"}
    assert first["countdown"]["seconds"] == 150.0 and first["block"]["label"] == "Session A"
    assert got[1][1]["trigger"] is None


def test_events_follow_time_and_control_actions(live: Live) -> None:
    url = live.base + f"/board/events?token={live.server.token}"
    with requests.get(url, stream=True, timeout=5) as resp:
        assert events(resp, 1)[0][1]["access"] == "control"
        live.clock.advance(15)  # no cue due: the heartbeat alone carries the new countdown
        beat = next(data for name, data in events(resp, 5) if data["countdown"]["seconds"] == 135.0)
        assert beat["countdown"]["phase"] == "normal" and beat["trigger"] is None
        answer = requests.post(
            live.base + "/api/delay", json={"minutes": 5},
            headers={"Authorization": f"Bearer {live.server.token}"}, timeout=5,
        )
        assert answer.status_code == 200
        update = next(data for name, data in events(resp, 10) if name == "update")
    assert update["trigger"] == {"type": "adjustment", "kind": "delay", "summary": "delay +5 min from b00.i00.warn-2"}
    assert update["delay"] == {"seconds": 300.0, "text": "+5 min behind"}
    assert update["countdown"]["seconds"] == 435.0 and update["next_cue"]["id"] == "b00.i00.warn-2"
    assert update["next_cue"]["at"] == "2022-09-06T09:18:00+09:00"


def test_a_fired_cue_is_an_update(live: Live) -> None:
    with requests.get(live.base + f"/board/events?view={live.board.view_token}", stream=True, timeout=5) as resp:
        events(resp, 1)
        live.runner.advance_to(kst(9, 13))  # fires b00.i00.warn-2, then interp.en-ko.t02.handover-2
        got = events(resp, 12)
    updates = [data for name, data in got if name == "update"]
    assert updates[0]["trigger"]["type"] == "cue" and updates[0]["trigger"]["status"] == "fired"
    assert updates[0]["trigger"]["cue"] in {"b00.i00.warn-2", "interp.en-ko.t02.handover-2"}
    last = got[-1][1]
    assert [row["cue"] for row in last["latest"][:2]] == ["interp.en-ko.t02.handover-2", "b00.i00.warn-2"]
    assert (last["countdown"]["seconds"], last["countdown"]["phase"]) == (120.0, "warning")


def test_urls_and_announcement(live: Live) -> None:
    urls = live.board.urls()
    assert urls == {
        "control": f"http://127.0.0.1:{live.server.port}/board?token={live.server.token}",
        "view": f"http://127.0.0.1:{live.server.port}/board?view={live.board.view_token}",
    }
    lines = announce(live.server, live.board)
    assert lines[1].endswith(urls["control"]) and lines[2].endswith(urls["view"]) and len(lines) == 3
    live.server.host = "0.0.0.0"
    warned = announce(live.server, live.board)
    assert len(warned) == 4 and warned[3].startswith("zoomops: WARNING: listening on 0.0.0.0")
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.5", "board.local")] == [
        True, True, True, False, False, False]


def test_stop_ends_open_streams(live: Live) -> None:
    resp = requests.get(live.base + f"/board/events?token={live.server.token}", stream=True, timeout=5)
    events(resp, 1)
    stopper = threading.Thread(target=live.server.stop)
    stopper.start()
    stopper.join(timeout=5)  # stop() joins the handler threads: it returns only if the stream ended
    assert not stopper.is_alive()
    resp.raw.read()  # the stream is closed: this returns (EOF) instead of waiting for the 5 s timeout
    resp.close()
    live.server.stop = lambda: None  # type: ignore[method-assign]
