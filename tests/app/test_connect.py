"""connect / open_client: the sandbox banner, mount and controls, real-Zoom wiring, partial credentials."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
import responses

from tests.zoom.conftest import token_json
from zoomops.app.connect import connect, open_client
from zoomops.common.clock import FakeClock
from zoomops.common.diagnostics import InputError
from zoomops.zoom.config import ZoomConfig
from zoomops.zoom.models import WebinarCreate


def test_sandbox_mode_prints_banner_once_and_round_trips(tmp_path: Path, clock: FakeClock) -> None:
    err = io.StringIO()
    client = open_client(ZoomConfig.model_validate({}), state_dir=tmp_path, clock=clock, stderr=err)
    assert err.getvalue() == (f"zoomops: no Zoom credentials — using the embedded Zoom sandbox (state in "
                              f"{tmp_path / 'sandbox.json'}); nothing reaches Zoom\n")
    created = client.create_webinar("me", WebinarCreate(topic="Sandbox session", type=5, duration=30,
                                                        start_time="2022-09-06T09:00:00Z"))
    client.add_panelists(created.id, [{"email": "p@example.com", "name": "P"}])
    assert err.getvalue().count("\n") == 1
    assert (tmp_path / "sandbox.json").is_file()
    assert stat.S_IMODE((tmp_path / "token.json").stat().st_mode) == 0o600
    again = open_client(ZoomConfig.model_validate({}), state_dir=tmp_path, clock=clock, stderr=io.StringIO())
    assert again.get_webinar(created.id).topic == "Sandbox session"
    assert [p.email for p in again.list_panelists(created.id)] == ["p@example.com"]
    assert again.session.tokens.fetches == 0  # the first process's token came from token.json
    assert client.calls == {"POST": 2}


def test_zoom_mode_uses_configured_urls(tmp_path: Path, clock: FakeClock) -> None:
    env = {"ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "c", "ZOOM_CLIENT_SECRET": "s",
           "ZOOM_API_URL": "https://api.example.test/v2", "ZOOM_OAUTH_URL": "https://auth.example.test/token",
           "ZOOM_CONNECT_TIMEOUT": "2", "ZOOM_READ_TIMEOUT": "9"}
    err = io.StringIO()
    client = open_client(ZoomConfig.model_validate(env), state_dir=tmp_path, clock=clock, stderr=err)
    assert err.getvalue() == ""
    with responses.RequestsMock() as mock:
        mock.post("https://auth.example.test/token", json=token_json(api_url="https://api-eu.zoom.us"))
        mock.get("https://api.example.test/v2/users/me", json={"id": "u"})
        assert client.get_user().id == "u"
        assert mock.calls[1].request.req_kwargs["timeout"] == (2.0, 9.0)


def test_partial_credentials_refuse_to_open(tmp_path: Path, clock: FakeClock) -> None:
    with pytest.raises(InputError):
        open_client(ZoomConfig.model_validate({"ZOOM_CLIENT_ID": "c"}), state_dir=tmp_path, clock=clock)
    assert not (tmp_path / "sandbox.json").exists()


def test_the_sandbox_connection_exposes_its_typed_controls(tmp_path: Path, clock: FakeClock) -> None:
    """In sandbox mode the connection carries the sandbox itself: controls are method calls, not URLs."""
    connection = connect(ZoomConfig(), state_dir=tmp_path, clock=clock, stderr=io.StringIO())
    assert connection.sandbox is not None
    created = connection.client.create_webinar("me", WebinarCreate(topic="Live", type=5, duration=30,
                                                                   start_time="2022-09-06T09:00:00Z"))
    connection.sandbox.start_webinar(created.id)
    assert connection.sandbox.webinar_record(created.id)["status"] == "started"
    assert connection.client.calls == {"POST": 1}  # the create only: a control call is no API call
    connection.sandbox.add_user("host@example.org")
    assert connection.client.get_user("host@example.org").email == "host@example.org"
    # Another process (a second connection on the same state file) sees what the controls changed.
    again = connect(ZoomConfig(), state_dir=tmp_path, clock=clock, stderr=io.StringIO())
    assert again.sandbox is not None and again.sandbox.webinar_record(created.id)["status"] == "started"


def test_real_zoom_has_no_sandbox_controls(tmp_path: Path, clock: FakeClock) -> None:
    config = ZoomConfig.model_validate({"ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "c", "ZOOM_CLIENT_SECRET": "s"})
    assert connect(config, state_dir=tmp_path, clock=clock, stderr=io.StringIO()).sandbox is None
