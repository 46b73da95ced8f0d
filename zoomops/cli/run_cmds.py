"""Commands that run the day: `run`, and `delay` / `next` / `skip` that talk to the running runner."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from zoomops.cli.board_cmds import board_link_options, board_options_from
from zoomops.cli.common import FiniteFloatRange, emit_json, guarded, json_option, schedule_argument
from zoomops.common.diagnostics import EXIT_INVALID
from zoomops.common.statedir import ensure_state_dir


def _warn(line: str) -> None:
    click.echo(line, err=True)


@click.command()
@schedule_argument
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Control API and board port (default: the one kept in the state directory, else any; 0: any).")
@click.option(
    "--listen", default="127.0.0.1", show_default=True, metavar="HOST",
    help="Address for the control API and the board; anything but loopback prints a warning.",
)
@click.option(
    "--speed", type=FiniteFloatRange(min=0, min_open=True), default=1.0, help="Rehearsal speed (300 = 5 h/min)."
)
@click.option("--start-at", "start_at", help="Event instant to start from (ISO 8601; with --speed).")
@board_link_options
@json_option
@guarded
def run(
    schedule_file: Path, port: int | None, listen: str, speed: float, start_at: str | None, as_json: bool,
    public_url: str | None, tls_cert: str | None, tls_key: str | None, qr: bool,
) -> None:
    """Run the day: fire every cue on time, serve the control API, the run-of-show board and Zoom's webhook."""
    from zoomops.app.context import App
    from zoomops.app.live import run_session
    from zoomops.runner.engine import EventOver

    app = App.open(schedule_file)
    ctx = app.provision(for_provisioning=False)
    executor = app.executor(ctx)
    if not executor.webinar_ids:
        _warn("zoomops: no webinar provisioned for this schedule yet: Zoom actions will report errors "
              "(run `zoomops apply`)")
    try:
        report = run_session(app, ctx.loaded.schedule, ensure_state_dir(app.state_dir), executor, speed=speed,
                             start_at=parse_instant(start_at), port=port, webinar_id=executor.webinar_ids.get("event"),
                             as_json=as_json, listen=listen, say=_warn,
                             board_options=board_options_from(public_url, tls_cert, tls_key, qr))
    except EventOver as exc:  # name the real schedule file in the advice
        raise EventOver(str(exc).replace(" FILE ", f" {schedule_file} ")) from None
    finally:
        app.close()
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


allow_early_option = click.option(
    "--allow-early", "allow_early", is_flag=True,
    help="Let a negative delay start a published block (or the close) before its planned time.",
)
rehearsal_option = click.option(
    "--rehearsal", is_flag=True, help="Talk to the runner of `zoomops rehearse` (its state is in .zoomops/rehearsal)."
)


def _control_dir(schedule_file: Path, rehearsal: bool) -> Path:
    """The state directory of the runner to talk to: the one `run` or `rehearse` uses for this schedule."""
    from zoomops.app.context import App

    app = App.open(schedule_file)
    return app.rehearsal().state_dir if rehearsal else app.state_dir


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
    _show(out, as_json, f"Delayed {value:+g} min.")


@click.command("next")
@schedule_argument
@rehearsal_option
@allow_early_option
@json_option
@guarded
def next_cmd(schedule_file: Path, rehearsal: bool, allow_early: bool, as_json: bool) -> None:
    """Start the next block or item now and shift what follows."""
    from zoomops.common.diagnostics import OperationalError
    from zoomops.runner.control import call

    body = {"allow_early": True} if allow_early else None
    try:
        out = call(_control_dir(schedule_file, rehearsal), "POST", "/api/next", body)
    except OperationalError as exc:  # the runner's advice names FILE: name this one, and the rehearsal's
        general = "`zoomops next FILE --allow-early`"
        if general not in str(exc):
            raise
        advice = f"`zoomops next {schedule_file}{' --rehearsal' if rehearsal else ''} --allow-early`"
        raise OperationalError(str(exc).replace(general, advice)) from None
    _show(out, as_json, f"Started {out.get('label') or out.get('cue')} now.")


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
    said = f" ({out['message']})" if out.get("message") else ""
    _show(out, as_json, f"Skipped {out.get('cue')}{said}.")


def _show(out: dict[str, Any], as_json: bool, line: str) -> None:
    if as_json:
        emit_json(out)
        return
    if out.get("words"):  # the runner says where the run stands now
        click.echo(f"{line} {out['words']}")
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
