"""No token or client secret in any repr, exception message or log record."""

from __future__ import annotations

import logging

import pytest
import requests

from zoomops.zoom.errors import ZoomAPIError, ZoomAuthError, ZoomOutcomeUnknown
from zoomops.zoom.models import Livestream, WebinarCreate

from .conftest import API, CLIENT_SECRET, CREDS, OAUTH, TOKEN, TOKEN2, token_json

SECRETS = (TOKEN, TOKEN2, CLIENT_SECRET)


def clean(text: str) -> bool:
    return not any(s in text for s in SECRETS)


def test_nothing_secret_reaches_logs_reprs_or_errors(mock, client, session, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.post(OAUTH, json=token_json(TOKEN2))
    mock.get(f"{API}/webinars/1", status=401, json={"code": 124, "message": "Invalid access token."})
    mock.get(f"{API}/webinars/1", status=401, json={"code": 124, "message": "Invalid access token."})
    mock.post(f"{API}/users/me/webinars", body=requests.ReadTimeout(f"timed out; Authorization: Bearer {TOKEN}"))
    errors: list[Exception] = []
    for call in (lambda: client.get_webinar(1), lambda: client.create_webinar("me", WebinarCreate(topic="t"))):
        with pytest.raises((ZoomAuthError, ZoomOutcomeUnknown)) as info:
            call()
        errors.append(info.value)
    token = session.tokens.current
    texts = [caplog.text, repr(client), repr(session), repr(session.tokens), repr(token), str(token), repr(CREDS),
             str(CREDS)]
    texts += [str(e) for e in errors] + [repr(e) for e in errors]
    assert all(clean(t) for t in texts), [t for t in texts if not clean(t)]
    assert token is not None and token.value == TOKEN2


def test_livestream_key_not_in_repr() -> None:
    live = Livestream(stream_url="rtmp://x", stream_key="STREAMKEY", page_url="https://x")
    assert "STREAMKEY" not in repr(live)


def test_error_body_is_reported_not_request_headers(mock, client) -> None:
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.get(f"{API}/webinars/2", status=403, json={"code": 200, "message": "No permission."})
    with pytest.raises(ZoomAPIError) as info:
        client.get_webinar(2)
    assert str(info.value) == "Zoom GET /v2/webinars/2: HTTP 403 code 200: No permission."


def test_requests_are_logged_without_secrets(mock, client, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="zoomops.zoom.session")
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.get(f"{API}/users/me", json={"id": "u"})
    client.get_user()
    assert [r.getMessage() for r in caplog.records] == ["zoom GET /v2/users/me -> 200"]
