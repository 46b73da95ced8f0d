"""A state directory that is a file, and damaged state files: one line naming the file and the way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_robustness.helpers import run

SANDBOX_NOTICE = "zoomops: no Zoom credentials — using the embedded Zoom sandbox"


@pytest.mark.parametrize("command", ["plan", "status", "teardown"])
def test_state_dir_is_a_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                             command: str) -> None:
    Path("afile").write_text("x", encoding="utf-8")
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", "afile")
    code, out, err = run(capsys, command, "small.yaml")
    assert code == 1
    assert out == ""
    assert err.splitlines()[-1] == (
        "zoomops: state directory afile exists but is not a directory "
        "(set ZOOMOPS_STATE_DIR to a directory zoomops may write)"
    )


def test_state_dir_under_a_file_for_rehearse(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    Path("afile").write_text("x", encoding="utf-8")
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", "afile")
    code, _, err = run(capsys, "rehearse", "small.yaml", "--speed", "3600")
    assert code == 1
    assert err.splitlines() == [
        "zoomops: cannot create state directory afile/rehearsal: Not a directory "
        "(set ZOOMOPS_STATE_DIR to a directory zoomops may write)"
    ]


def _applied(capsys: pytest.CaptureFixture[str]) -> Path:
    code, _, _ = run(capsys, "apply", "small.yaml", "--yes")
    assert code == 0
    return Path("state")


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"\xa7\x00garbage\xff", "not JSON"), (b"", "not JSON"), (b"[1, 2]", "not a sandbox state"),
     (b'"text"', "not a sandbox state"), (b'{"webinars": [1]}', "not a sandbox state"),
     (b'{"account": 5}', "not a sandbox state")],
)
def test_damaged_sandbox_json(capsys: pytest.CaptureFixture[str], content: bytes, why: str) -> None:
    state = _applied(capsys)
    (state / "sandbox.json").write_bytes(content)
    code, out, err = run(capsys, "status", "small.yaml")
    assert code == 1
    assert out == ""
    assert err.splitlines()[-1] == (
        f"zoomops: sandbox state {state.resolve()}/sandbox.json is damaged ({why}): "
        "delete it to start an empty sandbox"
    )


def test_damaged_provision_sqlite(capsys: pytest.CaptureFixture[str]) -> None:
    state = Path("state")
    state.mkdir()
    (state / "provision.sqlite").write_bytes(b"\x00garbage" * 64)
    code, out, err = run(capsys, "plan", "small.yaml")
    assert code == 1
    assert out == ""
    assert err.splitlines()[-1] == (
        f"zoomops: {state.resolve()}/provision.sqlite is damaged (not a SQLite database): move it aside and run "
        "`zoomops plan`: webinars are found again by their zoomops-event marker"
    )


def test_damaged_runner_ledger(capsys: pytest.CaptureFixture[str]) -> None:
    state = Path("state")
    state.mkdir()
    (state / "runner.sqlite").write_bytes(b"\x00garbage" * 64)
    code, _, err = run(capsys, "run", "small.yaml", "--speed", "3600")
    assert code == 1
    assert err.splitlines()[-1] == (
        f"zoomops: {state.resolve()}/runner.sqlite is damaged (not a SQLite database): move it aside to start "
        "the run afresh (cues it recorded as fired would fire again)"
    )
    assert not (state / "control.json").exists()


def test_garbage_token_cache_is_ignored(capsys: pytest.CaptureFixture[str]) -> None:
    state = _applied(capsys)
    (state / "token.json").write_bytes(b"\xff\x00not a token")
    code, out, _ = run(capsys, "status", "small.yaml")
    assert code == 0
    assert "no drift: Zoom matches the schedule" in out


@pytest.mark.parametrize("control", ['{"port": "x"}', "[1]", '{"host": "127.0.0.1"}', "\u00ff garbage"])
def test_delay_with_damaged_control_file(capsys: pytest.CaptureFixture[str], control: str) -> None:
    Path("state").mkdir()
    Path("state/control.json").write_text(control, encoding="utf-8")
    Path("state/control.token").write_text("tok", encoding="utf-8")
    code, out, err = run(capsys, "delay", "small.yaml", "+5")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"zoomops: no runner is active for {Path('state').resolve()} (start one with `zoomops run FILE`)"
    ]
    assert Path("state/control.json").read_text(encoding="utf-8") == control
