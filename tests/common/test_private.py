"""write_private: owner-only from creation, an existing readable file narrowed, the text as UTF-8."""

from __future__ import annotations

import stat
from pathlib import Path

from zoomops.common.private import write_private


def test_a_new_file_is_owner_only(tmp_path: Path) -> None:
    path = write_private(tmp_path / "control.token", "tøken")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == "tøken".encode()


def test_an_existing_readable_file_is_narrowed_and_truncated(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    path.write_text("an older and longer content")
    path.chmod(0o644)
    write_private(path, "{}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "{}"
