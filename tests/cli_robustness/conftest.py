"""Every robustness test runs in a temp directory with its own state directory and no Zoom credentials."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_robustness.helpers import SMALL


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import os

    for name in list(os.environ):
        if name.startswith(("ZOOM_", "ZOOMOPS_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", str(tmp_path / "state"))
    Path("small.yaml").write_text(SMALL, encoding="utf-8")
    return tmp_path
