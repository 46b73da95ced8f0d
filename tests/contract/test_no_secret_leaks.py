"""Secrets never leak: real `zoomops` commands, with recognisable secrets in the environment, against the
sandbox served over HTTP as if it were Zoom (real mode: credentials set, ZOOM_API_URL/ZOOM_OAUTH_URL).

Searched: every command's stdout and stderr (plain and `--json`), and every file in the state directory.
Allowed: the access token in `token.json` (mode 0600); the control token in its 0600 files and in the
board URL the run prints on the operator's terminal; panelists' personal join links in `status` output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from zoomops.common.clock import SystemClock
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
ZOOMOPS = [sys.executable, "-m", "zoomops"]
CLIENT_SECRET = "CLIENTSECRET-7f3a9c1e55d24b8e"
WEBHOOK_SECRET = "WEBHOOKSECRET-0b6d2f4a8c1e3579"
NOTIFY_SECRET = "NOTIFYSECRET-5e8a1c3b7d9f2460"
FORUM = "schedules/2022-undesa-krila-forum.yaml"


class Chat(BaseHTTPRequestHandler):
    """A team-chat webhook that answers 200 and keeps what it got (the only place the notify secret may go)."""

    received: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        Chat.received.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A project copy, the sandbox over HTTP with our client secret, a chat endpoint, and every command run."""
    base = tmp_path_factory.mktemp("leaks")
    shutil.copytree(ROOT / "schedules", base / "schedules")
    shutil.copytree(ROOT / "config", base / "config")
    sandbox = ZoomSandbox(SystemClock(), live_events_for_webinars=True)
    with sandbox.transaction() as (state, _ids):
        state.account.client_secret = CLIENT_SECRET
    sandbox.add_user("placeholder+zoom-host@example.org")
    chat = ThreadingHTTPServer(("127.0.0.1", 0), Chat)
    threading.Thread(target=chat.serve_forever, daemon=True).start()
    with SandboxServer(sandbox):
        creds = sandbox.credentials()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ZOOM", "ZOOMOPS"))}
        env.update(creds.env())
        env.update({"ZOOM_CLIENT_SECRET": CLIENT_SECRET, "ZOOM_WEBHOOK_SECRET_TOKEN": WEBHOOK_SECRET,
                    "ZOOMOPS_NOTIFY_SECRET": NOTIFY_SECRET, "ZOOMOPS_NOTIFY_URL": f"http://127.0.0.1:{chat.server_port}/hook",
                    "ZOOMOPS_STATE_DIR": str(base / "state"), "PYTHONPATH": str(ROOT)})
        runs: dict[str, subprocess.CompletedProcess[str]] = {}
        commands = {
            "doctor": ["doctor"], "doctor-json": ["doctor", "--json"],
            "plan": ["plan", FORUM], "plan-json": ["plan", FORUM, "--json"],
            "apply-json": ["apply", FORUM, "--yes", "--json"], "apply-again": ["apply", FORUM, "--yes"],
            "status": ["status", FORUM], "status-json": ["status", FORUM, "--json"],
            # the console view goes to stderr, the report to stdout
            "rehearse-json": ["rehearse", FORUM, "--speed", "2500", "--json", "--notify"],
        }
        for name, args in commands.items():
            runs[name] = subprocess.run([*ZOOMOPS, *args], cwd=base, env=env, capture_output=True, text=True,
                                        timeout=120, check=False)
        snapshot = sandbox.snapshot()
    chat.shutdown()
    return base, runs, snapshot


def secrets_in(snapshot: dict[str, Any], state: Path) -> dict[str, set[str]]:
    tokens = set(snapshot["tokens"])
    for cache in state.rglob("token.json"):
        tokens |= {e["access_token"] for e in json.loads(cache.read_text()).values()}
    links, host_keys = set(), set()
    for record in snapshot["webinars"].values():
        host_keys.add(urlsplit(record["webinar"]["start_url"]).query)
        links |= {parse_qs(urlsplit(p["join_url"]).query)["tk"][0] for p in record["panelists"]}
    return {"client secret": {CLIENT_SECRET}, "webhook secret": {WEBHOOK_SECRET}, "notify secret": {NOTIFY_SECRET},
            "access token": tokens, "start_url key": host_keys, "panelist join link": links}


def found(text: str, secrets: dict[str, set[str]], skip: tuple[str, ...] = ()) -> list[str]:
    return [kind for kind, values in secrets.items() if kind not in skip and any(v and v in text for v in values)]


def test_every_command_succeeded(world: Any) -> None:
    _base, runs, _snap = world
    failed = {name: (r.returncode, r.stderr[-2000:]) for name, r in runs.items()
              if r.returncode != 0 and name != "rehearse-json"}
    assert failed == {}
    # at 2500x a loaded machine may miss a cue (exit 1); the report must still be complete
    report = json.loads(runs["rehearse-json"].stdout)
    assert report["fired"] > 100 and report["actions"]["close"]["status"] == "ok"


def test_no_secret_in_any_output(world: Any) -> None:
    base, runs, snapshot = world
    secrets = secrets_in(snapshot, base / "state")
    assert all(secrets.values()), "the test must know every secret it looks for"
    leaks = {}
    for name, run in runs.items():
        out = run.stdout if not name.startswith("status") else ""  # status lists personal join links by design
        leaks[name] = found(out + run.stderr, secrets) + (
            found(run.stdout, secrets, skip=("panelist join link",)) if name.startswith("status") else [])
    assert {k: v for k, v in leaks.items() if v} == {}
    # status does show the personal links (and nothing else secret)
    assert found(runs["status"].stdout, secrets) == ["panelist join link"]


def test_control_token_only_in_the_board_url_and_its_files(world: Any) -> None:
    base, runs, _snap = world
    for name in ("rehearse-json",):
        text = runs[name].stdout + runs[name].stderr
        tokens = set(re.findall(r"board\?token=([A-Za-z0-9_\-]+)", text))
        assert len(tokens) == 1, name
        [token] = tokens
        other = [ln for ln in text.splitlines() if token in ln and "board?token=" not in ln]
        assert other == [], name
        for path in (base / "state").rglob("*"):
            if path.is_file() and token.encode() in path.read_bytes():
                assert path.name.endswith(".token") or path.name in ("control.json", "links.json"), path
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_state_files_hold_no_secret_but_the_token_cache(world: Any) -> None:
    base, _runs, snapshot = world
    secrets = secrets_in(snapshot, base / "state")
    files = [p for p in (base / "state").rglob("*") if p.is_file()]
    assert any(p.name == "events.jsonl" for p in files) and any(p.name == "provision.sqlite" for p in files)
    leaks = {}
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        if path.name == "token.json":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            leaks[str(path)] = found(text, secrets, skip=("access token",))
        elif path.name == "sandbox.json":  # the rehearsal's simulated Zoom: its own server-side records
            leaks[str(path)] = found(text, secrets, skip=("access token", "panelist join link", "start_url key"))
        else:
            leaks[str(path.relative_to(base))] = found(text, secrets)
    assert {k: v for k, v in leaks.items() if v} == {}


def test_the_notify_secret_went_only_to_the_chat(world: Any) -> None:
    assert Chat.received, "the rehearsal notified the chat"
    assert all(NOTIFY_SECRET not in json.dumps(h) for h in Chat.received)  # generic format: an HMAC, not the secret
    assert all("X-Zoomops-Signature" in h for h in Chat.received)
