"""Board links: kept across restarts, rotated on request, a public URL, HTTPS with a certificate, QR codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from zoomops.board.hub import BoardHub
from zoomops.board.links import LINKS_FILE, VIEWS, load_links, qr_text
from zoomops.board.web import announce, bind
from zoomops.cli.main import cli

from .conftest import kst


def test_links_survive_a_restart_and_rotate_replaces_them(board_path: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    first = load_links(state)
    assert load_links(state) == first  # kept
    out = CliRunner().invoke(cli, ["board", "rotate", str(board_path)], env={"ZOOMOPS_STATE_DIR": str(state)})
    assert out.exit_code == 0, out.output
    assert out.output.startswith("New tokens for the control link and the board, stage, interpreter, moderator views")
    again = load_links(state)
    assert again.control != first.control and all(again.views[v] != first.views[v] for v in VIEWS)
    assert json.loads((state / LINKS_FILE).read_text())["control"] == again.control


def test_public_url_and_qr_codes(make_runner, board_schedule) -> None:
    runner, clock = make_runner(kst(9, 5))
    server, board = bind(runner, board_schedule, runner.state_dir, clock, hub=BoardHub(),
                         public_url="https://board.example.org/live")
    try:
        lines = announce(server, board, qr=True)
    finally:
        server.discard()
    views = board.links.views
    assert lines[2] == f"zoomops: board, view only (interpreters, moderators): https://board.example.org/live/board?view={views['board']}"
    titles = [n for n, line in enumerate(lines) if line.endswith("(scan with a phone):")]
    assert len(titles) == 4
    code = qr_text(f"https://board.example.org/live/board?view={views['stage']}").rstrip("\n").splitlines()
    assert lines[titles[1] + 1 : titles[2]] == code and len(code) > 10
    assert set("".join(code)) <= {" ", "█", "▀", "▄"}
    assert all(server.token not in line for line in lines[2:])


@pytest.mark.skipif(subprocess.run(["which", "openssl"], capture_output=True).returncode != 0, reason="no openssl")
def test_https_with_a_certificate_and_key(make_runner, board_schedule, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    runner, clock = make_runner(kst(9, 5))
    server, board = bind(runner, board_schedule, runner.state_dir, clock, certfile=str(cert), keyfile=str(key))
    server.start()
    try:
        url = board.urls()["stage"].replace("/board?", "/board/state?")
        assert url.startswith(f"https://127.0.0.1:{server.port}/")
        answer = requests.get(url, verify=False, timeout=5)  # self-signed
        assert answer.status_code == 200 and answer.json()["view"] == "stage"
        with pytest.raises(requests.ConnectionError):
            requests.get(url.replace("https://", "http://"), timeout=5)
        info = json.loads((runner.state_dir / "control.json").read_text())
        assert info["scheme"] == "https"
    finally:
        server.stop()
