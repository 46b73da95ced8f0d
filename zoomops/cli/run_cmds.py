"""Commands that run the day: `run`, and `delay` / `next` / `skip` that talk to the running runner."""

from __future__ import annotations

import math
import os
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from zoomops.cli.common import FiniteFloatRange, emit_json, guarded, json_option, schedule_argument
from zoomops.common.diagnostics import EXIT_INVALID


def _state_dir(schedule_file: Path) -> Path:
    from zoomops.common.statedir import state_dir_for

    return state_dir_for(schedule_file)


def _env() -> dict[str, str]:
    from dotenv import dotenv_values, find_dotenv

    found = find_dotenv(usecwd=True)
    values = {k: v for k, v in dotenv_values(found).items() if v is not None} if found else {}
    return {**values, **os.environ}


def build_executor(schedule_file: Path, schedule: Any) -> Any:
    """Zoom actions for a real run: the client (or the sandbox) and the webinar ids from provisioning."""
    from zoomops.provision.context import open_context
    from zoomops.provision.preflight import preflight
    from zoomops.runner.zoom_executor import WebinarRouter

    ctx = open_context(schedule_file, for_provisioning=False)
    ids = ctx.store.webinars(schedule.event.id)
    if not ids:
        click.echo("zoomops: no webinar provisioned for this schedule yet: Zoom actions will report errors "
                   "(run `zoomops apply`)", err=True)
    return WebinarRouter(schedule, ctx.client, ids, preflight=lambda: preflight(ctx))


