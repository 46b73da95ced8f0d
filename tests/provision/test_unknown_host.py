"""A host user that is not in the Zoom account is bad input: exit 2 pointing at `event.host` (or at
ZOOM_HOST_USER), not Zoom's 404 text with exit 1. Against a served sandbox in "real Zoom" mode: the embedded one
would add the host to its account by itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from zoomops.cli.main import main
from zoomops.common.clock import FakeClock
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.server import SandboxServer

HOST_LINE = "  host: placeholder+zoom-host@example.org"
MESSAGE = ("is not a user of this Zoom account (Zoom answered 404, code 1001): use the email or id of a licensed "
           "user who may host webinars")


@pytest.fixture
def served(clock: FakeClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[SandboxServer]:
    sandbox = ZoomSandbox(clock)
    with SandboxServer(sandbox) as running:
        for name, value in sandbox.credentials().env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("ZOOM_API_URL", f"{running.url}/v2")
        monkeypatch.setenv("ZOOM_OAUTH_URL", f"{running.url}/oauth/token")
        monkeypatch.setenv("ZOOMOPS_STATE_DIR", str(tmp_path / "state"))
        monkeypatch.delenv("ZOOM_HOST_USER", raising=False)
        monkeypatch.chdir(tmp_path)
        yield running


def _forum_copy(forum_path: Path, tmp_path: Path, host_line: str | None) -> tuple[Path, int]:
    lines = forum_path.read_text(encoding="utf-8").split("\n")
    index = lines.index(HOST_LINE)
    if host_line is None:
        del lines[index]
    else:
        lines[index] = host_line
    copy = tmp_path / "forum.yaml"
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy, index + 1


@pytest.mark.parametrize("command", [["plan"], ["apply", "--yes"], ["status"], ["teardown", "--yes"]])
def test_unknown_host_in_the_schedule_is_exit_2_at_event_host(
    served: SandboxServer, forum_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    _copy, line = _forum_copy(forum_path, tmp_path, "  host: nobody@example.org")
    code = main([command[0], "forum.yaml", *command[1:]])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[-2:] == [f"forum.yaml:{line}:3: event.host: nobody@example.org {MESSAGE}",
                        "1 error(s); nothing was changed."]
    assert served.sandbox.snapshot()["webinars"] == {}  # nothing was created


def test_unknown_host_from_the_environment_names_zoom_host_user(
    served: SandboxServer, forum_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _forum_copy(forum_path, tmp_path, None)
    monkeypatch.setenv("ZOOM_HOST_USER", "nobody@example.org")
    code = main(["plan", "forum.yaml", "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert json.loads(captured.out) == {"ok": False, "errors": [
        {"file": "ZOOM_HOST_USER", "line": 0, "col": 0, "field": "", "message": f"nobody@example.org {MESSAGE}",
         "severity": "error"}]}
    assert f"ZOOM_HOST_USER: nobody@example.org {MESSAGE}" in captured.err


def test_a_known_host_still_plans(served: SandboxServer, forum_path: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    _forum_copy(forum_path, tmp_path, None)  # no event.host: the app's owner ("me") hosts
    assert main(["plan", "forum.yaml", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["webinars"][0]["action"] == "create"
