"""Test runs sharing a machine do not share the runner's per-user lock directory (tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from zoomops.runner.lock import runtime_dir


def test_event_locks_live_in_this_tests_own_temp_dir_and_its_subprocesses_too(private_runtime_dir: Path) -> None:
    assert runtime_dir().parent == private_runtime_dir
    code = "from zoomops.runner.lock import runtime_dir; print(runtime_dir())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert Path(out.stdout.strip()).parent == private_runtime_dir
