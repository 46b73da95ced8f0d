"""Reprs of every object that holds a secret, and errors built from responses that echo our credentials."""

from __future__ import annotations

import logging

import pytest
import requests
import responses

from tests.zoom.conftest import API, BASIC, CLIENT_SECRET, CREDS, OAUTH, TOKEN, token_json
from zoomops.app.context import App
from zoomops.app.settings import load_settings
from zoomops.runner.events import RunEvent
from zoomops.runner.notify import ChatWebhook
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.config import ZoomConfig
from zoomops.zoom.errors import ZoomAPIError, ZoomAuthError
from zoomops.zoom.session import ZoomSession

WEBHOOK = "whsec-ECHO-1234567890"
NOTIFY = "notify-ECHO-1234567890"


def test_config_session_client_credentials_and_token_reprs(client: ZoomClient, session: ZoomSession,
                                                            mock: responses.RequestsMock) -> None:
    config = ZoomConfig.model_validate({"ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "c",
                                        "ZOOM_CLIENT_SECRET": CLIENT_SECRET, "ZOOM_WEBHOOK_SECRET_TOKEN": WEBHOOK})
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.get(f"{API}/users/me", json={"id": "u"})
    client.get_user()
    token = session.tokens.current if session.tokens else None
    texts = [repr(config), str(config), str(config.model_dump()), repr(CREDS), str(CREDS), repr(session),
             repr(client), repr(session.tokens), repr(token), str(token)]
    for text in texts:
        assert CLIENT_SECRET not in text and WEBHOOK not in text and TOKEN not in text, text


@pytest.mark.parametrize("body", [
    {"code": 124, "message": f"Invalid access token: Bearer {TOKEN}"},
    {"code": 124, "message": "Invalid header", "errors": [{"field": "Authorization", "message": f"Bearer {TOKEN}"}]},
    {"code": 300, "message": f"bad request; echo: Authorization: {BASIC}"},
    {"reason": f"access_token={TOKEN} rejected", "error": "invalid_request"},
])
def test_errors_from_bodies_that_echo_credentials_are_redacted(mock: responses.RequestsMock, client: ZoomClient,
                                                               body: dict, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.post(OAUTH, json=token_json(TOKEN))
    mock.get(f"{API}/webinars/9", status=401 if body.get("code") == 124 else 400, json=body)
    with pytest.raises(ZoomAPIError) as info:
        client.get_webinar(9)
    err = info.value
    text = " ".join([str(err), repr(err), err.message, str(err.errors), caplog.text])
    assert TOKEN not in text and CLIENT_SECRET not in text and BASIC.split()[1] not in text
    assert "[redacted]" in str(err) or "[redacted]" in str(err.errors)


def test_token_endpoint_refusal_echoing_basic_auth_is_redacted(mock: responses.RequestsMock,
                                                                client: ZoomClient) -> None:
    mock.post(OAUTH, status=401, json={"reason": f"Invalid client: {BASIC}", "error": "invalid_client"})
    with pytest.raises(ZoomAuthError) as info:
        client.get_user()
    assert BASIC.split()[1] not in str(info.value) and "Basic [redacted]" in str(info.value)


def test_chat_webhook_failures_do_not_print_the_url_or_secret(capsys: pytest.CaptureFixture[str]) -> None:
    """Slack and Zoom Team Chat webhook URLs carry their own secret in the path."""
    url = "https://hooks.example.invalid/services/T0/B0/URLSECRET123"
    session = requests.Session()
    with responses.RequestsMock() as mock:
        mock.post(url, body=requests.ConnectionError(f"Max retries exceeded with url: {url}"))
        hook = ChatWebhook(url, "generic", NOTIFY, session=session, attempts=1, wait_seconds=0)
        hook.emit(RunEvent("started", "run started"))
        hook.close()
    err = capsys.readouterr().err
    assert "chat notification failed after retries: ConnectionError" in err
    assert "URLSECRET123" not in err and NOTIFY not in err


def test_settings_and_chat_notifier_reprs_hide_every_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://hooks.example.invalid/services/T0/B0/URLSECRET123"
    for name, value in {"ZOOMOPS_NOTIFY_URL": url, "ZOOMOPS_NOTIFY_SECRET": NOTIFY, "ZOOM_ACCOUNT_ID": "a",
                        "ZOOM_CLIENT_ID": "c", "ZOOM_CLIENT_SECRET": CLIENT_SECRET,
                        "ZOOM_WEBHOOK_SECRET_TOKEN": WEBHOOK}.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(env_file=None)
    chat = App(settings).chat()
    assert chat is not None and (chat.channels["everyone"].url, chat.channels["everyone"].secret) == (url, NOTIFY)
    chat.close()
    texts = [repr(settings), str(settings), str(settings.model_dump()), repr(chat), repr(chat.channels),
             repr(App(settings))]
    for text in texts:
        for secret in (CLIENT_SECRET, WEBHOOK, NOTIFY, "URLSECRET123"):
            assert secret not in text, text
