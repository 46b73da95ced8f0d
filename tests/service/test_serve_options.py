"""`zoomops serve`'s lease and compressed-time options: bad values are usage errors (exit 2) that name the option;
good ones reach the assembled service (lease options, the compressed clock, the wall clock for leases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from zoomops.app.context import App
from zoomops.app.serve import ServeConfig, assemble
from zoomops.app.settings import load_settings
from zoomops.cli.main import cli
from zoomops.common.clock import FakeClock
from zoomops.runner.timebase import ScaledClock
from zoomops.zoom.config import ZoomConfig


@pytest.mark.parametrize(("args", "message"), [
    (["--lease-seconds", "2", "--renew-seconds", "1", "--fence-margin-seconds", "1"],
     "--renew-seconds 1 plus --fence-margin-seconds 1 must be less than --lease-seconds 2"),
    (["--speed", "60"], "--speed and --wall-origin need --start-at"),
    (["--start-at", "2022-09-06T08:00:00"], "'2022-09-06T08:00:00' has no UTC offset"),
    (["--start-at", "08:00 tomorrow"], "not an ISO 8601 instant: '08:00 tomorrow'"),
    (["--renew-seconds", "0"], "--renew-seconds"),
])
def test_bad_lease_and_time_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_the_options_reach_the_service_and_time_is_compressed(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZOOMOPS_STATE_DIR", raising=False)
    wall = FakeClock(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    app = App(load_settings(env_file=None), None, wall, zoom=ZoomConfig())
    start = datetime(2022, 9, 6, 8, 57, 55, tzinfo=UTC)
    config = ServeConfig(tmp_path, port=0, holder="one", lease_ttl=timedelta(seconds=3),
                         lease_renew=timedelta(seconds=1), lease_margin=timedelta(seconds=1), speed=60.0,
                         start_at=start, wall_origin=wall.now() + timedelta(seconds=4))
    assembled = assemble(app, config)
    try:
        assert isinstance(app.clock, ScaledClock) and assembled.service.wall is wall
        assert app.clock.now() == start - timedelta(seconds=240)  # 4 wall seconds before the origin, at 60x
        wall.advance(5)
        assert app.clock.now() == start + timedelta(seconds=60)
        options = assembled.service.options
        assert (options.lease_ttl, options.lease_renew, options.lease_margin) == (
            timedelta(seconds=3), timedelta(seconds=1), timedelta(seconds=1))
    finally:
        assembled.stop()
