"""The T-60 pre-flight check reads the custom live stream back when the runner will start and stop it."""

from __future__ import annotations

import pytest

from zoomops.app.context import App
from zoomops.provision.preflight import preflight

from .conftest import World


def test_preflight_checks_the_live_stream(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in world.env.items():
        if key.startswith(("ZOOM", "ZOOMOPS")):
            monkeypatch.setenv(key, value)
    app = App.open(world.schedule)
    ctx = app.provision(for_provisioning=False)
    try:
        ok = preflight(ctx)
        assert ok["status"] == "ok", ok
        assert ok["detail"].endswith("settings, panelists and interpreters, live stream as planned")
        with world.sandbox.transaction() as (state, _ids):
            state.webinars[world.webinar_id]["livestream"] = None  # nobody configured the stream
        bad = preflight(ctx)
    finally:
        app.close()
    assert bad == {"status": "error", "webinars": {"event": int(world.webinar_id)}, "detail": (
        "event: run.actions.livestream is on but the custom live stream is not configured (missing stream_url, "
        "stream_key, page_url): set it in Zoom (webinar > Live Streaming > custom service) before the start")}
    assert ("GET", f"/v2/webinars/{world.webinar_id}/livestream", None, 200) in world.sandbox.log
