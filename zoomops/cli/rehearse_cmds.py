"""`zoomops rehearse`: provision on the sandbox and play the whole event, time-compressed, then report."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import click

from zoomops.cli.common import FiniteFloatRange, emit_json, guarded, json_option, print_diagnostics, schedule_argument

STREAM = {"stream_url": "rtmp://sandbox.zoomops.invalid/live", "stream_key": "rehearsal",
          "page_url": "https://sandbox.zoomops.invalid/watch"}


@click.command()
@schedule_argument
@click.option("--speed", type=FiniteFloatRange(min=1), default=300.0, show_default=True,
              help="How many times faster than real time (300: five hours in one minute).")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Control API / board port (default: any).")
@click.option("--listen", default="127.0.0.1", show_default=True, metavar="HOST",
              help="Address for the control API and the board; anything but loopback prints a warning.")
@click.option("--actions", "which_actions", type=click.Choice(["all", "schedule"]), default="all", show_default=True,
              help="all: exercise every Zoom action on the sandbox; schedule: only those run.actions enables.")
@json_option
@guarded
def rehearse(schedule_file: Path, speed: float, port: int, listen: str, which_actions: str, as_json: bool) -> None:
    """Provision the schedule on the embedded sandbox (never on Zoom) and play the whole event from now,
    time-compressed, firing every cue and action; end with a report."""
    from zoomops.cli.run_cmds import REHEARSAL_DIR, _state_dir, run_session
    from zoomops.schedule.loader import load_schedule

    loaded = load_schedule(schedule_file)
    print_diagnostics(loaded.warnings)
    if which_actions == "all":
        loaded.schedule = _with_actions(loaded.schedule)
    schedule = loaded.schedule
    state = _fresh_dir(_state_dir(schedule_file) / REHEARSAL_DIR)
    ctx, setup = _provision_on_sandbox(loaded, state)
    click.echo(f"rehearsal: {setup}", err=True)
    report = run_session(schedule, state, _executor(ctx, schedule), speed=speed, start_at=None, port=port,
                         webinar_id=ctx.store.webinar_id(schedule.event.id, "event"), as_json=as_json,
                         listen=listen)
    ctx.close()
    ok = not report["missed"] and not any(
        (o or {}).get("status") == "error" for o in report["actions"].values())
    if as_json:
        emit_json({"ok": ok, "speed": speed, "state_dir": str(state), "setup": setup, **report})
    else:
        for line in render_report(report, speed):
            click.echo(line)
    if not ok:
        raise SystemExit(1)


def _with_actions(schedule: Any) -> Any:
    copy = schedule.model_copy(deep=True)
    copy.run.actions.end_webinar = True
    copy.run.actions.livestream = True
    copy.run.actions.pause_recording_in_breaks = True
    return copy


def _fresh_dir(path: Path) -> Path:
    """The rehearsal keeps its own state; a new rehearsal starts clean (refused while one is running)."""
    from zoomops.common.statedir import ensure_state_dir
    from zoomops.runner.lock import InstanceLock

    if path.is_dir():
        lock = InstanceLock(path)
        lock.acquire()  # raises RunnerBusy (exit 1) if a rehearsal is running here
        lock.release()
        shutil.rmtree(path)
    return ensure_state_dir(path)


def _provision_on_sandbox(loaded: Any, state: Path) -> tuple[Any, str]:
    from zoomops.common.clock import SystemClock
    from zoomops.provision.apply import Applier
    from zoomops.provision.context import ProvisionContext, ensure_sandbox_host
    from zoomops.provision.plan import Planner
    from zoomops.provision.state import ProvisionStore
    from zoomops.schedule.defaults import load_defaults
    from zoomops.zoom.config import ZoomConfig
    from zoomops.zoom.factory import open_client

    schedule = loaded.schedule
    clock = SystemClock()
    client = open_client(ZoomConfig(), state_dir=state, clock=clock)  # no credentials: always the sandbox
    host = schedule.event.host or "me"
    ensure_sandbox_host(client, host)
    ctx = ProvisionContext(loaded, load_defaults(loaded.path), state, clock, client,
                           ProvisionStore(state, clock), host, "sandbox")
    result = Applier(client, ctx.store, host).apply(Planner(client, ctx.store, host).plan(ctx.desired))
    origin = client.session.base_url.rsplit("/v2", 1)[0]
    for webinar_id in result.webinar_ids.values():
        if schedule.run.actions.livestream:
            from zoomops.zoom.models import Livestream

            client.update_livestream(webinar_id, Livestream.model_validate(STREAM))
        # The host starts the practice session: the sandbox webinar is live, so live actions can run.
        client.session.send_unauthenticated("POST", f"{origin}/_sandbox/webinars/{webinar_id}/start")
    calls = sum(client.calls.values())
    return ctx, (f"provisioned {result.webinar_ids} on the sandbox ({result.added} panelists, {calls} API calls), "
                 f"state in {state}")


def _executor(ctx: Any, schedule: Any) -> Any:
    from zoomops.provision.preflight import preflight
    from zoomops.runner.zoom_executor import WebinarRouter

    ids = ctx.store.webinars(schedule.event.id)
    return WebinarRouter(schedule, ctx.client, ids, preflight=lambda: preflight(ctx))


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
