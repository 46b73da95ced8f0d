"""The service's HTTP side on a real port: roles (401/403), approve through the API, the console, OpenAPI,
/healthz, /readyz, /metrics; tokens in a 0600 file and never in the logs."""

from __future__ import annotations

import io
import json
import logging
import stat
import threading
from collections.abc import Iterator

import pytest
import requests

from tests.service.conftest import Harness
from zoomops.service.auth import TOKENS_FILE, Role, Tokens
from zoomops.service.logs import json_logs
from zoomops.service.metrics import ServiceMetrics
from zoomops.service.server import ServiceServer
from zoomops.service.store import Lifecycle
from zoomops.service.web import ServiceWeb


class Served:
    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.tokens = Tokens.load_or_create(harness.state)
        self.metrics = ServiceMetrics()
        harness.app.client().add_call_observer(self.metrics.zoom_call)
        self.ready = threading.Event()
        web = ServiceWeb(harness.service, self.tokens, self.metrics, harness.ops.budget, self.ready.is_set)
        self.server = ServiceServer(web.app())
        self.server.start()

    def get(self, path: str, role: Role | None = None) -> requests.Response:
        return requests.get(self.server.url + path, headers=self._auth(role), timeout=10, allow_redirects=False)

    def post(self, path: str, role: Role | None, body: object) -> requests.Response:
        return requests.post(self.server.url + path, headers=self._auth(role), json=body, timeout=30,
                             allow_redirects=False)

    def _auth(self, role: Role | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens.first(role)}"} if role else {}


@pytest.fixture
def served(harness: Harness) -> Iterator[Served]:
    s = Served(harness)
    yield s
    s.server.stop()


def _planned(served: Served) -> str:
    served.harness.drop()
    served.harness.service.tick()
    rec = served.harness.service.store.get("forum.yaml")
    assert rec is not None and rec.plan_digest is not None
    return rec.plan_digest


def test_tokens_file_is_private_and_the_repr_shows_no_token(served: Served) -> None:
    path = served.harness.state / TOKENS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert set(data) == {"organizer", "viewer"}
    assert data["organizer"][0] not in repr(served.tokens) and repr(served.tokens) == \
        "Tokens({'organizer': 1, 'viewer': 1})"


def test_roles_no_token_401_viewer_reads_but_cannot_approve_403(served: Served) -> None:
    digest = _planned(served)
    assert served.get("/api/events").status_code == 401
    assert served.get("/api/events", Role.VIEWER).json()["events"][0]["state"] == "planned"
    assert requests.get(served.server.url + "/api/events", headers={"Authorization": "Bearer nope"},
                        timeout=10).status_code == 401
    refused = served.post("/api/events/forum.yaml/approve", Role.VIEWER, {"digest": digest})
    assert refused.status_code == 403
    assert served.harness.sandbox.snapshot()["webinars"] == {}
    assert served.post("/api/events/forum.yaml/approve", None, {"digest": digest}).status_code == 401


def test_organizer_approves_through_the_api(served: Served) -> None:
    digest = _planned(served)
    event = served.get("/api/events/forum.yaml", Role.VIEWER).json()
    assert event["plan_digest"] == digest
    assert event["plan_text"].startswith("+ create webinar event: 2022 UN DESA-KRILA Forum")
    assert event["lease"]["holder"] == "alpha" and event["lease"]["token"] == 1
    assert served.post("/api/events/forum.yaml/approve", Role.ORGANIZER, {"digest": "0" * 16}).status_code == 409
    assert served.post("/api/events/forum.yaml/approve", Role.ORGANIZER, {}).status_code == 400
    done = served.post("/api/events/forum.yaml/approve", Role.ORGANIZER, {"digest": digest})
    assert done.status_code == 200 and done.json()["state"] == "provisioned"
    assert len(served.harness.sandbox.snapshot()["webinars"]) == 1
    assert served.get("/api/budget", Role.VIEWER).json() == {"used": 1, "limit": 100}
    assert served.get("/api/events/nope.yaml", Role.VIEWER).status_code == 404


