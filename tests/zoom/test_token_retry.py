"""`POST /oauth/token` is retried like an idempotent call; the token cache is keyed by the credentials."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
import requests
import responses
from click.testing import CliRunner
from pydantic import SecretStr

from zoomops.cli.main import cli
from zoomops.common.clock import FakeClock
from zoomops.zoom.auth import Credentials
from zoomops.zoom.backoff import RetryPolicy
from zoomops.zoom.errors import ZoomAPIError, ZoomAuthError, ZoomRateLimited
from zoomops.zoom.session import ZoomSession
from zoomops.zoom.tokens import TokenStore, cache_key

from .conftest import ACCOUNT, API, CLIENT_ID, OAUTH, TOKEN, api_calls, make_session, token_calls, token_json
from .test_doctor import REAL

INVALID_CLIENT = {"reason": "Invalid client.", "error": "invalid_client", "code": 4702}


def test_5xx_and_dropped_connection_are_retried_with_backoff(mock: responses.RequestsMock, clock: FakeClock,
                                                             tmp_path: Path) -> None:
    mock.post(OAUTH, status=503, json={"code": 503, "message": "Service Unavailable"})
    mock.post(OAUTH, body=requests.ConnectionError("connection reset by peer"))
    mock.post(OAUTH, json=token_json())
    mock.get(f"{API}/users/me", json={"id": "u1"})
    session = make_session(clock, tmp_path)
    session.get("users/me")
    assert len(token_calls(mock)) == 3 and session.tokens is not None
    assert (session.tokens.attempts, session.tokens.fetches) == (3, 1)
    assert clock.sleeps == [0.5, 1.0]  # backoff 0.5 * 2^(n-1), jitter 0 (rng 0)
    assert api_calls(mock)[0].request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_429_waits_what_zoom_asks(mock: responses.RequestsMock, clock: FakeClock, tmp_path: Path) -> None:
    mock.post(OAUTH, status=429, headers={"Retry-After": "3"},
              json={"code": 429, "message": "You have reached the maximum per-second rate limit for this API."})
    mock.post(OAUTH, json=token_json())
    session = make_session(clock, tmp_path)
    assert session.tokens is not None and session.tokens.token().value == TOKEN
    assert clock.sleeps == [3.0]


def test_429_without_retry_after_waits_the_qps_pause(mock: responses.RequestsMock, clock: FakeClock,
                                                     tmp_path: Path) -> None:
    mock.post(OAUTH, status=429, json={"code": 429, "message": "rate limit"})
    mock.post(OAUTH, json=token_json())
    session = make_session(clock, tmp_path, rng=0.5)
    assert session.tokens is not None and session.tokens.token().value == TOKEN
    assert clock.sleeps == [1.25]  # qps_wait 1.0 + jitter 0.5 * 0.5


def test_429_asking_for_longer_than_max_wait_fails_at_once(mock: responses.RequestsMock, clock: FakeClock,
                                                           tmp_path: Path) -> None:
    mock.post(OAUTH, status=429, headers={"Retry-After": "600"}, json={"code": 429, "message": "rate limit"})
    session = make_session(clock, tmp_path)
    assert session.tokens is not None
    with pytest.raises(ZoomRateLimited):
        session.tokens.token()
    assert len(token_calls(mock)) == 1 and clock.sleeps == []


def test_retries_are_bounded(mock: responses.RequestsMock, clock: FakeClock, tmp_path: Path) -> None:
    mock.post(OAUTH, status=502, json={"code": 502, "message": "Bad Gateway"})
    session = make_session(clock, tmp_path, retry=RetryPolicy(max_tries=4))
    assert session.tokens is not None
    with pytest.raises(ZoomAPIError, match="HTTP 502"):
        session.tokens.token()
    assert len(token_calls(mock)) == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_wrong_credentials_are_not_retried(mock: responses.RequestsMock, clock: FakeClock, tmp_path: Path) -> None:
    mock.post(OAUTH, status=401, json=INVALID_CLIENT)
    session = make_session(clock, tmp_path)
    assert session.tokens is not None
    with pytest.raises(ZoomAuthError, match="token request refused"):
        session.tokens.token()
    assert len(token_calls(mock)) == 1 and clock.sleeps == []


def test_cache_key_covers_the_secret() -> None:
    base = cache_key("acct", "cid", "secret-one", OAUTH)
    assert base == cache_key("acct", "cid", "secret-one", OAUTH)
    assert len({base, cache_key("acct", "cid", "secret-two", OAUTH), cache_key("acct2", "cid", "secret-one", OAUTH),
                cache_key("acct", "cid2", "secret-one", OAUTH), cache_key("acct", "cid", "secret-one", "x")}) == 5
    assert "secret-one" not in base


def _doctor(tmp_path: Path, env: dict[str, str | None]) -> tuple[int, str]:
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(cli, ["doctor", "--json"], env={**env, "ZOOMOPS_STATE_DIR": str(tmp_path / "s")})
    return result.exit_code, result.stdout


def test_doctor_proves_the_credentials_even_with_a_cached_token(tmp_path: Path) -> None:
    user = {"id": "u1", "email": "host@example.com", "status": "active"}
    scopes = "webinar:read:admin webinar:write:admin meeting:write:admin user:read:admin"
    with responses.RequestsMock() as mock:
        mock.post("https://zoom.us/oauth/token", json=token_json(scope=scopes))
        mock.get("https://api.zoom.us/v2/users/me", json=user)
        assert _doctor(tmp_path, REAL)[0] == 0
    assert (tmp_path / "s" / "token.json").exists()  # a valid token is cached now
    with responses.RequestsMock() as mock:  # the app's secret was rotated in Zoom: the cached token proves nothing
        mock.post("https://zoom.us/oauth/token", status=401, json=INVALID_CLIENT)
        code, out = _doctor(tmp_path, REAL)
        assert len(mock.calls) == 1
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert report["errors"] == ["token: Zoom POST /oauth/token: HTTP 401 code 4702: token request refused: "
                                "Invalid client."]


def test_a_wrong_secret_never_uses_the_token_of_the_right_one(tmp_path: Path, clock: FakeClock) -> None:
    with responses.RequestsMock() as mock:
        mock.post(OAUTH, json=token_json())
        make_session(clock, tmp_path).tokens.token()  # type: ignore[union-attr]
    wrong = ZoomSession(clock)
    wrong.use_credentials(Credentials(ACCOUNT, CLIENT_ID, SecretStr("wrong-secret")), oauth_url=OAUTH,
                          api_url=API, api_url_explicit=True, store=TokenStore(tmp_path))
    assert wrong.tokens is not None
    with responses.RequestsMock() as mock:
        mock.post(OAUTH, status=401, json=INVALID_CLIENT)
        with pytest.raises(ZoomAuthError):
            wrong.tokens.token()
        assert len(mock.calls) == 1  # not the cached token of the right secret
    right = make_session(clock, tmp_path)
    assert right.tokens is not None and right.tokens.token().value == TOKEN and right.tokens.attempts == 0
