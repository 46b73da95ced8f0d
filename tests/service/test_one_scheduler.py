"""`zoomops serve` runs every live event's jobs on its one scheduler: N live runners add no scheduler thread
(nor any thread, while none of their cues is due); each runner's jobs are under its event's key."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.runner.conftest import TINY_YAML
from zoomops.app.context import App
from zoomops.app.serve import ServeConfig, assemble
from zoomops.app.serviceops import AppEventOps, RunnerHandle
from zoomops.app.settings import load_settings
from zoomops.zoom.config import ZoomConfig

EVENTS = 3


def future_events(directory: Path, count: int) -> list[Path]:
    """`count` small events on a date to come, so every runner has all its cues ahead of it."""
    paths = []
    for n in range(count):
        path = directory / f"ev-{n}.yaml"
        path.write_text(TINY_YAML.replace("id: tiny-forum", f"id: ev-{n}").replace("2022-09-06", "2099-09-06"),
                        encoding="utf-8")
        paths.append(path)
    return paths


def scheduler_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "APScheduler")


def start_all(ops: AppEventOps, paths: list[Path]) -> list[RunnerHandle]:
    return [ops.start_runner(path.name, path) for path in paths]


def test_live_runners_in_the_service_add_no_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZOOMOPS_STATE_DIR", raising=False)
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    paths = future_events(schedules, EVENTS)
    assembled = assemble(App(load_settings(env_file=None), None, zoom=ZoomConfig(), state=tmp_path / "state"),
                         ServeConfig(schedules, port=0, poll_seconds=3600, holder="one"))
    handles: list[RunnerHandle] = []
    try:
        assembled.scheduler.start()
        before = {t.ident for t in threading.enumerate()}
        handles = start_all(assembled.ops, paths)
        assert all(h.runner.threaded and not h.runner.finished for h in handles)
        assert {t.ident for t in threading.enumerate()} == before and scheduler_threads() == 1
        jobs = {j.id for j in assembled.scheduler.get_jobs()}
        assert {j.partition("::")[0] for j in jobs} == {p.name for p in paths}
        assert all(j.executor == "cues" for j in assembled.scheduler.get_jobs())
        handles[0].stop()
        assert {j.id for j in assembled.scheduler.get_jobs()} == {j for j in jobs if not j.startswith("ev-0.yaml")}
    finally:
        for handle in handles:
            handle.stop()
        assembled.stop()
    assert not assembled.scheduler.running and assembled.scheduler.get_jobs() == []


def test_runners_of_their_own_each_add_a_scheduler_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the service had before (and `zoomops run` keeps): a BackgroundScheduler per runner."""
    monkeypatch.delenv("ZOOMOPS_STATE_DIR", raising=False)
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    paths = future_events(schedules, EVENTS)
    app = App(load_settings(env_file=None), None, zoom=ZoomConfig(), state=tmp_path / "state")
    ops = AppEventOps(app)
    handles: list[RunnerHandle] = []
    try:
        already = scheduler_threads()
        handles = start_all(ops, paths)
        assert scheduler_threads() == already + EVENTS
    finally:
        for handle in handles:
            handle.stop()
        ops.close()
        app.close()