def test_reject_leaves_zoom_alone(served: Served) -> None:
    digest = _planned(served)
    answer = served.post("/api/events/forum.yaml/reject", Role.ORGANIZER, {"digest": digest})
    assert answer.status_code == 200 and answer.json()["last_error"] == f"plan {digest} rejected by organizer"
    assert served.harness.sandbox.snapshot()["webinars"] == {}
    assert served.harness.service.store.get("forum.yaml").state is Lifecycle.PLANNED  # type: ignore[union-attr]


def test_openapi_document_describes_the_api(served: Served) -> None:
    doc = served.get("/openapi.json").json()
    assert doc["openapi"] == "3.0.3"
    assert sorted(doc["paths"]) == ["/api/budget", "/api/events", "/api/events/{key}",
                                    "/api/events/{key}/approve", "/api/events/{key}/reject"]
    assert set(doc["paths"]["/api/events/{key}/approve"]["post"]["responses"]) == {"200", "401", "403", "409"}
    assert doc["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}


def test_health_readiness_and_metrics(served: Served) -> None:
    assert (served.get("/healthz").status_code, served.get("/healthz").json()) == (200, {"ok": True})
    assert served.get("/readyz").status_code == 503
    served.ready.set()
    assert served.get("/readyz").json() == {"ready": True}
    _planned(served)
    assert served.get("/metrics").status_code == 401
    text = served.get("/metrics", Role.VIEWER).text
    assert 'zoomops_events{state="planned"} 1.0' in text and 'zoomops_events{state="draft"} 0.0' in text
    assert 'zoomops_lease_holder{event="forum.yaml",holder="alpha",token="1"} 1.0' in text
    assert 'zoomops_zoom_calls_total{method="GET",status="200"} 1.0' in text
    assert 'zoomops_zoom_calls_total{method="GET",status="404"} 1.0' in text
    assert 'zoomops_zoom_category_calls_total{category="Light"} 1.0' in text  # GET user
    assert 'zoomops_zoom_category_calls_total{category="Medium"} 1.0' in text  # GET the host's webinars
    assert 'zoomops_zoom_rate_limited_total{category="Medium",type="QPS"} 0.0' in text
    assert "zoomops_cue_lateness_seconds" in text


def test_console_login_cookie_and_approve_buttons_for_organizers_only(served: Served) -> None:
    digest = _planned(served)
    assert "Sign in" in served.get("/").text
    viewer = requests.Session()
    bad = viewer.post(served.server.url + "/login", data={"token": "wrong"}, timeout=10)
    assert bad.status_code == 401 and "not valid" in bad.text
    viewer.post(served.server.url + "/login", data={"token": served.tokens.first(Role.VIEWER)}, timeout=10)
    page = viewer.get(served.server.url + "/", timeout=10).text
    assert "Daily create/update budget: 0 of 100 used today by zoomops." in page
    assert 'class="state planned">planned' in page and "Approve and apply" not in page
    assert viewer.post(served.server.url + "/console/forum.yaml/approve", data={"digest": digest},
                       timeout=10).status_code == 403
    organizer = requests.Session()
    organizer.post(served.server.url + "/login", data={"token": served.tokens.first(Role.ORGANIZER)}, timeout=10)
    assert "Approve and apply" in organizer.get(served.server.url + "/", timeout=10).text
    organizer.post(served.server.url + "/console/forum.yaml/approve", data={"digest": digest}, timeout=30)
    assert served.harness.service.store.get("forum.yaml").state is Lifecycle.PROVISIONED  # type: ignore[union-attr]


def test_logs_are_json_lines_without_tokens(served: Served) -> None:
    out = io.StringIO()
    handler = json_logs(out)
    try:
        digest = _planned(served)
        served.post("/api/events/forum.yaml/approve", Role.ORGANIZER, {"digest": digest})
    finally:
        logging.getLogger("zoomops").removeHandler(handler)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {"msg": "applied", "event": "forum.yaml", "by": "organizer"}.items() <= lines[-1].items()
    assert all(t not in out.getvalue() for t in (served.tokens.first(Role.ORGANIZER), served.tokens.first(Role.VIEWER)))
