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

from zoomops.board.hub import BoardHub
from zoomops.board.links import LINKS_FILE
from zoomops.board.web import Board, announce, bind, is_loopback
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
    hub = BoardHub(min_interval=0.01, tick=0.05)
    runner, clock = make_runner(kst(8, 50), hub)
    runner.advance_to(kst(9, 12, 30))
    server, board = bind(runner, board_schedule, runner.state_dir, clock, hub=hub)
    server.start()
    yield Live(runner, clock, server, board, hub)
    server.stop()


def events(resp: requests.Response, count: int) -> list[tuple[str, dict]]:
    """The first `count` named events of an SSE response."""
    out: list[tuple[str, dict]] = []
    name, data = None, None
    lines = resp.__dict__.setdefault("_sse_lines", resp.iter_lines(decode_unicode=True))  # one reader per stream
    for line in lines:
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


def first_named(resp: requests.Response, name: str, limit: int = 2000) -> dict:
    """The data of the next event called `name`, skipping ticks (bounded by the stream's read timeout and by
    `limit` events, not by a count of ticks: ticks come every 0.05 s here, however slow the machine)."""
    for _ in range(limit):
        got = events(resp, 1)
        if not got:
            break
        if got[0][0] == name:
            return got[0][1]
    raise AssertionError(f"no {name!r} event in the stream")


def test_links_are_private_and_kept_after_stop(live: Live) -> None:
    path = live.runner.state_dir / LINKS_FILE
    kept = json.loads(path.read_text())
    assert kept["control"] == live.server.token and kept["views"]["board"] == live.board.view_token
    assert len({live.server.token, *kept["views"].values()}) == 5  # every view has its own token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    live.server.stop()
    assert path.exists() and not (live.runner.state_dir / "control.token").exists()
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
    token = live.server.token
    assert sorted(re.findall(r'(?:src|href)="([^"]+)"', html)) == [
        "board/board.css", "board/board.js", f"board?token={token}&amp;lang=en", f"board?token={token}&amp;lang=ko",
        "data:,", "data:,",
    ]  # the page itself in each language, relative (it works under a prefix); the report link is set when ended
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
    assert [name for name, _ in got[:2]] == ["hello", "state"] and got[2][0] == "tick"
    assert got[0][1] == {"access": "view", "view": "board"}
    full = got[1][1]
    assert full["seq"] == 1 and full["trigger"]["cue"] == "interp.en-ko.t02.handover-5"  # the last before start
    assert full["state"]["countdown"]["seconds"] == 150.0 and full["state"]["block"]["label"] == "Session A"
    assert got[2][1] == {"now": "2022-09-06T00:12:30+00:00", "clock": "09:12:30"}


def test_each_view_token_opens_its_own_view(live: Live) -> None:
    for role, token in live.board.links.views.items():
        with requests.get(live.base + f"/board/events?view={token}", stream=True, timeout=5) as resp:
            assert events(resp, 1)[0][1] == {"access": "view", "view": role}
        assert f'data-view="{role}"' in live.get(f"/board?view={token}").text
    for token in live.board.links.views.values():  # no view token passes the control API
        auth = {"Authorization": f"Bearer {token}"}
        assert requests.get(live.base + "/api/status", headers=auth, timeout=5).status_code == 403


def test_ticks_follow_time_and_a_delay_is_one_patch(live: Live) -> None:
    url = live.base + f"/board/events?token={live.server.token}"
    with requests.get(url, stream=True, timeout=5) as resp:
        assert events(resp, 1)[0][1]["access"] == "control"
        live.clock.advance(15)  # no cue due: the tick alone carries the new event time
        tick = next(data for name, data in (events(resp, 1)[0] for _ in range(400))  # ticks queued before it
                    if name == "tick" and data["clock"] == "09:12:45")
        assert tick["now"] == "2022-09-06T00:12:45+00:00"
        answer = requests.post(
            live.base + "/api/delay", json={"minutes": 5},
            headers={"Authorization": f"Bearer {live.server.token}"}, timeout=5,
        )
        assert answer.status_code == 200
        patch = first_named(resp, "patch")
    assert patch["seq"] == 2
    assert patch["trigger"] == {"type": "adjustment", "kind": "delay", "summary": "delay +5 min from b00.i00.warn-2"}
    changed = patch["changed"]
    assert changed["delay"] == {"seconds": 300.0, "text": "+5 min behind"}
    assert changed["countdown"]["seconds"] == 435.0 and changed["next_cue"]["id"] == "b00.i00.warn-2"
    assert changed["next_cue"]["at"] == "2022-09-06T09:18:00+09:00"
    assert "block" not in changed and "title" not in changed  # only the panels that changed


def test_a_burst_of_cues_is_one_patch_to_every_viewer(live: Live) -> None:
    live.hub.min_interval = 1.0  # a burst gathered over 1 s: two cues fired together stay one patch on a busy machine
    streams = [requests.get(live.base + f"/board/events?view={live.board.view_token}", stream=True, timeout=5)
               for _ in range(3)]
    try:
        for resp in streams:
            assert [n for n, _ in events(resp, 2)] == ["hello", "state"]
        live.runner.advance_to(kst(9, 13))  # fires b00.i00.warn-2, then interp.en-ko.t02.handover-2
        patches = [first_named(resp, "patch") for resp in streams]
    finally:
        for resp in streams:
            resp.close()
    assert patches[0] == patches[1] == patches[2] and patches[0]["seq"] == 2
    latest = patches[0]["changed"]["latest"]
    assert [row["cue"] for row in latest[:2]] == ["interp.en-ko.t02.handover-2", "b00.i00.warn-2"]
    countdown = patches[0]["changed"]["countdown"]
    assert (countdown["seconds"], countdown["phase"]) == (120.0, "warning")
    assert live.hub.published == 2  # the first state, then one update for the burst


def test_urls_and_announcement(live: Live) -> None:
    urls = live.board.urls()
    base = f"http://127.0.0.1:{live.server.port}"
    views = live.board.links.views
    assert urls == {
        "control": f"{base}/board?token={live.server.token}",
        "view": f"{base}/board?view={views['board']}",
        **{name: f"{base}/board?view={token}" for name, token in views.items()},
    }
    lines = announce(live.server, live.board)
    assert lines[1].endswith(urls["control"]) and lines[2].endswith(urls["view"]) and len(lines) == 6
    assert [line.rsplit(" ", 1)[1] for line in lines[3:]] == [urls["stage"], urls["interpreter"], urls["moderator"]]
    assert all(live.server.token not in line for line in lines[2:])  # the control token is in no view link
    live.board.public_url = "https://board.example.org/"
    assert live.board.urls()["stage"] == f"https://board.example.org/board?view={views['stage']}"
    live.server.host = "0.0.0.0"
    warned = announce(live.server, live.board)
    assert len(warned) == 7 and warned[6].startswith("zoomops: WARNING: listening on 0.0.0.0")
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.5", "board.local")] == [
        True, True, True, False, False, False]


def test_stop_ends_open_streams(live: Live) -> None:
    resp = requests.get(live.base + f"/board/events?token={live.server.token}", stream=True, timeout=5)
    events(resp, 1)
    stopper = threading.Thread(target=live.server.stop)
    stopper.start()
    stopper.join(timeout=5)  # stop() joins the server's thread: it returns only if the stream ended
    assert not stopper.is_alive()
    rest = list(resp.__dict__["_sse_lines"])  # the stream ended cleanly: EOF, not the 5 s read timeout
    assert all(not line.startswith("event: patch") for line in rest)
    resp.close()
    live.server.stop = lambda: None  # type: ignore[method-assign]
