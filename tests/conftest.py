"""Shared fixtures: the forum schedule file and a frozen clock."""

from __future__ import annotations

import gc
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from zoomops.common.clock import FakeClock

ROOT = Path(__file__).resolve().parent.parent
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"


@pytest.fixture
def forum_path() -> Path:
    return FORUM


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2022, 9, 1, 0, 0, tzinfo=UTC))


@pytest.fixture(scope="session", autouse=True)
def private_session_runtime_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The same for module- and session-scoped fixtures (a whole forum run shared by a module's tests), which
    start before any test's own: without it they lock in the machine's temp dir, and a bench or another test
    run on the machine holding the forum's event lock made them fail."""
    path = tmp_path_factory.mktemp("session-runtime")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(path))
        patch.setattr(tempfile, "tempdir", None)
        yield path


@pytest.fixture(autouse=True)
def thawed_heap() -> Iterator[None]:
    """A test that runs `run_session` or a service freezes the process's heap (common/gcpolicy.py) and shortens
    the switch interval (common/switching.py); each test ends with both as CPython has them, so the objects of one
    test are collected as usual after it."""
    interval = sys.getswitchinterval()
    yield
    gc.unfreeze()
    sys.setswitchinterval(interval)


@pytest.fixture(autouse=True)
def private_runtime_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own temp dir for the runner's per-user event locks (and its subprocesses, via TMPDIR):
    test runs sharing a machine never refuse each other's runner for the same event."""
    path = tmp_path_factory.mktemp("runtime")
    monkeypatch.setenv("TMPDIR", str(path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return path
