"""Shared fixtures: the forum schedule file and a frozen clock."""

from __future__ import annotations

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
