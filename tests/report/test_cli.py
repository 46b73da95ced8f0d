"""`zoomops report` on the command line: exit codes, messages, files."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from click.testing import CliRunner

from tests.report.conftest import FORUM, forum_with_actions, kst
from zoomops.cli.main import cli
from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier

NO_CREDS = {"ZOOM_ACCOUNT_ID": None, "ZOOM_CLIENT_ID": None, "ZOOM_CLIENT_SECRET": None}


def invoke(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    env = {**NO_CREDS, "ZOOMOPS_STATE_DIR": str(tmp_path / "state")}
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(cli, ["report", str(FORUM), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_no_ledger_is_exit_1_with_advice(tmp_path: Path) -> None:
    code, _, err = invoke(tmp_path, "--no-zoom")
    assert code == 1
    assert f"zoomops: no runner ledger at {tmp_path / 'state' / 'runner.sqlite'}: run (or rehearse) the event first" \
        in err


def test_recording_start_without_offset_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke(tmp_path, "--recording-start", "2022-09-06T08:58:30")
    assert code == 2
    assert "give an ISO instant with its offset" in err


def test_after_a_run_without_zoom(tmp_path: Path) -> None:
    runner = Runner(forum_with_actions(), tmp_path / "state", FakeClock(kst(7, 55)), RecordingExecutor(),
                    MemoryNotifier(), threaded=False)
    runner.start()
    runner.advance_to(kst(14, 30))
    runner.stop()
    code, out, _ = invoke(tmp_path, "--no-zoom", "--recording-start", "2022-09-06T09:00:00+09:00", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["ok"] is True and data["notes"] == ["Attendance, Q&A and polls absent — --no-zoom given"]
    assert data["chapters"][0] == {"offset": 0, "title": "Opening Session — Opening Remarks",
                                   "at": "2022-09-06T00:00:00+00:00", "key": "b00"}
    assert sorted(Path(p).name for p in data["files"]) == [
        "asrun.csv", "chapters-youtube.txt", "chapters.csv", "chapters.vtt", "report.html", "report.json",
        "report.md"]
    assert (tmp_path / "state" / "report" / "report.html").is_file()
