"""`zoomops rehearse` end to end: provision on the sandbox, play every cue fast, report, leave Zoom untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zoomops.cli.main import main

SMALL = """
event: {id: mini-forum, title: Mini forum, dates: [2022-09-06], timezone: Asia/Seoul,
        host: host@example.com}
people:
  - {id: mod, name: Moderator One, email: mod@example.org}
  - {id: ann, name: Ann Speaker, email: ann@example.org}
  - {id: bob, name: Bob Speaker, email: bob@example.org}
blocks:
  - kind: session
    title: Session 1
    start: "09:00"
    end: "09:20"
    moderator: mod
    items:
      - {kind: presentation, title: Talk A, minutes: 10, speakers: [ann]}
      - {kind: qa, title: Q&A, minutes: 10}
  - {kind: break, title: Break, start: "09:20", end: "09:30"}
  - kind: closing
    title: Closing
    start: "09:30"
    end: "09:40"
    items:
      - {kind: remarks, title: Closing remarks, minutes: 10, speakers: [bob]}
interpretation:
  pairs: [[English, Korean]]
  interpreters:
    - {id: i-a, name: Interp A, email: ia@example.org, languages: [English, Korean]}
    - {id: i-b, name: Interp B, email: ib@example.org, languages: [English, Korean]}
"""


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Real credentials in the environment must not matter: a rehearsal never leaves the sandbox.
    monkeypatch.setenv("ZOOM_ACCOUNT_ID", "real-account")
    monkeypatch.setenv("ZOOM_CLIENT_ID", "real-client")
    monkeypatch.setenv("ZOOM_CLIENT_SECRET", "real-secret-value")
    monkeypatch.delenv("ZOOMOPS_STATE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "mini.yaml"
    path.write_text(SMALL)
    return path


def test_rehearsal_fires_every_cue_and_action_once(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rehearse", str(small), "--speed", "3600", "--json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert code == 0, captured.err
    assert report["ok"] is True
    assert report["fired"] == report["cues"] and report["missed"] == [] and report["pending"] == []
    statuses = {cue: o["status"] for cue, o in report["actions"].items()}
    assert statuses == {
        "preflight": "ok",
        "livestream-start": "ok",
        "b01.recording-pause": "warning",  # Zoom does not document live events for webinars: warned, run goes on
        "b01.recording-resume": "warning",
        "livestream-stop": "ok",
        "close": "ok",
    }
    assert "real-secret-value" not in captured.out + captured.err

    state = json.loads((small.parent / ".zoomops" / "rehearsal" / "sandbox.json").read_text())
    [webinar] = state["webinars"].values()
    assert webinar["status"] == "ended" and webinar["livestream_status"] == "stopped"
    assert sorted(p["email"] for p in webinar["panelists"]) == [
        "ann@example.org", "bob@example.org", "ia@example.org", "ib@example.org", "mod@example.org"]
    ledger_lines = (small.parent / ".zoomops" / "rehearsal" / "events.jsonl").read_text().splitlines()
    fired = [json.loads(x)["cue"] for x in ledger_lines if json.loads(x).get("type") == "cue"]
    assert len(fired) == len(set(fired)) == report["cues"]


def test_second_rehearsal_starts_clean(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rehearse", str(small), "--speed", "3600", "--json"]) == 0
    capsys.readouterr()
    assert main(["rehearse", str(small), "--speed", "3600", "--json", "--actions", "schedule"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["fired"] == report["cues"]
    assert {c: o["status"] for c, o in report["actions"].items()} == {"preflight": "ok"}


def test_delay_and_next_reach_a_running_rehearsal(small: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM")}
    cmd = [sys.executable, "-m", "zoomops", "rehearse", str(small), "--speed", "30"]
    proc = subprocess.Popen(cmd, cwd=small.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    control = small.parent / ".zoomops" / "rehearsal" / "control.json"
    try:
        deadline = time.monotonic() + 20
        while not control.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert control.exists(), proc.stderr.read() if proc.poll() is not None else "no control.json"
        zoomops = [sys.executable, "-m", "zoomops"]
        out = subprocess.run([*zoomops, "delay", str(small), "+5", "--rehearsal", "--json"], cwd=small.parent,
                             env=env, capture_output=True, text=True, timeout=20)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["minutes"] == 5
        plain = subprocess.run([*zoomops, "delay", str(small), "+5"], cwd=small.parent, env=env,
                               capture_output=True, text=True, timeout=20)
        assert plain.returncode == 1 and "no runner is active" in plain.stderr  # the real run's state dir
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


def test_a_rehearsal_runs_with_a_frozen_heap_and_short_switches(small: Path) -> None:
    import gc
    import sys

    gc.unfreeze()
    sys.setswitchinterval(0.005)
    assert main(["rehearse", str(small), "--speed", "3600", "--json"]) == 0
    assert gc.get_freeze_count() > 0  # common/gcpolicy.py, settled by run_session (thawed again after the test)
    assert sys.getswitchinterval() == 0.0005  # common/switching.py
