"""Who runs each event, in the console and the API: the lease (holder, fencing token, expiry) and this instance's
runner, running or FENCED with the reason. Real lease losses: another instance takes the lease of a live event
(SQLite), and a runner on the shared PostgreSQL ledger whose fence runs out before a cue (its own LeaseLost)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.conftest import FORUM
from tests.service.conftest import Harness
from tests.service.postgres import Cluster
from zoomops.app.context import App
from zoomops.app.serve import ServeConfig, assemble
from zoomops.app.serviceextras import AppEventExtras
from zoomops.app.settings import load_settings
from zoomops.common.clock import FakeClock
from zoomops.service.auth import Role, Tokens
from zoomops.service.metrics import ServiceMetrics
from zoomops.service.server import ServiceServer
from zoomops.service.store import Lifecycle, SqliteServiceStore
from zoomops.service.web import ServiceWeb
from zoomops.zoom.config import ZoomConfig

KEY = "forum.yaml"
LIVE_AT = datetime(2022, 9, 5, 23, 0, tzinfo=UTC)  # the forum's pre-flight (T-60)


class Console:
    def __init__(self, harness: Harness) -> None:
        extras = AppEventExtras(harness.app, harness.ops)
        harness.service.extras = extras
        self.tokens = Tokens.load_or_create(harness.state)
        web = ServiceWeb(harness.service, self.tokens, ServiceMetrics(), harness.ops.budget, lambda: True,
                         board_links=extras.links, runner_fenced=extras.runner_fenced)
        self.server = ServiceServer(web.app())
        self.server.start()

    def event(self) -> dict:
        auth = {"Authorization": f"Bearer {self.tokens.first(Role.VIEWER)}"}
        return requests.get(f"{self.server.url}/api/events/{KEY}", headers=auth, timeout=10).json()

    def page(self) -> str:
        auth = {"Authorization": f"Bearer {self.tokens.first(Role.VIEWER)}"}
        return requests.get(self.server.url + "/", headers=auth, timeout=10).text


@pytest.fixture
def console(harness: Harness) -> Iterator[Console]:
    c = Console(harness)
    yield c
    c.server.stop()


def test_the_console_shows_the_lease_and_a_runner_fenced_when_another_instance_took_the_lease(
        harness: Harness, console: Console) -> None:
    harness.drop()
    harness.service.tick()
    record = harness.service.store.get(KEY)
    assert record is not None and console.event()["runner"] is None  # planned: nobody runs it yet
    harness.service.approve(KEY, record.plan_digest or "", "organizer")
    harness.clock.set(LIVE_AT)
    harness.service.tick()
    event = console.event()
    assert event["state"] == "live"
    assert event["lease"] == {"holder": "alpha", "token": 1, "expires_at": "2022-09-05T23:00:30+00:00"}
    assert event["runner"] == {"instance": "alpha", "token": 1, "state": "running", "reason": None, "since": None}
    page = console.page()
    assert 'This console: instance <strong>alpha</strong>.' in page
    assert '<span class="holder">alpha</span> · token 1\n    <span class="quiet">· until 2022-09-05T23:00:30+00:00' \
           in page and "running (token 1)" in page and "FENCED" not in page

    harness.clock.advance(31)  # alpha stalls past its lease: another instance takes the event
    beta = SqliteServiceStore(harness.state)
    try:
        assert beta.acquire(KEY, "beta", harness.clock.now(), timedelta(seconds=30)) is not None
        harness.service.keep_leases()  # alpha's renewal is refused: its runner's fence is lost for good, and
        harness.service._taking.join(30)  # type: ignore[union-attr]  # the takeover pass finds the lease taken:
        harness.service._stopping[KEY].join(30)  # the fenced runner is let go; the console still says why
        assert harness.service.runners == {}
        reason = "the renewal of the lease of forum.yaml was refused: another instance holds it"
        event = console.event()
        assert event["lease"] == {"holder": "beta", "token": 2, "expires_at": "2022-09-05T23:01:01+00:00"}
        assert event["runner"] == {"instance": "alpha", "token": 1, "state": "fenced", "reason": reason,
                                   "since": "2022-09-05T23:00:31+00:00"}
        page = console.page()
        assert (f'<span class="fenced">FENCED</span>\n    <span class="reason">{reason}</span> '
                '<span class="quiet">(let go 2022-09-05T23:00:31+00:00)') in page
        assert '<span class="holder">beta</span> · token 2' in page
    finally:
        beta.close()


def test_the_openapi_description_names_the_lease_and_the_runner(console: Console) -> None:
    doc = requests.get(console.server.url + "/openapi.json", timeout=10).json()
    one = doc["paths"]["/api/events/{key}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    listed = doc["paths"]["/api/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert one == {"$ref": "#/components/schemas/Event"}
    assert listed["properties"]["events"]["items"] == {"$ref": "#/components/schemas/Event"}
    event = doc["components"]["schemas"]["Event"]["properties"]
    assert sorted(event["lease"]["properties"]) == ["expires_at", "holder", "token"]
    assert event["runner"]["properties"]["state"]["enum"] == ["running", "fenced"]
    assert sorted(event["runner"]["properties"]) == ["instance", "reason", "since", "state", "token"]
    assert event["state"]["enum"] == ["draft", "planned", "provisioned", "live", "done", "failed"]


@pytest.mark.postgres
def test_a_runner_fenced_on_the_shared_ledger_shows_its_own_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   postgres_cluster: Cluster) -> None:
    """The assembled service on PostgreSQL (no keeper: the test renews nothing): the fake clock passes the
    fence's deadline before the pre-flight cue, the runner's claim raises LeaseLost, and it stops acting."""
    for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOMOPS_STATE_DIR", "ZOOMOPS_NOTIFY_URL"):
        monkeypatch.delenv(name, raising=False)
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    (schedules / KEY).write_bytes(FORUM.read_bytes())
    clock = FakeClock(datetime(2022, 9, 1, tzinfo=UTC))
    app = App(load_settings(env_file=None), None, clock, zoom=ZoomConfig(), state=tmp_path / "state")
    assembled = assemble(app, ServeConfig(schedules, port=0, poll_seconds=3600, holder="one",
                                          database=postgres_cluster.fresh_dsn(), auto_apply_lead=timedelta(days=30)))
    assembled.ops.threaded = False
    assembled.server.start()  # the HTTP side only: passes and renewals are the test's
    viewer = {"Authorization": f"Bearer {Tokens.load_or_create(app.state_dir).first(Role.VIEWER)}"}
    try:
        assembled.tick()
        assembled.tick()
        clock.set(LIVE_AT - timedelta(seconds=60))  # the runner starts a minute before the pre-flight cue
        assembled.tick()
        assert assembled.service.store.get(KEY).state is Lifecycle.LIVE  # type: ignore[union-attr]
        runner = assembled.service.runners[KEY]
        clock.advance(60)  # the pre-flight cue is due; the last renewal was 60 s ago (lease 3 s, margin 1 s)
        runner.finished()  # the runner fires what is due: its claim is refused before it reaches the database
        why = ("the lease of forum.yaml (token 1) was last renewed 60.0s ago, more than its 3s minus a 1s margin: it "
               "may pass to another instance")
        event = requests.get(f"{assembled.server.url}/api/events/{KEY}", headers=viewer, timeout=10).json()
        assert event["runner"] == {"instance": "one", "token": 1, "state": "fenced", "reason": why, "since": None}
        page = requests.get(assembled.server.url + "/", headers=viewer, timeout=10).text
        assert f'<span class="fenced">FENCED</span>\n    <span class="reason">{why}</span>' in page
        metrics = requests.get(assembled.server.url + "/metrics", headers=viewer, timeout=10).text
        assert 'zoomops_runner_fenced_total{event="forum.yaml"} 1.0' in metrics
    finally:
        assembled.stop()


def test_cue_lateness_is_in_wall_time_when_the_service_runs_compressed(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """At --speed 1000 a cue 500 ms late in event time was 0.5 ms late on the wall clock: the metric says 0.0005."""
    for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOMOPS_STATE_DIR", "ZOOMOPS_NOTIFY_URL"):
        monkeypatch.delenv(name, raising=False)
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    (schedules / KEY).write_bytes(FORUM.read_bytes())
    wall = FakeClock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    app = App(load_settings(env_file=None), None, wall, zoom=ZoomConfig(), state=tmp_path / "state")
    assembled = assemble(app, ServeConfig(schedules, port=0, poll_seconds=3600, holder="one", speed=1000.0,
                                          start_at=LIVE_AT - timedelta(seconds=61), wall_origin=wall.now(),
                                          auto_apply_lead=timedelta(days=30)))
    assembled.ops.threaded = False
    try:
        assembled.tick()
        assembled.tick()
        wall.advance(0.001)  # one event second: a minute before the pre-flight cue, the runner starts
        assembled.tick()
        runner = assembled.service.runners[KEY]
        wall.advance(0.0605)  # 60.5 event seconds: the pre-flight cue (23:00:00) is due, 500 ms late
        runner.finished()
        histogram = assembled.web.metrics.cue_lateness
        [(_, count), (_, total)] = [(s.name, s.value) for s in histogram.collect()[0].samples
                                    if s.name.endswith(("_count", "_sum")) and s.labels == {"event": KEY}]
        assert count == 1.0 and total == pytest.approx(0.0005)
        text = assembled.web.metrics.render(assembled.service.store).decode()
        assert 'zoomops_cue_lateness_seconds_bucket{event="forum.yaml",le="0.001"} 1.0' in text
    finally:
        assembled.stop()
