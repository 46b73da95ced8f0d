"""Connect to Zoom: a `ZoomClient` for real Zoom or, without credentials, for the embedded sandbox."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from zoomops.common.clock import Clock
from zoomops.common.statedir import ensure_state_dir
from zoomops.i18n.translate import _
from zoomops.sandbox.adapter import mount_sandbox
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.state import StateStore
from zoomops.zoom.auth import Credentials
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.config import ZoomConfig
from zoomops.zoom.ratelimit import Pacer
from zoomops.zoom.session import ZoomSession
from zoomops.zoom.tokens import TokenStore

SANDBOX_STATE_FILE = "sandbox.json"


@dataclass(frozen=True)
class Connection:
    """The client, and the embedded sandbox when that is what it talks to (its controls: start a webinar...)."""

    client: ZoomClient
    sandbox: ZoomSandbox | None


def sandbox_banner(state_file: Path) -> str:
    return _("zoomops: no Zoom credentials — using the embedded Zoom sandbox (state in {state}); nothing reaches Zoom"
             ).format(state=state_file)


def build_session(config: ZoomConfig, clock: Clock) -> ZoomSession:
    """A session with the configured timeouts and per-plan pacing, not yet authenticated."""
    return ZoomSession(clock, timeout=(config.connect_timeout, config.read_timeout),
                       pacer=Pacer.for_plan(config.plan, clock))


def connect(config: ZoomConfig, *, state_dir: Path, clock: Clock, session: ZoomSession | None = None,
            stderr: TextIO | None = None) -> Connection:
    """Connect per `config.mode` (a partial credential set raises InputError); `session` overrides the default."""
    mode = config.mode
    session = session or build_session(config, clock)
    store = TokenStore(ensure_state_dir(state_dir))
    if mode == "sandbox":
        sandbox = _use_sandbox(session, state_dir, clock, store, stderr or sys.stderr)
        return Connection(ZoomClient(session), sandbox)
    assert config.account_id and config.client_id and config.client_secret  # guaranteed by config.mode
    credentials = Credentials(config.account_id, config.client_id, config.client_secret)
    session.use_credentials(credentials, oauth_url=config.oauth_url, api_url=config.api_url,
                            api_url_explicit=config.api_url_explicit, store=store)
    return Connection(ZoomClient(session), None)


def open_client(config: ZoomConfig, *, state_dir: Path, clock: Clock, session: ZoomSession | None = None,
                stderr: TextIO | None = None) -> ZoomClient:
    """`connect`, when only the client is needed."""
    return connect(config, state_dir=state_dir, clock=clock, session=session, stderr=stderr).client


def _use_sandbox(session: ZoomSession, state_dir: Path, clock: Clock, store: TokenStore,
                 stderr: TextIO) -> ZoomSandbox:
    state_file = state_dir / SANDBOX_STATE_FILE
    print(sandbox_banner(state_file), file=stderr)
    sandbox = ZoomSandbox(clock, store=StateStore(state_file))
    creds = mount_sandbox(session, clock=clock, sandbox=sandbox)
    secret = SecretStr(creds.client_secret)
    session.use_credentials(Credentials(creds.account_id, creds.client_id, secret), oauth_url=creds.oauth_url,
                            api_url=creds.api_url, api_url_explicit=True, store=store)
    return sandbox
