"""The viewers' relay: event streams handed from the runner's server to a child process (over a kept-alive
connection too), bad tokens answered in-process, the in-process fallback, and the child's fan-out rules
(same bytes to all, stalled viewers dropped, waiting viewers joined with the first state, the cap)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from zoomops.board.hub import BoardHub
from zoomops.board.relay import BUSY, END, HEAD, Relay, Viewer, chunk
from zoomops.board.web import Board, bind
from zoomops.runner.server import ControlServer

from .conftest import kst


@dataclass
class Live:
    server: ControlServer
    board: Board
    hub: BoardHub

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.server.port), timeout=5)


def _serve(make_runner, board_schedule, *, relay: bool) -> Live:
    hub = BoardHub(min_interval=0.01, tick=60, relay=relay)
    runner, clock = make_runner(kst(8, 50), hub)
    runner.advance_to(kst(9, 12, 30))
    server, board = bind(runner, board_schedule, runner.state_dir, clock, hub=hub)
    server.start()
    return Live(server, board, hub)


@pytest.fixture
def live(make_runner, board_schedule) -> Iterator[Live]:
    served = _serve(make_runner, board_schedule, relay=True)
    yield served
    served.server.stop()


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    got = b""
    while marker not in got:
        data = sock.recv(65536)
        if not data:
            break
        got += data
    return got


def _stream(token: str) -> bytes:
    return f"GET /board/events?view={token} HTTP/1.1\r\nHost: x\r\n\r\n".encode()


def test_a_stream_is_served_by_the_relay_not_the_server(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(_stream(live.board.links.views["interpreter"]))
        got = _read_until(sock, b"event: state")
        head, body = got.split(b"\r\n\r\n", 1)
        assert head.split(b"\r\n")[0] == b"HTTP/1.1 200 OK"
        assert b"content-type: text/event-stream; charset=utf-8" in head and b"transfer-encoding: chunked" in head
        assert b'event: hello\ndata: {"access": "view", "view": "interpreter"}' in body
        assert live.hub.viewers == 0  # no queue in the runner's process: the child holds the viewer
    live.server.stop()
    assert live.hub.relay is not None
    stats = live.hub.relay.stats
    assert {k: stats[k] for k in ("served", "dropped", "refused")} == {"served": 1, "dropped": 0, "refused": 0}
    assert stats["cpu_seconds"] >= 0


def test_a_kept_alive_connection_is_handed_over_at_its_stream_request(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(f"GET /board/state?view={live.board.view_token} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        first = _read_until(sock, b"}")
        head, body = first.split(b"\r\n\r\n", 1)
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.startswith(b"content-length")))
        while len(body) < length:
            body += sock.recv(65536)
        assert json.loads(body)["access"] == "view"
        sock.sendall(_stream(live.board.view_token))  # the same connection, as a browser's EventSource does
        assert b"event: state" in _read_until(sock, b"event: state")
    live.server.stop()
    assert live.hub.relay is not None and live.hub.relay.stats["served"] == 1


def test_a_wrong_token_is_answered_by_the_server(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(_stream("not-a-token"))
        answer = _read_until(sock, b"}")
    assert answer.startswith(b"HTTP/1.1 403 ") and b'{"error": "wrong token"}' in answer
    live.server.stop()
    assert live.hub.relay is not None and live.hub.relay.stats["served"] == 0


def test_without_the_relay_the_server_serves_the_stream(make_runner, board_schedule) -> None:
    served = _serve(make_runner, board_schedule, relay=False)
    try:
        with served.connect() as sock:
            sock.sendall(_stream(served.board.view_token))
            assert b"event: state" in _read_until(sock, b"event: state")
            assert served.hub.viewers == 1
    finally:
        served.server.stop()


# ---------------------------------------------------------------- the child's rules, on fake transports
@dataclass
class FakeTransport:
    unsent: int = 0
    written: list[bytes] = field(default_factory=list)
    closed: bool = False
    aborted: bool = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def get_write_buffer_size(self) -> int:
        return self.unsent

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True


def _viewer(relay: Relay, hello: bytes, transport: FakeTransport) -> Viewer:
    viewer = Viewer(relay, hello)
    viewer.transport = transport  # type: ignore[assignment]
    relay.join(viewer)
    return viewer


def test_the_relay_sends_the_same_chunk_to_all_and_drops_a_stalled_viewer() -> None:
    relay = Relay(limit=1000, max_viewers=10)
    early = FakeTransport()
    _viewer(relay, b"H1", early)
    assert early.written == []  # before the first state, a viewer waits for it
    relay.update(b"FULL1", b"")
    assert early.written == [HEAD + chunk(b"H1FULL1")]
    late, stalled = FakeTransport(), FakeTransport()
    _viewer(relay, b"H2", late)
    _viewer(relay, b"H3", stalled)
    stalled.unsent = 1001
    relay.update(b"FULL2", b"PATCH2")
    assert early.written[-1] == late.written[-1] == chunk(b"PATCH2") == b"6\r\nPATCH2\r\n"
    assert late.written == [HEAD + chunk(b"H2FULL1"), chunk(b"PATCH2")]
    assert stalled.aborted and stalled.written == [HEAD + chunk(b"H3FULL1")]
    assert relay.counts() == {"served": 3, "dropped": 1, "refused": 0}
    joined = FakeTransport()
    _viewer(relay, b"H4", joined)  # joins with the latest full state, not the patch
    assert joined.written == [HEAD + chunk(b"H4FULL2")]
    gone = FakeTransport()
    _viewer(relay, b"H5", gone)
    gone.closed = True  # the viewer left; its connection_lost has not run yet
    relay.broadcast(b"TICK")
    assert gone.written == [HEAD + chunk(b"H5FULL2")] and joined.written[-1] == chunk(b"TICK")
    relay.end()
    assert early.written[-1] == END and early.closed and joined.written[-1] == END


def test_the_relay_refuses_viewers_beyond_its_cap() -> None:
    relay = Relay(limit=1000, max_viewers=1)
    relay.update(b"FULL", b"")
    _viewer(relay, b"H", FakeTransport())
    extra = FakeTransport()
    _viewer(relay, b"H", extra)
    assert extra.written == [BUSY] and extra.closed and relay.counts()["refused"] == 1


def test_an_http_1_0_stream_request_stays_with_the_server(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(f"GET /board/events?view={live.board.view_token} HTTP/1.0\r\n\r\n".encode())
        got = _read_until(sock, b"event: state")
        assert live.hub.viewers == 1  # in the server's process (while the connection is open)
    assert got.startswith(b"HTTP/1.1 200 "), got[:200]
    assert b"event: state" in got, got[-200:]
