"""CLI control commands against a live runner; notifier formats; console degrades to plain lines."""

from __future__ import annotations

import io
import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from zoomops.cli.main import cli
from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.events import CueEvent, RunEvent
from zoomops.runner.notify import ChatWebhook, ConsoleView, JsonlLog, MemoryNotifier, chat_payload, read_events
from zoomops.runner.server import ControlServer
from zoomops.show.cue import CueKind
from zoomops.show.model import Schedule


def test_cli_delay_next_skip_against_a_live_runner(tiny: Schedule, tiny_path: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    clock = FakeClock(datetime(2022, 9, 6, 0, 2, tzinfo=UTC))
    runner = Runner(tiny, state, clock, RecordingExecutor(), MemoryNotifier(), threaded=False)
    runner.start()
    server = ControlServer(runner, state, clock)
    server.start()
    env = {"ZOOMOPS_STATE_DIR": str(state)}
    try:
        cli_runner = CliRunner()
        out = cli_runner.invoke(cli, ["delay", str(tiny_path), "-1"], env=env)
        assert out.exit_code == 0, out.output
        assert out.output == ("Delayed -1 min. Now: Session A — Talk A (started 09:00, on time). "
                              "Next: Talk B at 09:04 (planned 09:05).\n")
        out = cli_runner.invoke(cli, ["skip", str(tiny_path), "b00.i01.warn-2"], env=env)
        said = "Skipped b00.i01.warn-2 (2 min left: Talk B — Bo (ends 09:09))."  # as due now, not as planned (09:10)
        assert (out.exit_code, out.output.split(" Now: ")[0]) == (0, said)
        out = cli_runner.invoke(cli, ["skip", str(tiny_path), "b00.i01.warn-2"], env=env)
        assert out.exit_code == 1 and "already skipped" in out.output
        clock.set(datetime(2022, 9, 6, 0, 2, 40, tzinfo=UTC))  # 09:02:40: the minute shown and the lateness agree
        out = cli_runner.invoke(cli, ["next", str(tiny_path)], env=env)
        words = "Now: Session A — Talk B (started 09:02, 3 min early). Next: Break at 09:07 (planned 09:10)."
        assert (out.exit_code, out.output) == (0, f"Started Talk B now. {words}\n")
        out = cli_runner.invoke(cli, ["next", str(tiny_path), "--json"], env=env)
        answer = json.loads(out.output)
        assert (answer["cue"], answer["label"]) == ("b01.break-start", "Break")
    finally:
        server.stop()
        runner.stop()
    out = CliRunner().invoke(cli, ["next", str(tiny_path)], env=env)
    assert out.exit_code == 1 and "no runner is active" in out.output


def test_cli_run_refused_while_another_runner_holds_the_lock(tiny: Schedule, tiny_path: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    runner = Runner(tiny, state, FakeClock(), RecordingExecutor(), MemoryNotifier(), threaded=False)
    runner.start()
    try:
        out = CliRunner().invoke(cli, ["run", str(tiny_path)], env={"ZOOMOPS_STATE_DIR": str(state)})
        assert out.exit_code == 1 and "another zoomops runner" in out.output
    finally:
        runner.stop()


def test_jsonl_log_and_plain_console(tmp_path: Path) -> None:
    log = JsonlLog(tmp_path)
    stream = io.StringIO()
    console = ConsoleView(stream=stream)
    event = cue_event("fired")
    for sink in (log, console):
        sink.emit(event)
    console.begin(lambda: {})  # not a TTY: stays plain
    log.close()
    console.close()
    assert read_events(tmp_path) == [event.to_dict()]
    assert read_events(tmp_path)[0] == {
        "type": "cue", "status": "fired", "cue": "b01.start", "kind": "block-start", "audience": "everyone",
        "message": "Now: S1", "action": None, "planned": "2022-09-06T09:30:00+09:00",
        "effective": "2022-09-06T09:30:00+09:00", "at": "2022-09-06T09:30:00+09:00", "local": "09:30:00",
        "lateness_ms": 0, "note": None}
    assert stream.getvalue() == "09:30:00 [everyone] b01.start: Now: S1\n"


def cue_event(status: str, **kw: object) -> CueEvent:
    at = "2022-09-06T09:30:00+09:00"
    fields: dict[str, object] = {"lateness_ms": 0, **kw}
    return CueEvent(status, "b01.start", CueKind.block_start, "everyone", "Now: S1", None,  # type: ignore[arg-type]
                    at, at, at, "09:30:00", **fields)  # type: ignore[arg-type]


def test_degraded_and_redelivered_lines_are_loud() -> None:
    stream = io.StringIO()
    console = ConsoleView(stream=stream)
    console.emit(RunEvent("degraded", "DEGRADED: runner.sqlite cannot be written: database or disk is full"))
    console.emit(cue_event("fired", late=True, lateness_ms=4000))
    console.emit(cue_event("missed", catch_up=True))  # the caught-up summary stands for these
    assert stream.getvalue().splitlines() == [
        "  !!! DEGRADED: runner.sqlite cannot be written: database or disk is full",
        "09:30:00 [everyone] b01.start: Now: S1 (late 4s) [re-delivered after a restart]",
    ]


def test_chat_payload_formats() -> None:
    event = cue_event("missed")
    body, headers = chat_payload("slack", event, None)
    assert json.loads(body) == {"text": "09:30:00 [MISSED] b01.start: Now: S1"}
    body, headers = chat_payload("zoom", event, "verif-token", "https://x/inc?format=full")
    assert json.loads(body)["body"][0]["text"].endswith("Now: S1") and headers["Authorization"] == "verif-token"
    body, headers = chat_payload("generic", event, "s3cret")
    assert json.loads(body)["event"]["cue"] == "b01.start"
    assert headers["X-Zoomops-Signature"].startswith("sha256=") and "s3cret" not in body.decode()
    with pytest.raises(ValueError, match="generic, zoom or slack"):
        ChatWebhook("http://127.0.0.1:9/", "teams")


def test_chat_webhook_retries_in_the_background() -> None:
    calls: list[bytes] = []
    sent = threading.Event()

    class FlakySession(requests.Session):
        def post(self, url, data=None, **kw):  # type: ignore[no-untyped-def, override]
            calls.append(data)
            resp = requests.Response()
            resp.status_code = 503 if len(calls) < 3 else 200
            if resp.status_code == 200:
                sent.set()
            return resp

    hook = ChatWebhook("http://chat.invalid/hook", "slack", session=FlakySession(), wait_seconds=0.001)
    hook.emit(cue_event("fired"))
    assert sent.wait(5)
    hook.close()
    assert len(calls) == 3 and hook.sent == 1 and hook.failures == 0


def test_a_refused_next_names_the_real_file_and_the_rehearsal(tiny: Schedule, tiny_path: Path, tmp_path: Path) -> None:
    """Before the published 09:00 start, `next --rehearsal` is refused with advice the user can paste."""
    state = tmp_path / "state" / "rehearsal"
    clock = FakeClock(datetime(2022, 9, 5, 23, 58, tzinfo=UTC))  # 08:58 in Seoul
    runner = Runner(tiny, state, clock, RecordingExecutor(), MemoryNotifier(), threaded=False)
    runner.start()
    server = ControlServer(runner, state, clock)
    server.start()
    try:
        out = CliRunner().invoke(cli, ["next", str(tiny_path), "--rehearsal"],
                                 env={"ZOOMOPS_STATE_DIR": str(tmp_path / "state")})
    finally:
        server.stop()
        runner.stop()
    assert out.exit_code == 1
    assert out.output.endswith(
        "runner refused: HTTP 409: Session A is published for 09:00, 2.0 min from now: it does not start early "
        f"unless forced (`zoomops next {tiny_path} --rehearsal --allow-early`)\n")
