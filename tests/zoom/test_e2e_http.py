"""The real client against the sandbox served over real HTTP on 127.0.0.1 (no mocks in between)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from zoomops.app.connect import open_client
from zoomops.common.clock import FakeClock
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.faults import FaultPlan, FaultRule
from zoomops.sandbox.server import SandboxServer
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.config import ZoomConfig
from zoomops.zoom.errors import ZoomNotFound, ZoomOutcomeUnknown, ZoomValidationError
from zoomops.zoom.models import Livestream, PanelistIn, WebinarCreate


@pytest.fixture
def server(clock: FakeClock) -> Iterator[SandboxServer]:
    sandbox = ZoomSandbox(clock, live_events_for_webinars=True)
    with SandboxServer(sandbox) as running:
        yield running


@pytest.fixture
def http_client(server: SandboxServer, clock: FakeClock, tmp_path: Path) -> ZoomClient:
    creds = server.sandbox.credentials()
    env = {**creds.env(), "ZOOM_API_URL": f"{server.url}/v2", "ZOOM_OAUTH_URL": f"{server.url}/oauth/token"}
    config = ZoomConfig.model_validate(env)
    assert config.mode == "zoom"
    return open_client(config, state_dir=tmp_path, clock=clock, stderr=io.StringIO())


def test_full_lifecycle_over_http(http_client: ZoomClient, server: SandboxServer, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    client = http_client
    host = client.get_user("me")
    created = client.create_webinar(host.email or "me", WebinarCreate(
        topic="Forum session 1", type=5, start_time="2022-09-06T09:00:00Z", duration=90, timezone="Asia/Seoul",
        agenda="agenda", settings={"approval_type": 2, "practice_session": True, "email_language": "ko-KO",
                                   "language_interpretation": {"enable": True, "interpreters": [
                                       {"email": "interp@example.com", "languages": "US,KR"}]}}))
    assert created.join_url and created.host_email == host.email
    fetched = client.get_webinar(created.id)
    assert fetched.topic == "Forum session 1"
    client.update_webinar(created.id, {"agenda": "updated", "settings": {"hd_video": True}})
    assert client.get_webinar(created.id).agenda == "updated"
    assert created.id in [w.id for w in client.list_webinars(host.email or "me")]

    people = [PanelistIn(email=f"p{i}@example.com", name=f"Panelist {i}") for i in range(35)]
    client.add_panelists(created.id, people[:30])
    client.add_panelists(created.id, people[30:])
    listed = client.list_panelists(created.id)
    assert {p.email for p in listed} >= {p.email for p in people}
    assert all(p.join_url for p in listed)
    client.delete_panelist(created.id, "p0@example.com")
    assert "p0@example.com" not in {p.email for p in client.list_panelists(created.id)}

    client.update_livestream(created.id, Livestream(stream_url="rtmp://live.example.org/app", stream_key="k",
                                                    page_url="https://example.org/live", resolution="720p"))
    server.sandbox.start_webinar(created.id)
    client.in_meeting_event(created.id, "recording.start")
    client.livestream_status(created.id, "start")
    client.end_webinar(created.id)
    client.delete_all_panelists(created.id)
    assert client.list_panelists(created.id) == []
    with pytest.raises(ZoomValidationError) as ended:
        client.delete_webinar(created.id)
    assert ended.value.code == 3007

    spare = client.create_webinar("me", WebinarCreate(topic="spare", type=5, start_time="2022-09-07T09:00:00Z",
                                                      duration=30))
    client.delete_webinar(spare.id)
    with pytest.raises(ZoomNotFound) as info:
        client.get_webinar(spare.id)
    assert info.value.code == 3001 and info.value.tracking_id
    token = client.session.tokens.current
    assert token is not None and token.value not in caplog.text


def test_validation_error_over_http(http_client: ZoomClient) -> None:
    settings = {"language_interpretation": {"enable": True, "interpreters": [
        {"email": "i@example.com", "languages": "en,ko"}]}}  # ISO codes: Zoom wants country IDs (US,KR)
    with pytest.raises(ZoomValidationError) as info:
        http_client.create_webinar("me", WebinarCreate(topic="x", settings=settings))
    assert (info.value.http_status, info.value.code) == (400, 300)
    assert info.value.errors[0]["field"] == "settings.language_interpretation.interpreters[0].languages"


def test_dropped_post_is_outcome_unknown_and_sent_once(http_client: ZoomClient, server: SandboxServer) -> None:
    created = http_client.create_webinar("me", WebinarCreate(topic="drop", type=5,
                                                              start_time="2022-09-06T09:00:00Z", duration=30))
    server.sandbox.set_faults(FaultPlan(rules=[FaultRule(kind="commit_then_fail", method="POST",
                                                         path="/panelists$", outcome="drop", times=1)]))
    before = http_client.calls["POST"]
    with pytest.raises(ZoomOutcomeUnknown):
        http_client.add_panelists(created.id, [{"email": "late@example.com", "name": "Late"}])
    assert http_client.calls["POST"] == before + 1
    assert [p.email for p in http_client.list_panelists(created.id)] == ["late@example.com"]  # it did land


def test_expired_token_is_refreshed_over_http(http_client: ZoomClient, server: SandboxServer) -> None:
    http_client.get_user("me")
    server.sandbox.expire_tokens()
    assert http_client.get_user("me").id
    assert http_client.session.tokens.fetches == 2
