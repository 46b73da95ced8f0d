"""Ctrl-C in the middle of apply or teardown: exit 1 and a line saying what may already have happened."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli_robustness.helpers import run
from zoomops.zoom.client import ZoomClient


def _interrupt(*_args: Any, **_kwargs: Any) -> Any:
    raise KeyboardInterrupt


def test_apply_interrupted_after_the_create(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(ZoomClient, "add_panelists", _interrupt)
        code, _, err = run(capsys, "apply", "small.yaml", "--yes")
    assert code == 1
    assert err.splitlines()[-1] == (
        "zoomops: interrupted: some changes may already be in Zoom; `zoomops plan FILE` shows what is left, "
        "and applying again is safe"
    )
    code, out, _ = run(capsys, "plan", "small.yaml")
    assert code == 0
    assert "Plan: 0 to create, 0 to update, 2 panelist(s) to add, 0 to remove" in out


def test_teardown_interrupted(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "apply", "small.yaml", "--yes")[0] == 0
    monkeypatch.setattr(ZoomClient, "delete_webinar", _interrupt)
    code, _, err = run(capsys, "teardown", "small.yaml", "--yes")
    assert code == 1
    assert err.splitlines()[-1] == (
        "zoomops: interrupted: some webinars may already be deleted; run `zoomops teardown FILE` again for the rest"
    )
