"""`zoomops serve DIR`: the always-on service for a schedules directory (console, REST API, lifecycle)."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import click

from zoomops.cli.common import guarded


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--listen", default="127.0.0.1", show_default=True, help="Address of the console and API.")
@click.option("--port", default=8750, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--poll", default=5.0, show_default=True, type=click.FloatRange(0.5, 3600),
              help="Seconds between passes over the directory and the events.")
@click.option("--drift-minutes", default=15.0, show_default=True, type=click.FloatRange(1, 1440),
              help="Minutes between reads of Zoom for a provisioned event (drift).")
@click.option("--auto-apply-hours", type=click.FloatRange(0, 24 * 90), default=None,
              help="Apply a plan without approval this many hours before its event (never a plan that undoes a "
                   "change made in Zoom).")
@click.option("--holder", default=None, help="This instance's name in leases (default host:pid).")
@click.option("--database", envvar="ZOOMOPS_DATABASE_URL", default=None, show_envvar=True,
              help="PostgreSQL connection string for the service store (default: SQLite in the state directory).")
@guarded
def serve(directory: Path, listen: str, port: int, poll: float, drift_minutes: float,
          auto_apply_hours: float | None, holder: str | None, database: str | None) -> None:
    """Watch a schedules directory and run every event's lifecycle; serve the organizer console and API."""
    # Lazy: the app, the client and the web stack load only when this command runs (as every command does).
    from zoomops.app.context import App
    from zoomops.app.serve import ServeConfig, assemble, run_until_signalled
    from zoomops.service.logs import json_logs

    config = ServeConfig(directory.resolve(), listen, port, poll,
                         drift_every=timedelta(minutes=drift_minutes),
                         auto_apply_lead=timedelta(hours=auto_apply_hours) if auto_apply_hours is not None else None,
                         database=database)
    if holder:
        config.holder = holder
    json_logs(sys.stderr)
    run_until_signalled(assemble(App.open(None), config), lambda line: click.echo(line, err=True))
