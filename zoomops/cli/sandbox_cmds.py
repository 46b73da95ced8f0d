"""`zoomops sandbox ...`: run the embedded Zoom sandbox over HTTP for rehearsals and manual testing."""

from __future__ import annotations

from pathlib import Path

import click

from zoomops.cli.common import guarded
from zoomops.common.clock import SystemClock
from zoomops.common.zoomlimits import PLAN_LIMITS
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.faults import FaultPlan
from zoomops.sandbox.server import SandboxServer
from zoomops.sandbox.state import StateStore


@click.group()
def sandbox() -> None:
    """The embedded Zoom API sandbox (no real Zoom needed)."""


@sandbox.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0 = any free).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--latency", type=click.FloatRange(0.0), default=0.0, help="Seconds added to every API call.")
@click.option("--error-rate", type=click.FloatRange(0.0, 1.0), default=0.0, help="Share of API calls answered 503.")
@click.option("--plan", type=click.Choice(sorted(PLAN_LIMITS)), default="pro", show_default=True)
@click.option("--state", "state_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSON file holding the sandbox state (shared with in-process runs using the same file).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for ids and fault draws.")
@click.option("--live-events-for-webinars", is_flag=True, help="Accept webinar ids on /live_meetings/{id}/events.")
@guarded
def serve(port: int, host: str, latency: float, error_rate: float, plan: str, state_file: Path | None,
          seed: int, live_events_for_webinars: bool) -> None:
    """Serve the sandbox over HTTP until interrupted; prints what to export."""
    store = StateStore(state_file) if state_file else None
    app = ZoomSandbox(SystemClock(), plan=plan, seed=seed, store=store,
                      faults=FaultPlan.simple(latency=latency, error_rate=error_rate, seed=seed),
                      live_events_for_webinars=live_events_for_webinars)
    server = SandboxServer(app, host, port)
    for name, value in app.credentials().env().items():
        click.echo(f"export {name}={value}")
    click.echo(f"# zoomops sandbox listening on {server.url} (control: {server.url}/_sandbox/state); Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("# stopped")
    finally:
        server.httpd.server_close()
