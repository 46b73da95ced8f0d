"""State file: two sessions (standing in for two CLI processes) see the same sandbox account."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from tests.sandbox.sandbox_helpers import Api
from zoomops.common.clock import FakeClock
from zoomops.sandbox.adapter import SandboxAdapter, mount_sandbox


def _api(state_file: Path, clock: FakeClock) -> Api:
    session = requests.Session()
    creds = mount_sandbox(session, state_file=state_file, clock=clock)
    adapter = session.get_adapter("https://sandbox.zoomops.invalid/")
    assert isinstance(adapter, SandboxAdapter)
    return Api(session, creds, adapter.sandbox, clock)


def test_second_session_sees_the_first_sessions_webinar(tmp_path: Path, clock: FakeClock) -> None:
    state_file = tmp_path / "sandbox.json"
    apply = _api(state_file, clock)
    apply.fetch_token()
    wid = apply.create({"topic": "Persisted"}).json()["id"]
    apply.call("POST", f"/webinars/{wid}/panelists", json={"panelists": [{"email": "a@example.com", "name": "A"}]})

    status = _api(state_file, clock)
    assert status.creds == apply.creds
    status.token = apply.token  # a token cached by the first process still works in the second
    assert status.call("GET", f"/webinars/{wid}").json()["topic"] == "Persisted"
    status.fetch_token()
    assert status.call("GET", f"/webinars/{wid}/panelists").json()["total_records"] == 1
    status.sandbox.start_webinar(wid)
    assert apply.call("PUT", f"/webinars/{wid}/status", json={"action": "end"}).status_code == 204


def test_state_file_is_json_and_new_ids_do_not_repeat(tmp_path: Path, clock: FakeClock) -> None:
    state_file = tmp_path / "sandbox.json"
    first = _api(state_file, clock)
    first.fetch_token()
    a = first.create().json()["id"]
    second = _api(state_file, clock)
    second.fetch_token()
    b = second.create().json()["id"]
    assert a != b
    saved = json.loads(state_file.read_text())
    assert sorted(saved["webinars"]) == sorted([str(a), str(b)])
    assert not list(tmp_path.glob("*.tmp"))


def test_daily_counts_survive_a_restart(tmp_path: Path, clock: FakeClock) -> None:
    state_file = tmp_path / "sandbox.json"
    first = _api(state_file, clock)
    first.fetch_token()
    wid = first.create().json()["id"]
    for n in range(99):
        clock.advance(0.1)
        assert first.call("PATCH", f"/webinars/{wid}", json={"agenda": str(n)}).status_code == 204
    second = _api(state_file, clock)
    second.fetch_token()
    assert second.create().status_code == 429
