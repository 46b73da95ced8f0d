"""`zoomops run --listen HOST` in a subprocess: both board URLs printed, the warning, tokens that work, cleanup."""

from __future__ import annotations

import json
import os
import queue
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[2]


def local(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"127.0.0.1:{parts.port}"))


def start_run(board_path: Path, tmp_path: Path, state: Path) -> tuple[subprocess.Popen[str], list[str]]:
    """`zoomops run … --listen 0.0.0.0` in a subprocess; its stderr lines up to the plain-HTTP warning."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")}
    env["ZOOMOPS_STATE_DIR"] = str(state)
    cmd = [sys.executable, "-m", "zoomops", "run", str(board_path), "--speed", "30",
           "--start-at", "2022-09-06T08:59:00+09:00", "--listen", "0.0.0.0"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr or []], daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + 30
    while not any("WARNING" in line for line in seen) and time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=1))
        except queue.Empty:
            assert proc.poll() is None, "".join(seen)
    return proc, seen


def links_of(seen: list[str]) -> list[str]:
    return [line.split()[-1] for line in seen if line.startswith("zoomops: ") and "/board?" in line]


def test_run_listen_prints_every_link_and_a_restart_keeps_them(board_path: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    proc, seen = start_run(board_path, tmp_path, state)
    try:
        control = next(line for line in seen if line.startswith("zoomops: board with controls: ")).split()[-1]
        view = next(line for line in seen if line.startswith("zoomops: board, view only")).split()[-1]
        warning = next(line for line in seen if line.startswith("zoomops: WARNING: listening on 0.0.0.0"))
        assert "share the view link, never the control one" in warning
        view_token = view.split("?view=", 1)[1]
        kept = json.loads((state / "links.json").read_text())
        assert kept["views"]["board"] == view_token and kept["port"] == urlsplit(view).port
        assert stat.S_IMODE((state / "links.json").stat().st_mode) == 0o600
        assert control.split("?token=", 1)[1] == (state / "control.token").read_text() == kept["control"]
        page = requests.get(local(view), timeout=5)
        assert page.status_code == 200 and 'data-access="view"' in page.text and "<button" not in page.text
        assert 'data-delay="5"' in requests.get(local(control), timeout=5).text
        base = local(control).split("/board", 1)[0]
        assert requests.post(base + "/api/delay", json={"minutes": 1}, timeout=5,
                             headers={"Authorization": f"Bearer {view_token}"}).status_code == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    assert not (state / "control.token").exists() and (state / "links.json").exists()
    again, seen_again = start_run(board_path, tmp_path, state)
    try:
        assert links_of(seen_again) == links_of(seen) and len(links_of(seen)) == 5  # same port, same tokens
        assert requests.get(local(view), timeout=5).status_code == 200
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=20)
