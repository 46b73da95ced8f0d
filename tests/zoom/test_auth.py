"""Server-to-Server OAuth: the token request, caching in memory and on disk, renewal, 401 handling."""

from __future__ import annotations

import json
import stat
import threading
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import responses

from zoomops.common.clock import FakeClock
from zoomops.zoom.errors import ZoomAuthError
from zoomops.zoom.tokens import TOKEN_FILE

from .conftest import (
    API,
    BASIC,
    CLIENT_SECRET,
    OAUTH,
    TOKEN,
    TOKEN2,
    api_calls,
    make_session,
    token_calls,
    token_json,
)


def test_token_request_is_exact_and_bearer_is_used(mock: responses.RequestsMock, session, token_ok) -> None:
    mock.get(f"{API}/users/me", json={"id": "u1"})
    session.get("users/me")
    [tok] = token_calls(mock)
    assert tok.request.method == "POST"
    assert tok.request.headers["Authorization"] == BASIC
    assert tok.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(tok.request.body) == {"grant_type": ["account_credentials"], "account_id": ["acct-123"]}
    [call] = api_calls(mock)
    assert call.request.url == f"{API}/users/me"
    assert call.request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert call.request.req_kwargs["timeout"] == (5.0, 30.0)
    assert tok.request.req_kwargs["timeout"] == (5.0, 30.0)


def test_token_reused_from_memory(mock: responses.RequestsMock, session, token_ok) -> None:
    mock.get(f"{API}/users/me", json={"id": "u1"})
    for _ in range(3):
        session.get("users/me")
    assert len(token_calls(mock)) == 1
    assert len(api_calls(mock)) == 3
    assert session.tokens.fetches == 1


def test_token_reused_from_state_file_by_another_session(mock, clock: FakeClock, tmp_path: Path, token_ok) -> None:
    mock.get(f"{API}/users/me", json={"id": "u1"})
    make_session(clock, tmp_path).get("users/me")
    second = make_session(clock, tmp_path)
    second.get("users/me")
    assert len(token_calls(mock)) == 1
    assert second.tokens.fetches == 0
    path = tmp_path / TOKEN_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert CLIENT_SECRET not in text and "acct-123" not in text and "client-abc" not in text
    [entry] = json.loads(text).values()
    assert entry["access_token"] == TOKEN
    assert entry["expires_at"] == "2022-09-01T01:00:00+00:00"


def test_expired_state_file_token_is_not_used(mock, clock: FakeClock, tmp_path: Path) -> None:
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.get(f"{API}/users/me", json={"id": "u1"})
    make_session(clock, tmp_path).get("users/me")
    clock.advance(3600 - 59)
    mock.replace(responses.POST, OAUTH, json=token_json(TOKEN2))
    make_session(clock, tmp_path).get("users/me")
    assert len(token_calls(mock)) == 2
    assert api_calls(mock)[-1].request.headers["Authorization"] == f"Bearer {TOKEN2}"


def test_renewed_60_seconds_before_expiry(mock, session, clock: FakeClock) -> None:
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.get(f"{API}/users/me", json={"id": "u1"})
    session.get("users/me")
    clock.advance(3600 - 61)  # 61 s left: still good
    session.get("users/me")
    assert len(token_calls(mock)) == 1
    mock.replace(responses.POST, OAUTH, json=token_json(TOKEN2))
    clock.advance(1)  # exactly 60 s left: renew
    session.get("users/me")
    assert len(token_calls(mock)) == 2
    assert [c.request.headers["Authorization"] for c in api_calls(mock)] == [
        f"Bearer {TOKEN}", f"Bearer {TOKEN}", f"Bearer {TOKEN2}"]


def test_401_refreshes_once_and_retries(mock, session) -> None:
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.post(OAUTH, json=token_json(TOKEN2))
    mock.get(f"{API}/users/me", status=401, json={"code": 124, "message": "Invalid access token."})
    mock.get(f"{API}/users/me", json={"id": "u1"})
    response = session.get("users/me")
    assert response.status_code == 200
    assert len(token_calls(mock)) == 2
    assert [c.request.headers["Authorization"] for c in api_calls(mock)] == [f"Bearer {TOKEN}", f"Bearer {TOKEN2}"]


def test_second_401_is_returned_not_looped(mock, client) -> None:
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.get(f"{API}/users/me", status=401, json={"code": 124, "message": "Invalid access token."})
    with pytest.raises(ZoomAuthError) as info:
        client.get_user("me")
    assert len(api_calls(mock)) == 2
    assert len(token_calls(mock)) == 2
    assert info.value.code == 124
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)


def test_refused_credentials_raise_auth_error_without_secret(mock, client) -> None:
    mock.post(OAUTH, status=401, json={"reason": "Invalid client.", "error": "invalid_client", "code": 4702})
    with pytest.raises(ZoomAuthError) as info:
        client.get_user("me")
    assert str(info.value) == "Zoom POST /oauth/token: HTTP 401 code 4702: token request refused: Invalid client."
    assert CLIENT_SECRET not in str(info.value)
    assert api_calls(mock) == []


def test_scopes_and_regional_api_url_from_token(mock, clock: FakeClock) -> None:
    session = make_session(clock, explicit=False)
    mock.post(OAUTH, json=token_json(scope="user:read:admin webinar:read:admin", api_url="https://api-eu.zoom.us"))
    mock.get("https://api-eu.zoom.us/v2/users/me", json={"id": "u1"})
    session.get("users/me")
    assert mock.calls[-1].request.url == "https://api-eu.zoom.us/v2/users/me"
    assert session.tokens.current.scopes == frozenset({"user:read:admin", "webinar:read:admin"})
    assert session.api_base() == "https://api-eu.zoom.us/v2"


def test_explicit_api_url_wins_over_regional(mock, session) -> None:
    mock.post(OAUTH, json=token_json(api_url="https://api-eu.zoom.us"))
    mock.get(f"{API}/users/me", json={"id": "u1"})
    session.get("users/me")
    assert mock.calls[-1].request.url == f"{API}/users/me"


def test_one_refresh_for_many_threads(mock, session) -> None:
    mock.post(OAUTH, json=token_json())
    barrier = threading.Barrier(8)
    seen: list[str] = []

    def worker() -> None:
        barrier.wait()
        seen.append(session.tokens.token().value)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [TOKEN] * 8
    assert len(token_calls(mock)) == 1


def test_force_refresh_skips_when_another_thread_already_refreshed(mock, session) -> None:
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.post(OAUTH, json=token_json(TOKEN2))
    stale = session.tokens.token()
    assert session.tokens.force_refresh(stale).value == TOKEN2
    assert session.tokens.force_refresh(stale).value == TOKEN2  # the stale one was already replaced
    assert len(token_calls(mock)) == 2
