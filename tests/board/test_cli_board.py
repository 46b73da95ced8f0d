"""`zoomops run --listen HOST` in a subprocess: both board URLs printed, the warning, tokens that work, cleanup."""

from __future__ import annotations

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


def test_run_listen_prints_both_board_urls(board_path: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")}
    env["ZOOMOPS_STATE_DIR"] = str(state)
    cmd = [sys.executable, "-m", "zoomops", "run", str(board_path), "--speed", "30",
           "--start-at", "2022-09-06T08:59:00+09:00", "--listen", "0.0.0.0"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while not any("WARNING" in line for line in seen) and time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                assert proc.poll() is None, "".join(seen)
        control = next(line for line in seen if line.startswith("zoomops: board with controls: ")).split()[-1]
        view = next(line for line in seen if line.startswith("zoomops: board, view only")).split()[-1]
        warning = next(line for line in seen if line.startswith("zoomops: WARNING: listening on 0.0.0.0"))
        assert "share the view link, never the control one" in warning
        view_token = view.split("?view=", 1)[1]
        assert (state / "view.token").read_text() == view_token
        assert stat.S_IMODE((state / "view.token").stat().st_mode) == 0o600
        assert control.split("?token=", 1)[1] == (state / "control.token").read_text()
        page = requests.get(local(view), timeout=5)
        assert page.status_code == 200 and 'data-access="view"' in page.text and "<button" not in page.text
        assert 'data-delay="5"' in requests.get(local(control), timeout=5).text
        base = local(control).split("/board", 1)[0]
        assert requests.post(base + "/api/delay", json={"minutes": 1}, timeout=5,
                             headers={"Authorization": f"Bearer {view_token}"}).status_code == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    assert not (state / "view.token").exists() and not (state / "control.token").exists()
