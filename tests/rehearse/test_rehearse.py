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
