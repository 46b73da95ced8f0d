"""A service on the embedded sandbox: one App (sandbox mode, state in tmp), a schedules directory, a fake clock."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import FORUM
from tests.service.postgres import postgres_cluster  # noqa: F401  (the session's PostgreSQL cluster fixture)
from zoomops.app.context import App
from zoomops.app.serviceops import AppEventOps
from zoomops.app.settings import load_settings
from zoomops.common.clock import FakeClock
from zoomops.sandbox.app import ZoomSandbox
from zoomops.service.lifecycle import Service, ServiceOptions
from zoomops.service.store import SqliteServiceStore
from zoomops.zoom.config import ZoomConfig

T0 = datetime(2022, 9, 1, 0, 0, tzinfo=UTC)  # five days before the forum (2022-09-06 00:00Z)


@dataclass
class Harness:
    service: Service
    app: App
    ops: AppEventOps
    clock: FakeClock
    schedules: Path
    state: Path
    calls: list[tuple[str, str, int | None]]

    @property
    def sandbox(self) -> ZoomSandbox:
        control = self.app.sandbox()
        assert isinstance(control, ZoomSandbox)
        return control

    def drop(self, name: str = "forum.yaml", source: Path = FORUM) -> Path:
        target = self.schedules / name
        shutil.copyfile(source, target)
        return target


def make_harness(tmp_path: Path, clock: FakeClock, holder: str = "alpha",
                 auto_apply_lead: timedelta | None = None) -> Harness:
    schedules, state = tmp_path / "schedules", tmp_path / "state"
    schedules.mkdir(exist_ok=True)
    app = App(load_settings(env_file=None), None, clock, zoom=ZoomConfig(), state=state)
    ops = AppEventOps(app, threaded=False)
    calls: list[tuple[str, str, int | None]] = []
    app.client().add_call_hook(lambda method, path, status: calls.append((method, path, status)))
    options = ServiceOptions(holder, auto_apply_lead=auto_apply_lead)
    service = Service(schedules, SqliteServiceStore(state), ops, clock, options)
    return Harness(service, app, ops, clock, schedules, state, calls)


@pytest.fixture
def harness(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOMOPS_STATE_DIR", "ZOOMOPS_NOTIFY_URL"):
        monkeypatch.delenv(name, raising=False)
    h = make_harness(tmp_path, FakeClock(T0))
    yield h
    h.service.stop()
    h.ops.close()
    h.app.close()
