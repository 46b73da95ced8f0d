"""A provisioning context on an in-process sandbox the test controls (faults, features, clock)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from zoomops.app.connect import build_session
from zoomops.common.clock import FakeClock
from zoomops.provision.context import ProvisionContext
from zoomops.provision.state import ProvisionStore
from zoomops.sandbox.adapter import mount_sandbox
from zoomops.sandbox.app import ZoomSandbox
from zoomops.schedule.defaults import Defaults
from zoomops.schedule.loader import load_schedule
from zoomops.zoom.auth import Credentials
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.config import ZoomConfig
from zoomops.zoom.tokens import TokenStore

HOST = "host@example.com"  # the sandbox account's default user


def sandbox_client(sandbox: ZoomSandbox, clock: FakeClock, state_dir: Path) -> ZoomClient:
    session = build_session(ZoomConfig(), clock)
    creds = mount_sandbox(session, sandbox=sandbox, clock=clock)
    session.use_credentials(
        Credentials(creds.account_id, creds.client_id, SecretStr(creds.client_secret)),
        oauth_url=creds.oauth_url,
        api_url=creds.api_url,
        api_url_explicit=True,
        store=TokenStore(state_dir),
    )
    return ZoomClient(session)


def make_context(
    schedule_path: Path, sandbox: ZoomSandbox, clock: FakeClock, state_dir: Path, defaults: Defaults | None = None
) -> ProvisionContext:
    loaded = load_schedule(schedule_path, for_provisioning=True)
    client = sandbox_client(sandbox, clock, state_dir)
    store = ProvisionStore(state_dir, clock)
    return ProvisionContext(loaded, defaults or Defaults(), state_dir, clock, client, store, HOST, "sandbox")


@pytest.fixture
def sandbox(clock: FakeClock) -> ZoomSandbox:
    return ZoomSandbox(clock)
