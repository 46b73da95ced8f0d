"""Control API and Zoom webhook over real HTTP on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from zoomops.common.clock import FakeClock
from zoomops.runner.actions import RecordingExecutor
from zoomops.runner.control import NoRunner, call
from zoomops.runner.engine import Runner
from zoomops.runner.notify import MemoryNotifier
from zoomops.runner.server import CONTROL_FILE, TOKEN_FILE, ControlServer
from zoomops.show.model import Schedule
from zoomops.zoom.webhooks import sign_webhook

SECRET = "whsec-test-secret"
START = datetime(2022, 9, 6, 0, 2, tzinfo=UTC)


class Live:
    def __init__(self, runner: Runner, server: ControlServer, clock: FakeClock, state: Path) -> None:
        self.runner, self.server, self.clock, self.state = runner, server, clock, state
        self.base = f"http://127.0.0.1:{server.port}"

    def api(self, method: str, path: str, token: str | None = "right", body: dict | None = None) -> requests.Response:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {self.server.token if token == 'right' else token}"
        return requests.request(method, self.base + path, json=body, headers=headers, timeout=5)

    def hook(
        self,
        payload: dict,
        *,
        ts: int | None = None,
        secret: str = SECRET,
        tracking: str | None = None,
        raw: bytes | None = None,
    ) -> requests.Response:
        body = raw if raw is not None else json.dumps(payload).encode()
        stamp = str(ts if ts is not None else int(self.clock.now().timestamp()))
        headers = {
            "x-zm-request-timestamp": stamp,
            "x-zm-signature": sign_webhook(secret, stamp, body),
            "Content-Type": "application/json",
        }
        if tracking:
            headers["x-zm-trackingid"] = tracking
        return requests.post(self.base + "/zoom/webhook", data=body, headers=headers, timeout=5)


@pytest.fixture
def live(tiny: Schedule, tmp_path: Path) -> Iterator[Live]:
    clock = FakeClock(START)
    runner = Runner(tiny, tmp_path, clock, RecordingExecutor(), MemoryNotifier(), threaded=False)
    runner.start()
    server = ControlServer(runner, tmp_path, clock, webhook_secret=SECRET, webinar_id=8123456789)
    server.start()
    yield Live(runner, server, clock, tmp_path)
    server.stop()
    runner.stop()


def test_control_files_written_private(live: Live) -> None:
    info = json.loads((live.state / CONTROL_FILE).read_text())
    assert info["port"] == live.server.port and info["host"] == "127.0.0.1"
    assert (live.state / TOKEN_FILE).read_text() == live.server.token
    assert stat.S_IMODE((live.state / TOKEN_FILE).stat().st_mode) == 0o600


def test_token_required(live: Live) -> None:
    assert live.api("GET", "/api/status", token=None).status_code == 401
    assert live.api("GET", "/api/status", token="not-the-token").status_code == 403
    ok = live.api("GET", "/api/status")
    assert ok.status_code == 200
    st = ok.json()
    assert (st["block"], st["item"]) == ("Session A", "Talk A")
    assert st["next_cue"]["id"] == "b00.i00.warn-2" and st["time_left_seconds"] == 180
    assert live.api("POST", "/api/delay", token=None, body={"minutes": 5}).status_code == 401
    assert live.api("GET", "/nope").status_code == 404
    assert live.api("GET", "/api/delay").status_code == 405


def test_delay_next_skip_over_http(live: Live) -> None:
    r = live.api("POST", "/api/delay", body={"minutes": 2})
    assert r.status_code == 200 and r.json()["position"] == "b00.i00.warn-2"
    assert live.runner.effective("b00.i00.warn-2") == datetime(2022, 9, 6, 0, 5, tzinfo=UTC)
    assert live.api("POST", "/api/delay", body={"minutes": "x"}).status_code == 400
    words = "Now: Session A — Talk A (started 09:00, on time). Next: Talk B at 09:07 (planned 09:05)."
    skipped = {"ok": True, "cue": "b00.i01.warn-2", "label": "2 min left: Talk B — Bo (ends 09:12)",
               "message": "2 min left: Talk B — Bo (ends 09:12)", "words": words}
    assert live.api("POST", "/api/skip", body={"cue": "b00.i01.warn-2"}).json() == skipped
    assert live.api("POST", "/api/skip", body={"cue": "b00.i01.warn-2"}).status_code == 409
    r = live.api("POST", "/api/next")
    assert r.status_code == 200 and r.json()["cue"] == "b00.i01.start"
    assert live.api("GET", "/api/status").json()["item"] == "Talk B"


def test_control_client_finds_the_runner(live: Live, tmp_path: Path) -> None:
    assert call(live.state, "GET", "/api/status")["event"] == "tiny-forum"
    with pytest.raises(NoRunner, match="no runner is active"):
        call(tmp_path / "elsewhere", "GET", "/api/status")


def test_webhook_url_validation(live: Live) -> None:
    r = live.hook({"event": "endpoint.url_validation", "payload": {"plainToken": "abc123"}, "event_ts": 1})
    assert r.status_code == 200
    expected = hmac.new(SECRET.encode(), b"abc123", hashlib.sha256).hexdigest()
    assert r.json() == {"plainToken": "abc123", "encryptedToken": expected}


def started(minute: int) -> dict:
    return {
        "event": "webinar.started",
        "event_ts": 1662422400000 + minute * 60_000,
        "payload": {"account_id": "a", "object": {"id": "8123456789", "start_time": f"2022-09-06T00:{minute:02d}:00Z"}},
    }


def test_webhook_valid_anchors_the_start(live: Live) -> None:
    r = live.hook(started(2), tracking="t-1")
    assert r.status_code == 200 and r.json()["shift_seconds"] == 120
    assert live.runner.effective("b00.i00.warn-2") == datetime(2022, 9, 6, 0, 5, tzinfo=UTC)


def test_webhook_forged_signature_rejected(live: Live) -> None:
    r = live.hook(started(2), secret="someone-else")
    assert r.status_code == 401 and "signature" in r.json()["error"]
    assert live.runner.effective("b00.i00.warn-2") == datetime(2022, 9, 6, 0, 3, tzinfo=UTC)


def test_webhook_tampered_body_rejected(live: Live) -> None:
    body = json.dumps(started(2)).encode()
    stamp = str(int(live.clock.now().timestamp()))
    headers = {"x-zm-request-timestamp": stamp, "x-zm-signature": sign_webhook(SECRET, stamp, body)}
    r = requests.post(live.base + "/zoom/webhook", data=body.replace(b"00:02", b"00:09"), headers=headers, timeout=5)
    assert r.status_code == 401


def test_webhook_stale_timestamp_rejected(live: Live) -> None:
    r = live.hook(started(2), ts=int(live.clock.now().timestamp()) - 301)
    assert r.status_code == 401 and "5 minutes" in r.json()["error"]
    assert live.hook(started(2), ts=int(live.clock.now().timestamp()) - 299).status_code == 200


def test_webhook_replay_dropped(live: Live) -> None:
    assert live.hook(started(2), tracking="same").json()["shift_seconds"] == 120
    replay = live.hook(started(2), tracking="same")
    assert replay.status_code == 200 and replay.json() == {"ok": True, "duplicate": True}
    # without a tracking id, event_ts + event is the key
    end = {"event": "webinar.ended", "event_ts": 1662440000000, "payload": {"object": {"id": "8123456789"}}}
    assert live.hook(end).json()["report"]["reason"] == "webinar ended"
    assert live.hook(end).json() == {"ok": True, "duplicate": True}
    assert live.runner.finished


def test_webhook_for_another_webinar_ignored(live: Live) -> None:
    other = started(4)
    other["payload"]["object"]["id"] = "999"
    assert "ignored" in live.hook(other).json()
    assert live.runner.effective("b00.i00.warn-2") == datetime(2022, 9, 6, 0, 3, tzinfo=UTC)


def test_redelivery_with_a_new_or_missing_tracking_id_is_still_a_duplicate(live: Live) -> None:
    assert live.hook(started(2), tracking="first").json()["shift_seconds"] == 120
    for tracking in ("second", None):  # the tracking id is not signed: it does not make a new event
        assert live.hook(started(2), tracking=tracking).json() == {"ok": True, "duplicate": True}
    again = started(2)
    again["payload"]["object"]["uuid"] = "new-occurrence=="  # what Zoom signs differs: a new event
    assert live.hook(again).json() == {"ok": True, "anchored": False, "reason": "already anchored"}


def test_deliveries_seen_survive_a_restart(tiny: Schedule, tmp_path: Path) -> None:
    clock = FakeClock(START)
    answers = []
    for tracking in ("first", "second"):  # two runner lives on the same state directory
        runner = Runner(tiny, tmp_path, clock, RecordingExecutor(), MemoryNotifier(), threaded=False)
        runner.start()
        server = ControlServer(runner, tmp_path, clock, webhook_secret=SECRET, webinar_id=8123456789)
        server.start()
        try:
            answers.append(Live(runner, server, clock, tmp_path).hook(started(2), tracking=tracking).json())
        finally:
            server.stop()
            runner.stop()
    assert answers[0]["anchored"] is True and answers[1] == {"ok": True, "duplicate": True}


def test_implausible_anchor_refused_then_a_plausible_one_anchors(live: Live) -> None:
    years_away = started(2)
    years_away["payload"]["object"]["start_time"] = "2025-01-01T00:02:00Z"
    out = live.hook(years_away).json()
    assert out["anchored"] is False and "beyond the 120-minute window (run.anchor_window_minutes)" in out["reason"]
    assert live.runner.effective("b00.i00.warn-2") == datetime(2022, 9, 6, 0, 3, tzinfo=UTC)
    notes = live.runner.notifier.events  # type: ignore[attr-defined]
    [warning] = [e for e in notes if e["type"] == "adjustment" and e["kind"] == "anchor-rejected"]
    assert warning["summary"].startswith(
        "WARNING: webinar.started at 2025-01-01T00:02:00+00:00 is +1221122 min from the planned start "
        "2022-09-06T09:00:00+09:00")
    assert live.hook(started(3)).json() == {"ok": True, "anchored": True, "shift_seconds": 180.0}
    assert live.runner.effective("b00.i00.warn-2") == datetime(2022, 9, 6, 0, 6, tzinfo=UTC)
