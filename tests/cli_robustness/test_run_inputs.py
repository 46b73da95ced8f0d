"""run / rehearse / sandbox serve / delay with odd numbers, busy ports and runners that answer oddly."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from tests.cli_robustness.helpers import run

BUSY = "(choose another with --port, or 0 for any free port)"


@pytest.fixture
def busy_port() -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield int(sock.getsockname()[1])
    sock.close()


@pytest.mark.parametrize(("command", "value"), [("rehearse", "nan"), ("rehearse", "inf"), ("run", "nan"),
                                                ("run", "inf")])
def test_speed_must_be_finite(capsys: pytest.CaptureFixture[str], command: str, value: str) -> None:
    code, out, err = run(capsys, command, "small.yaml", "--speed", value)
    assert code == 2
    assert out == ""
    assert err.splitlines()[-1] == f"Error: Invalid value for '--speed': {value!r} is not a finite number."


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "abc"])
def test_delay_minutes_must_be_finite(capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, out, err = run(capsys, "delay", "small.yaml", value)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [f"zoomops: expected minutes such as +5 or -2, not {value!r}"]


def test_sandbox_serve_port_in_use(capsys: pytest.CaptureFixture[str], busy_port: int) -> None:
    code, out, err = run(capsys, "sandbox", "serve", "--port", str(busy_port))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [f"zoomops: cannot listen on 127.0.0.1:{busy_port}: Address already in use {BUSY}"]


def test_sandbox_serve_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sandbox", "serve", "--port", "99999")
    assert code == 2
    assert err.splitlines()[-1] == "Error: Invalid value for '--port': 99999 is not in the range 0<=x<=65535."


def test_sandbox_serve_unknown_host(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sandbox", "serve", "--port", "0", "--host", "no.such.host.invalid")
    assert code == 1
    assert err.splitlines() == [
        "zoomops: cannot listen on no.such.host.invalid:0: 'no.such.host.invalid' is not an address of this machine"
    ]


def test_sandbox_serve_damaged_state(capsys: pytest.CaptureFixture[str]) -> None:
    Path("bad.json").write_bytes(b"\xff\x00")
    code, _, err = run(capsys, "sandbox", "serve", "--port", "0", "--state", "bad.json")
    assert code == 1
    assert err.splitlines() == [
        "zoomops: sandbox state bad.json is damaged (not JSON): delete it to start an empty sandbox"
    ]


def test_sandbox_serve_state_under_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    Path("afile").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "sandbox", "serve", "--port", "0", "--state", "afile/s.json")
    assert code == 1
    assert err.splitlines() == ["zoomops: cannot use sandbox state afile/s.json: afile is not a directory"]


def test_run_port_in_use_fires_nothing(capsys: pytest.CaptureFixture[str], busy_port: int) -> None:
    code, out, err = run(capsys, "run", "small.yaml", "--port", str(busy_port))
    assert code == 1
    assert out == ""
    assert err.splitlines()[-1] == f"zoomops: cannot listen on 127.0.0.1:{busy_port}: Address already in use {BUSY}"
    assert not Path("state/control.json").exists()
    assert not Path("state/runner.sqlite").exists()  # the runner never started: no cue fired or was recorded


def test_rehearse_port_in_use(capsys: pytest.CaptureFixture[str], busy_port: int) -> None:
    code, _, err = run(capsys, "rehearse", "small.yaml", "--speed", "3600", "--port", str(busy_port))
    assert code == 1
    assert err.splitlines()[-1] == f"zoomops: cannot listen on 127.0.0.1:{busy_port}: Address already in use {BUSY}"
    assert not Path("state/rehearsal/runner.sqlite").exists()


class _NotARunner(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = b"<html>hello</html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def test_delay_reaches_something_that_is_not_a_runner(capsys: pytest.CaptureFixture[str]) -> None:
    httpd = HTTPServer(("127.0.0.1", 0), _NotARunner)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    Path("state").mkdir()
    Path("state/control.json").write_text(json.dumps({"port": port, "host": "127.0.0.1"}), encoding="utf-8")
    Path("state/control.token").write_text("tok", encoding="utf-8")
    try:
        code, out, err = run(capsys, "delay", "small.yaml", "+5")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"zoomops: http://127.0.0.1:{port} did not answer like a zoomops runner (HTTP 200, not JSON)"
    ]


def test_run_of_a_past_event_names_the_file_in_its_advice(capsys: pytest.CaptureFixture[str]) -> None:
    forum = Path(__file__).resolve().parents[2] / "schedules" / "2022-undesa-krila-forum.yaml"
    Path("forum.yaml").write_text(forum.read_text(encoding="utf-8"), encoding="utf-8")
    code, _out, err = run(capsys, "run", "forum.yaml")
    assert code == 1
    assert "2022-undesa-krila-forum is over: its last cue (close) was at 2022-09-06 14:00 Asia/Seoul" in err
    assert ("Rehearse it with `zoomops rehearse forum.yaml --speed 300`, or replay it with "
            "`zoomops run forum.yaml --start-at 2022-09-06T08:00:00+09:00`") in err
