"""Fixtures for the Zoom client: a FakeClock, a mocked Zoom (responses) and an authenticated session."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
import responses
from pydantic import SecretStr

from zoomops.common.clock import FakeClock
from zoomops.zoom.auth import Credentials
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.ratelimit import Pacer
from zoomops.zoom.session import RetryPolicy, ZoomSession
from zoomops.zoom.tokens import TokenStore

API = "https://api.zoom.us/v2"
OAUTH = "https://zoom.us/oauth/token"
ACCOUNT = "acct-123"
CLIENT_ID = "client-abc"
CLIENT_SECRET = "sEcReT-client-value-42"
TOKEN = "tok-ONE-very-secret"
TOKEN2 = "tok-TWO-very-secret"
BASIC = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
CREDS = Credentials(ACCOUNT, CLIENT_ID, SecretStr(CLIENT_SECRET))


def token_json(value: str = TOKEN, expires_in: int = 3600, scope: str = "webinar:read:admin webinar:write:admin",
               api_url: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"access_token": value, "token_type": "bearer", "expires_in": expires_in,
                               "scope": scope}
    if api_url:
        body["api_url"] = api_url
    return body


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def make_session(clock: FakeClock, state_dir: Path | None = None, *, pacer: Pacer | None = None,
                 retry: RetryPolicy | None = None, rng: float = 0.0, api_url: str = API,
                 explicit: bool = True) -> ZoomSession:
    session = ZoomSession(clock, timeout=(5.0, 30.0), pacer=pacer, retry=retry, rng=lambda: rng)
    store = TokenStore(state_dir) if state_dir is not None else None
    session.use_credentials(CREDS, oauth_url=OAUTH, api_url=api_url, api_url_explicit=explicit, store=store)
    return session


@pytest.fixture
def session(clock: FakeClock, tmp_path: Path) -> ZoomSession:
    return make_session(clock, tmp_path / "state")


@pytest.fixture
def client(session: ZoomSession) -> ZoomClient:
    return ZoomClient(session)


@pytest.fixture
def token_ok(mock: responses.RequestsMock) -> responses.BaseResponse:
    return mock.post(OAUTH, json=token_json())


def api_calls(mock: responses.RequestsMock) -> list[responses.Call]:
    return [c for c in mock.calls if c.request.url and c.request.url.startswith(API)]


def token_calls(mock: responses.RequestsMock) -> list[responses.Call]:
    return [c for c in mock.calls if c.request.url == OAUTH]
