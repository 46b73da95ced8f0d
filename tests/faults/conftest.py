"""The faults suite: real `zoomops` processes against the sandbox served over HTTP as if it were Zoom (real mode),
with the sandbox's request log as the witness of what reached "Zoom"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from zoomops.common.clock import SystemClock
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.server import SandboxServer
from zoomops.sandbox.wire import SandboxRequest, SandboxResponse

ROOT = Path(__file__).resolve().parents[2]
ZOOMOPS = [sys.executable, "-m", "zoomops"]

# Three sessions, two breaks, every Zoom action on; a wide grace so that restarts never cost a cue.
SHOW_YAML = """\
event: {id: faults-forum, title: Faults forum, dates: [2022-09-06], timezone: Asia/Seoul}
people:
  - {id: ana, name: Ana, email: ana@example.org}
  - {id: bo, name: Bo, email: bo@example.org}
  - {id: mod, name: Mo, email: mo@example.org}
blocks:
  - kind: session
    title: Session A
    start: "09:00"
    end: "09:10"
    moderator: mod
    items:
      - {kind: presentation, title: Talk A, minutes: 5, speakers: [ana]}
      - {kind: presentation, title: Talk B, minutes: 5, speakers: [bo]}
  - {kind: break, title: Break 1, start: "09:10", end: "09:15"}
  - kind: session
    title: Session B
    start: "09:15"
    end: "09:25"
    moderator: mod
    items:
      - {kind: presentation, title: Talk C, minutes: 10, speakers: [ana]}
  - {kind: break, title: Break 2, start: "09:25", end: "09:30"}
  - kind: session
    title: Session C
    start: "09:30"
    end: "09:35"
    moderator: mod
    items:
      - {kind: presentation, title: Talk D, minutes: 5, speakers: [bo]}
run:
  preflight_minutes: 2
  practice_reminder_minutes: 1
  block_warnings: [1]
  speaker_warnings: [1]
  misfire_grace_seconds: 3600
  actions: {end_webinar: true, livestream: true, pause_recording_in_breaks: true}
"""
START_AT = "2022-09-06T08:57:55+09:00"  # just before the pre-flight cue
STREAM = {"stream_url": "rtmp://sandbox.zoomops.invalid/live", "stream_key": "faults",
          "page_url": "https://sandbox.zoomops.invalid/watch"}


class LoggedSandbox(ZoomSandbox):
    """The sandbox, keeping every request it answered: (method, path, JSON body, status)."""

    def __init__(self) -> None:
        super().__init__(SystemClock(), live_events_for_webinars=True)
        self.log: list[tuple[str, str, Any, int]] = []
        self._log_lock = threading.Lock()

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        response = super().handle(request)
        try:
            body = request.json()
        except ValueError:
            body = None
        with self._log_lock:
            self.log.append((request.method, request.path, body, response.status))
        return response


@dataclass
class World:
    """A served sandbox, a schedule provisioned on it, and the environment of a real-mode `zoomops`."""

    sandbox: LoggedSandbox
    schedule: Path
    state: Path
    env: dict[str, str]
    webinar_id: str = ""
    kills: int = field(default=0)

    def zoomops(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*ZOOMOPS, *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=False)

    def spawn_run(self, *extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen([*ZOOMOPS, "run", str(self.schedule), "--speed", "60", "--start-at", START_AT,
                                 "--json", *extra], env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def requests_to(self, verb: str, suffix: str, **body: Any) -> list[tuple[str, str, Any, int]]:
        return [r for r in self.sandbox.log if r[0] == verb and r[1].endswith(suffix)
                and all((r[2] or {}).get(k) == v for k, v in body.items())]

    def record(self) -> dict[str, Any]:
        return self.sandbox.webinar_record(self.webinar_id)

    def events(self) -> list[dict[str, Any]]:
        path = self.state / "events.jsonl"
        out = []
        for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a line cut by SIGKILL
        return out


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    sandbox = LoggedSandbox()
    schedule = tmp_path / "schedules" / "faults.yaml"
    schedule.parent.mkdir()
    schedule.write_text(SHOW_YAML, encoding="utf-8")
    state = tmp_path / "state"
    with SandboxServer(sandbox):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ZOOM", "ZOOMOPS"))}
        env.update(sandbox.credentials().env())
        env.update({"ZOOMOPS_STATE_DIR": str(state), "PYTHONPATH": str(ROOT), "ZOOM_WEBHOOK_SECRET_TOKEN": ""})
        w = World(sandbox, schedule, state, env)
        applied = w.zoomops("apply", str(schedule), "--yes", "--json")
        assert applied.returncode == 0, applied.stderr
        [webinar_id] = json.loads(applied.stdout)["webinars"].values()
        w.webinar_id = str(webinar_id)
        with sandbox.transaction() as (st, _ids):  # the host set up the stream and started the webinar
            st.webinars[w.webinar_id]["livestream"] = dict(STREAM)
        sandbox.start_webinar(webinar_id)
        sandbox.log.clear()
        yield w
