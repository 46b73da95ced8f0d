"""`zoomops serve` assembled from one App: first pass before serving, /readyz, a clean stop; the CLI entry."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from tests.conftest import FORUM
from tests.service.postgres import Cluster
from zoomops.app.context import App
from zoomops.app.serve import ServeConfig, assemble
from zoomops.app.settings import load_settings
from zoomops.cli.main import cli
from zoomops.service.store import Lifecycle
from zoomops.zoom.config import ZoomConfig


def test_assembled_service_plans_before_serving_and_stops_cleanly(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZOOMOPS_STATE_DIR", raising=False)
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    (schedules / "forum.yaml").write_bytes(FORUM.read_bytes())
    (schedules / "notes.txt").write_text("not a schedule", encoding="utf-8")
    app = App(load_settings(env_file=None), None, zoom=ZoomConfig())
    assembled = assemble(app, ServeConfig(schedules, port=0, poll_seconds=3600, holder="one"))
    assert app.state_dir == schedules / ".zoomops"
    sys.setswitchinterval(0.005)
    assembled.start()
    try:
        assert sys.getswitchinterval() == 0.0005  # common/switching.py (restored after the test)
        url = assembled.server.url
        assert requests.get(url + "/readyz", timeout=10).json() == {"ready": True}
        [record] = assembled.service.store.events()
        assert (record.key, record.state) == ("forum.yaml", Lifecycle.PLANNED)
    finally:
        assembled.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/healthz", timeout=2)


def test_serve_is_a_command_and_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert "serve" in CliRunner().invoke(cli, ["--help"]).output


@pytest.mark.postgres
def test_two_instances_share_events_on_postgresql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  postgres_cluster: Cluster) -> None:
    """`serve --database DSN`: the first instance plans the event and holds its lease; the second sees the same
    event in the same database and leaves it alone."""
    monkeypatch.delenv("ZOOMOPS_STATE_DIR", raising=False)
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    (schedules / "forum.yaml").write_bytes(FORUM.read_bytes())
    dsn = postgres_cluster.fresh_dsn()
    first = assemble(App(load_settings(env_file=None), None, zoom=ZoomConfig(), state=tmp_path / "one"),
                     ServeConfig(schedules, port=0, poll_seconds=3600, holder="one", database=dsn))
    second = assemble(App(load_settings(env_file=None), None, zoom=ZoomConfig(), state=tmp_path / "two"),
                      ServeConfig(schedules, port=0, poll_seconds=3600, holder="two", database=dsn))
    try:
        first.service.tick()
        second.service.tick()
        [record] = second.service.store.events()
        assert record.state is Lifecycle.PLANNED
        lease = second.service.store.lease("forum.yaml")
        assert lease is not None and (lease.holder, lease.token) == ("one", 1)
        assert not (tmp_path / "two" / "service.sqlite").exists() and "password" not in repr(first.config)
    finally:
        first.stop()
        second.stop()
