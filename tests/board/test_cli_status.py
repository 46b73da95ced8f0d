"""`zoomops status FILE --rehearsal`: the rehearsal's sandbox webinar and its runner's position in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from zoomops.app.context import App
from zoomops.app.live import fresh_state_dir, rehearsal_setup
from zoomops.cli.main import cli
from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.runner.server import ControlServer

from .conftest import kst


def test_status_of_the_rehearsal(board_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    text = board_path.read_text(encoding="utf-8")  # provisioning needs the interpreters' emails
    for who in ("a", "b"):
        text = text.replace(f"{{id: int-{who}, name:", f"{{id: int-{who}, email: int-{who}@example.org, name:")
    board_path.write_text(text, encoding="utf-8")
    rehearsal = App.open(board_path).rehearsal()
    state = fresh_state_dir(rehearsal.state_dir)
    ctx, _ = rehearsal_setup(rehearsal, rehearsal.load())
    webinar = ctx.store.webinar_id("board-forum", "event")
    rehearsal.close()
    clock = FakeClock(kst(8, 50))
    runner = Runner(ctx.loaded.schedule, state, clock, RecordingExecutor(), MemoryNotifier(), threaded=False)
    runner.start()
    runner.advance_to(kst(9, 3))
    server = ControlServer(runner, state, clock)
    server.start()
    try:
        out = CliRunner().invoke(cli, ["status", str(board_path), "--rehearsal"])
        plain = CliRunner().invoke(cli, ["status", str(board_path)])
    finally:
        server.stop()
        runner.stop()
    assert out.exit_code == 0, out.output
    assert f"webinar {webinar}" in out.output
    assert ("  live: Now: Session A — Talk A (started 09:00, on time). Next: Talk B at 09:15.\n"
            "    12:00 left until the next start; delay: +0.0 min; "
            "next cue: 09:10:00 interp.en-ko.t02.handover-5\n") in out.output
    assert out.output.count("live:") == 1  # one line in words, not a second "Session A / Talk A — 12:00 left"
    assert "live: no runner active" in plain.output  # the real run's state directory has none
