"""`zoomops rehearse`: provision on the sandbox and play the whole event, time-compressed, then report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from zoomops.cli.board_cmds import board_link_options, board_options_from
from zoomops.cli.common import FiniteFloatRange, emit_json, guarded, json_option, print_diagnostics, schedule_argument

if TYPE_CHECKING:
    from zoomops.show.model import Schedule


@click.command()
@schedule_argument
@click.option("--speed", type=FiniteFloatRange(min=1), default=300.0, show_default=True,
              help="How many times faster than real time (300: five hours in one minute).")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Control API / board port (default: the one kept from the last rehearsal, else any; 0: any).")
@click.option("--listen", default="127.0.0.1", show_default=True, metavar="HOST",
              help="Address for the control API and the board; anything but loopback prints a warning.")
@click.option("--actions", "which_actions", type=click.Choice(["all", "schedule"]), default="all", show_default=True,
              help="all: exercise every Zoom action on the sandbox; schedule: only those run.actions enables.")
@click.option("--notify", is_flag=True, help="Post to the team chat too (each post tagged [REHEARSAL]).")
@board_link_options
@json_option
@guarded
def rehearse(
    schedule_file: Path, speed: float, port: int | None, listen: str, which_actions: str, as_json: bool,
    public_url: str | None, tls_cert: str | None, tls_key: str | None, qr: bool, notify: bool,
) -> None:
    """Provision the schedule on the embedded sandbox (never on Zoom) and play the whole event from now,
    time-compressed, firing every cue and action; end with a report."""
    from zoomops.app.context import App
    from zoomops.app.live import fresh_state_dir, rehearsal_setup, run_session

    app = App.open(schedule_file)
    loaded = app.load()
    print_diagnostics(loaded.warnings)
    if which_actions == "all":
        loaded.schedule = _with_actions(loaded.schedule)
    schedule = loaded.schedule
    rehearsal = app.rehearsal()
    state = fresh_state_dir(rehearsal.state_dir)
    ctx, setup = rehearsal_setup(rehearsal, loaded)
    click.echo(f"rehearsal: {setup}", err=True)
    try:
        report = run_session(rehearsal, schedule, state, rehearsal.executor(ctx), speed=speed, start_at=None,
                             port=port, webinar_id=ctx.store.webinar_id(schedule.event.id, "event"),
                             as_json=as_json, listen=listen, say=lambda line: click.echo(line, err=True),
                             board_options=board_options_from(public_url, tls_cert, tls_key, qr),
                             notify=notify, rehearsal=True)
    finally:
        rehearsal.close()
    ok = not report["missed"] and not any(
        (o or {}).get("status") == "error" for o in report["actions"].values())
    if as_json:
        emit_json({"ok": ok, "speed": speed, "state_dir": str(state), "setup": setup, **report})
    else:
        for line in render_report(report, speed):
            click.echo(line)
    if not ok:
        raise SystemExit(1)


def _with_actions(schedule: Schedule) -> Schedule:
    copy = schedule.model_copy(deep=True)
    copy.run.actions.end_webinar = True
    copy.run.actions.livestream = True
    copy.run.actions.pause_recording_in_breaks = True
    return copy


def render_report(report: dict[str, Any], speed: float) -> list[str]:
    lat = report.get("lateness_ms") or {}
    lines = [
        f"Rehearsal at {speed:g}x ended ({report.get('reason') or 'stopped'}): {report['fired']} of {report['cues']} "
        f"cues fired, {len(report['missed'])} missed, {len(report['skipped'])} skipped, "
        f"{len(report['pending'])} pending.",
        "Lateness, actual - planned: "
        + ", ".join(f"{k} {lat.get(k, 0) / 1000:.1f} s event time ({lat.get(k, 0) / speed:.0f} ms wall)"
                    for k in ("p50", "p99", "max"))
        + ".",
        "Zoom actions:",
    ]
    for cue_id, outcome in report["actions"].items():
        status = (outcome or {}).get("status", "no outcome recorded")
        detail = (outcome or {}).get("detail", "")
        lines.append(f"  {cue_id:<24} {status:<8} {detail}".rstrip())
    lines += [f"  missed: {c}" for c in report["missed"]]
    return lines