@click.command()
@schedule_argument
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Control API and board port (default: any).")
@click.option(
    "--listen", default="127.0.0.1", show_default=True, metavar="HOST",
    help="Address for the control API and the board; anything but loopback prints a warning.",
)
@click.option(
    "--speed", type=FiniteFloatRange(min=0, min_open=True), default=1.0, help="Rehearsal speed (300 = 5 h/min)."
)
@click.option("--start-at", "start_at", help="Event instant to start from (ISO 8601; with --speed).")
@json_option
@guarded
def run(schedule_file: Path, port: int, listen: str, speed: float, start_at: str | None, as_json: bool) -> None:
    """Run the day: fire every cue on time, serve the control API, the run-of-show board and Zoom's webhook."""
    from zoomops.common.statedir import ensure_state_dir
    from zoomops.runner.engine import EventOver
    from zoomops.schedule.loader import load_schedule

    schedule = load_schedule(schedule_file).schedule
    state = ensure_state_dir(_state_dir(schedule_file))
    executor = build_executor(schedule_file, schedule)
    try:
        report = run_session(schedule, state, executor, speed=speed, start_at=parse_instant(start_at), port=port,
                             webinar_id=executor.webinar_ids.get("event"), as_json=as_json, listen=listen)
    except EventOver as exc:  # name the real schedule file in the advice
        raise EventOver(str(exc).replace(" FILE ", f" {schedule_file} ")) from None
    _print_report(report, as_json)


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 instant with its UTC offset; a naive time is refused (exit 2)."""
    if text is None:
        return None
    from zoomops.common.diagnostics import Diagnostic, InputError

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InputError([Diagnostic("--start-at", 0, 0, "", f"not an ISO 8601 instant: {text!r}")]) from None
    if value.tzinfo is None:
        msg = f"{text!r} has no UTC offset; write e.g. 2022-09-06T08:00:00+09:00"
        raise InputError([Diagnostic("--start-at", 0, 0, "", msg)])
    return value


def run_session(schedule: Any, state: Path, executor: Any, *, speed: float, start_at: datetime | None, port: int,
                webinar_id: int | None, as_json: bool, on_started: Any = None,
                listen: str = "127.0.0.1") -> dict[str, Any]:
    """Start the runner and its server (control API, board, webhook) on `listen`, show the live view until the
    run ends, return the report."""
    from zoomops.board.web import BoardHub, announce, bind
    from zoomops.common.clock import SystemClock
    from zoomops.runner.engine import Runner
    from zoomops.runner.notify import ConsoleView, FanOut, JsonlLog, chat_from_env

    env, clock = _env(), SystemClock()
    console = ConsoleView(stream=sys.stderr) if as_json else ConsoleView()
    chat = chat_from_env(env)
    hub = BoardHub()
    notifier = FanOut(JsonlLog(state), console, *([chat] if chat else []), hub)
    runner = Runner(schedule, state, clock, executor, notifier, speed, start_at=start_at)
    # Bind first: a port in use must stop us before any cue fires; serve only once the runner holds its lock.
    server, board = bind(runner, schedule, state, clock, host=listen, port=port,
                         webhook_secret=env.get("ZOOM_WEBHOOK_SECRET_TOKEN"), webinar_id=webinar_id, hub=hub)
    try:
        runner.start()
    except BaseException:
        server.discard()
        raise
    try:
        server.start()
    except BaseException:
        server.discard()
        runner.stop()
        raise
    for line in announce(server, board):
        click.echo(line, err=True)
    if on_started is not None:
        on_started(runner, server)
    console.begin(runner.status)
    # The handler only asks; the loop below stops everything from the main thread. Stopping inside the
    # handler could wait on a lock the interrupted main thread holds (the console's), and hang.
    stop_requested = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.set())
    try:
        while not runner.wait(0.5) and not stop_requested.is_set():
            pass
    except KeyboardInterrupt:
        click.echo("zoomops: interrupted; state is in the ledger, `zoomops run` again resumes", err=True)
    finally:
        report = runner.report()
        server.stop()
        runner.stop()
        notifier.close()
    return dict(report)


def _print_report(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(report)
        return
    lat = report.get("lateness_ms") or {}
    click.echo(
        f"run ended ({report['reason'] or 'stopped'}): {report['fired']} fired, {len(report['missed'])} missed, "
        f"{len(report['skipped'])} skipped, {len(report['pending'])} pending of {report['cues']}; "
        f"lateness p50 {lat.get('p50', 0)} ms, max {lat.get('max', 0)} ms"
    )
    for cue in report["missed"]:
        click.echo(f"  missed: {cue}")
    for cue, outcome in report["action_problems"].items():
        click.echo(f"  action {cue}: {outcome}")


REHEARSAL_DIR = "rehearsal"  # `zoomops rehearse` keeps its own state here, inside the state directory
allow_early_option = click.option(
    "--allow-early", "allow_early", is_flag=True,
    help="Let a negative delay start a published block (or the close) before its planned time.",
)
rehearsal_option = click.option(
    "--rehearsal", is_flag=True, help="Talk to the runner of `zoomops rehearse` (its state is in .zoomops/rehearsal)."
)


def _control_dir(schedule_file: Path, rehearsal: bool) -> Path:
    return _state_dir(schedule_file) / REHEARSAL_DIR if rehearsal else _state_dir(schedule_file)


def _parse_minutes(text: str) -> float:
    """`+5`, `-2`, `1.5` -> minutes; anything else (including nan and inf) is a usage error."""
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise click.BadParameter(f"expected minutes such as +5 or -2, not {text!r}")
    return value


@click.command(context_settings={"ignore_unknown_options": True})
@schedule_argument
@click.argument("minutes")
@rehearsal_option
@allow_early_option
@json_option
@guarded
def delay(schedule_file: Path, minutes: str, rehearsal: bool, allow_early: bool, as_json: bool) -> None:
    """Tell the running runner the programme is MINUTES late (+5) or early (-2)."""
    from zoomops.runner.control import call

    try:
        value = _parse_minutes(minutes)
    except click.BadParameter as exc:
        click.echo(f"zoomops: {exc.message}", err=True)
        raise SystemExit(EXIT_INVALID) from None
    body: dict[str, Any] = {"minutes": value, **({"allow_early": True} if allow_early else {})}
    out = call(_control_dir(schedule_file, rehearsal), "POST", "/api/delay", body)
    _show(out, as_json, f"delay {value:+g} min from {out.get('position')}")


@click.command("next")
@schedule_argument
@rehearsal_option
@allow_early_option
@json_option
@guarded
def next_cmd(schedule_file: Path, rehearsal: bool, allow_early: bool, as_json: bool) -> None:
    """Start the next block or item now and shift what follows."""
    from zoomops.runner.control import call

    body = {"allow_early": True} if allow_early else None
    out = call(_control_dir(schedule_file, rehearsal), "POST", "/api/next", body)
    _show(out, as_json, f"now: {out.get('cue')} ({out.get('shift_seconds', 0) / 60:+.1f} min)")


@click.command()
@schedule_argument
@click.argument("cue")
@rehearsal_option
@json_option
@guarded
def skip(schedule_file: Path, cue: str, rehearsal: bool, as_json: bool) -> None:
    """Never fire CUE (an id from `zoomops timeline FILE --cues`)."""
    from zoomops.runner.control import call

    out = call(_control_dir(schedule_file, rehearsal), "POST", "/api/skip", {"cue": cue})
    _show(out, as_json, f"skipped {out.get('cue')}")


def _show(out: dict[str, Any], as_json: bool, line: str) -> None:
    if as_json:
        emit_json(out)
        return
    nxt = out.get("next_cue")
    click.echo(line + (f"; next: {nxt['local']} {nxt['id']}" if nxt else ""))


def print_cues(schedule: Any, as_json: bool) -> None:
    """`zoomops timeline FILE --cues`: every cue with its local and UTC instant, audience and message."""
    from datetime import UTC

    from zoomops.show.timeline import compile_cues

    cues = compile_cues(schedule)
    if as_json:
        emit_json(
            {
                "event": schedule.event.id,
                "timezone": schedule.event.timezone,
                "cues": [
                    {
                        "id": c.id,
                        "local": c.at.astimezone(schedule.tz).isoformat(),
                        "utc": c.at.astimezone(UTC).isoformat(),
                        "audience": c.audience.value,
                        "kind": c.kind,
                        "action": c.action,
                        "message": c.message,
                    }
                    for c in cues
                ],
            }
        )
        return
    click.echo(f"{len(cues)} cues, times in {schedule.event.timezone} (UTC in brackets)")
    several_days = len({c.at.astimezone(schedule.tz).date() for c in cues}) > 1
    day = None
    for c in cues:
        if several_days and c.at.astimezone(schedule.tz).date() != day:  # HH:MM alone would be ambiguous
            day = c.at.astimezone(schedule.tz).date()
            click.echo(f"{day:%A %d %B %Y}")
        action = f" [{c.action}]" if c.action else ""
        click.echo(
            f"{c.at.astimezone(schedule.tz):%H:%M} ({c.at.astimezone(UTC):%H:%MZ})  {c.id:<28} "
            f"{c.audience.value:<12} {c.message}{action}"
        )
