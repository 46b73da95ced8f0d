"""`zoomops serve DIR`: the always-on service for a schedules directory (console, REST API, lifecycle)."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import click

from zoomops.cli.common import guarded


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--listen", default="127.0.0.1", show_default=True, help="Address of the console and API.")
@click.option("--port", default=8750, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--public-url", default="", callback=lambda ctx, param, value: _public_url(param, value),
              help="The address people reach the service at (e.g. behind a reverse proxy on a path: "
                   "https://ops.example.org/zoomops): the API's board and report links use it.")
@click.option("--poll", default=5.0, show_default=True, type=click.FloatRange(0.5, 3600),
              help="Seconds between passes over the directory and the events.")
@click.option("--drift-minutes", default=15.0, show_default=True, type=click.FloatRange(1, 1440),
              help="Minutes between reads of Zoom for a provisioned event (drift).")
@click.option("--auto-apply-hours", type=click.FloatRange(0, 24 * 90), default=None,
              help="Apply a plan without approval this many hours before its event (never a plan that undoes a "
                   "change made in Zoom).")
@click.option("--holder", default=None, help="This instance's name in leases (default host:pid).")
@click.option("--database", envvar="ZOOMOPS_DATABASE_URL", default=None, show_envvar=True,
              help="PostgreSQL connection string for the service store and the runners' ledgers, shared by "
                   "every instance (default: SQLite in the state directory).")
@click.option("--lease-seconds", default=3.0, show_default=True, type=click.FloatRange(1, 3600),
              help="An event's lease passes to another instance when not renewed for this long.")
@click.option("--renew-seconds", default=1.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="How often the leases are renewed (and a live event nobody runs is taken over).")
@click.option("--fence-margin-seconds", default=1.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="A runner that could not renew stops acting this long before its lease can pass.")
@click.option("--speed", default=1.0, show_default=True, type=click.FloatRange(min=0, min_open=True, max=100000),
              help="Compressed time (rehearsals, tests), with --start-at: the service's clock runs this many times "
                   "faster, and so do the runners.")
@click.option("--start-at", callback=lambda ctx, param, value: _instant(param, value), default=None,
              help="With --speed: the event instant (ISO 8601 with offset) the service's clock reads at --wall-origin.")
@click.option("--wall-origin", callback=lambda ctx, param, value: _instant(param, value), default=None,
              help="With --start-at: the wall instant (ISO 8601 with offset) it corresponds to (default: now); "
                   "give every instance of one compressed rehearsal the same three values.")
@guarded
def serve(directory: Path, listen: str, port: int, poll: float, drift_minutes: float,
          auto_apply_hours: float | None, holder: str | None, database: str | None, lease_seconds: float,
          renew_seconds: float, fence_margin_seconds: float, speed: float, start_at: datetime | None,
          wall_origin: datetime | None, public_url: str) -> None:
    """Watch a schedules directory and run every event's lifecycle; serve the organizer console and API."""
    if fence_margin_seconds + renew_seconds >= lease_seconds:
        raise click.BadParameter(
            f"--renew-seconds {renew_seconds:g} plus --fence-margin-seconds {fence_margin_seconds:g} must be less "
            f"than --lease-seconds {lease_seconds:g}: a runner would stop acting between two renewals",
            param_hint="'--lease-seconds'")
    if (speed != 1.0 or wall_origin is not None) and start_at is None:
        raise click.BadParameter("--speed and --wall-origin need --start-at (the event instant to start from)",
                                 param_hint="'--start-at'")
    # Lazy: the app, the client and the web stack load only when this command runs (as every command does).
    from zoomops.app.context import App
    from zoomops.app.serve import ServeConfig, assemble, run_until_signalled
    from zoomops.service.logs import json_logs

    config = ServeConfig(directory.resolve(), listen, port, poll,
                         drift_every=timedelta(minutes=drift_minutes),
                         auto_apply_lead=timedelta(hours=auto_apply_hours) if auto_apply_hours is not None else None,
                         database=database, lease_ttl=timedelta(seconds=lease_seconds),
                         lease_renew=timedelta(seconds=renew_seconds),
                         lease_margin=timedelta(seconds=fence_margin_seconds), speed=speed, start_at=start_at,
                         wall_origin=wall_origin, public_url=public_url)
    if holder:
        config.holder = holder
    json_logs(sys.stderr)
    run_until_signalled(assemble(App.open(None), config), lambda line: click.echo(line, err=True))


def _public_url(param: click.Parameter, value: str) -> str:
    """An http(s) address with a host and no query or fragment (a path is kept: a proxy's prefix)."""
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise click.BadParameter(f"{value!r} is not an http(s) address such as https://ops.example.org/zoomops",
                                 param=param)
    return value.rstrip("/")


def _instant(param: click.Parameter, value: str | None) -> datetime | None:
    """An ISO 8601 instant with its UTC offset (a naive one is refused: exit 2)."""
    if value is None:
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 instant: {value!r}", param=param) from None
    if instant.tzinfo is None:
        raise click.BadParameter(f"{value!r} has no UTC offset; write e.g. 2022-09-06T08:00:00+09:00", param=param)
    return instant
