"""Fixtures: a FakeClock, an in-process sandbox mounted on a plain requests.Session, and a bearer token."""

from __future__ import annotations

import pytest
import requests

from tests.sandbox.sandbox_helpers import Api
from zoomops.common.clock import FakeClock
from zoomops.sandbox.adapter import mount_sandbox
from zoomops.sandbox.app import ZoomSandbox


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox(clock: FakeClock) -> ZoomSandbox:
    return ZoomSandbox(clock)


@pytest.fixture
def api(sandbox: ZoomSandbox, clock: FakeClock) -> Api:
    session = requests.Session()
    creds = mount_sandbox(session, clock=clock, sandbox=sandbox)
    helper = Api(session, creds, sandbox, clock)
    helper.fetch_token()
    return helper
