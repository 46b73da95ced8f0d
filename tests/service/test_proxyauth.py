"""Behind a reverse proxy: the user header is trusted only on requests from the configured proxy addresses,
mapped to a role; from anywhere else the header is ignored (tokens still work)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.service.conftest import Harness
from zoomops.service.auth import ProxyAuth, Role, Tokens
from zoomops.service.metrics import ServiceMetrics
from zoomops.service.server import ServiceServer
from zoomops.service.web import ServiceWeb


def serve(harness: Harness, proxy: ProxyAuth) -> tuple[ServiceServer, Tokens]:
    tokens = Tokens.load_or_create(harness.state)
    web = ServiceWeb(harness.service, tokens, ServiceMetrics(), harness.ops.budget, lambda: True, proxy=proxy)
    server = ServiceServer(web.app())
    server.start()
    return server, tokens


@pytest.fixture
def planned(harness: Harness) -> Iterator[tuple[Harness, str]]:
    harness.drop()
    harness.service.tick()
    record = harness.service.store.get("forum.yaml")
    assert record is not None and record.plan_digest
    yield harness, record.plan_digest


def test_the_proxy_user_gets_the_mapped_role(planned: tuple[Harness, str]) -> None:
    harness, digest = planned
    proxy = ProxyAuth.parse("127.0.0.1", "X-Auth-User", organizers="Alice@Example.org", viewers="*")
    server, _ = serve(harness, proxy)
    try:
        as_bob = {"X-Auth-User": "bob@example.org"}
        assert requests.get(server.url + "/api/events", headers=as_bob, timeout=10).status_code == 200
        refused = requests.post(server.url + "/api/events/forum.yaml/approve", headers=as_bob,
                                json={"digest": digest}, timeout=30)
        assert refused.status_code == 403 and harness.sandbox.snapshot()["webinars"] == {}
        page = requests.get(server.url + "/", headers={"X-Auth-User": "alice@example.org"}, timeout=10)
        assert page.status_code == 200 and "Approve" in page.text  # no sign-in page: the proxy signed her in
        done = requests.post(server.url + "/api/events/forum.yaml/approve", json={"digest": digest}, timeout=30,
                             headers={"x-auth-user": "alice@example.org"})
        assert done.status_code == 200 and done.json()["state"] == "provisioned"
        assert requests.get(server.url + "/api/events", timeout=10).status_code == 401  # no header, no token
    finally:
        server.stop()


def test_a_request_not_from_the_proxy_cannot_use_the_header(planned: tuple[Harness, str]) -> None:
    harness, digest = planned
    proxy = ProxyAuth.parse("10.9.9.9, 192.168.0.0/24", organizers="*")  # this test connects from 127.0.0.1
    server, tokens = serve(harness, proxy)
    try:
        forged = {"X-Forwarded-User": "mallory", "X-Forwarded-For": "10.9.9.9", "X-Real-IP": "10.9.9.9"}
        assert requests.get(server.url + "/api/events", headers=forged, timeout=10).status_code == 401
        refused = requests.post(server.url + "/api/events/forum.yaml/approve", headers=forged,
                                json={"digest": digest}, timeout=30)
        assert refused.status_code == 401 and harness.sandbox.snapshot()["webinars"] == {}
        assert "Sign in" in requests.get(server.url + "/", headers=forged, timeout=10).text
        viewer = {"Authorization": f"Bearer {tokens.first(Role.VIEWER)}", **forged}
        assert requests.get(server.url + "/api/events", headers=viewer, timeout=10).status_code == 200
        as_viewer = requests.post(server.url + "/api/events/forum.yaml/approve", headers=viewer,
                                  json={"digest": digest}, timeout=30)
        assert as_viewer.status_code == 403  # the token's role, not the header's
    finally:
        server.stop()


def test_unmapped_user_has_no_role_and_bad_settings_are_refused() -> None:
    proxy = ProxyAuth.parse("::1, 127.0.0.0/8", organizers="alice", viewers="bob")
    assert proxy.user("127.0.0.5", {"x-forwarded-user": " alice "}) == "alice"
    assert proxy.user("10.0.0.1", {"x-forwarded-user": "alice"}) is None
    assert proxy.user(None, {"x-forwarded-user": "alice"}) is None
    assert proxy.user("::1", {"x-forwarded-user": ""}) is None
    assert (proxy.role("ALICE"), proxy.role("bob"), proxy.role("carol")) == (Role.ORGANIZER, Role.VIEWER, None)
    with pytest.raises(ValueError):
        ProxyAuth.parse("not-an-address")
    with pytest.raises(ValueError):
        ProxyAuth.parse(" , ")
