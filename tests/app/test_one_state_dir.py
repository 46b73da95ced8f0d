"""ZOOMOPS_STATE_DIR set only in `.env`: `apply`, `status`, `run` and the runner's control commands all use it.

Before the configuration was read in one place, `apply` read `.env` but `run`/`delay`/`next`/`skip` did not,
so the runner's ledger went to `.zoomops/` beside the schedule, apart from the provisioning store.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from zoomops.app.settings import Settings
from zoomops.cli.main import cli
from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.schedule.loader import load_schedule

VARIABLES = {field.alias for field in Settings.model_fields.values() if field.alias}


@pytest.fixture
def workdir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, forum_path: Path) -> Path:
    """A cwd with `.env` naming the state directory, the schedule in `schedules/`, nothing in the environment."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "schedules").mkdir()
    shutil.copy(forum_path, tmp_path / "schedules" / "forum.yaml")
    (tmp_path / ".env").write_text("ZOOMOPS_STATE_DIR=state-from-dotenv\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_apply_then_status_and_run_share_the_dotenv_state_dir(workdir: Path) -> None:
    schedule, state = "schedules/forum.yaml", workdir / "state-from-dotenv"
    cli_runner = CliRunner()
    applied = cli_runner.invoke(cli, ["apply", schedule, "--yes", "--json"], catch_exceptions=False)
    assert applied.exit_code == 0, applied.output
    webinar_id = json.loads(applied.stdout)["webinars"]["event"]
    assert {"provision.sqlite", "sandbox.json", "token.json"} <= {p.name for p in state.iterdir()}

    status = cli_runner.invoke(cli, ["status", schedule, "--json"], catch_exceptions=False)
    assert status.exit_code == 0, status.output
    assert [w["webinar_id"] for w in json.loads(status.stdout)["webinars"]] == [webinar_id]

    # A runner holds the lock of the .env state directory: `run` must meet it there (and find the webinar).
    holder = Runner(load_schedule(workdir / schedule).schedule, state, FakeClock(), RecordingExecutor(),
                    MemoryNotifier(), threaded=False)
    holder.start()
    try:
        run = cli_runner.invoke(cli, ["run", schedule], catch_exceptions=False)
    finally:
        holder.stop()
    assert run.exit_code == 1
    assert "another zoomops runner" in run.output
    assert "no webinar provisioned" not in run.output

    nxt = cli_runner.invoke(cli, ["next", schedule], catch_exceptions=False)
    assert nxt.exit_code == 1 and "no runner is active" in nxt.output
    assert not (workdir / "schedules" / ".zoomops").exists()
