"""Real HTTP on 127.0.0.1 with an ephemeral port: API, OAuth, control endpoints, dropped connections."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from zoomops.cli.main import cli
from zoomops.common.clock import FakeClock
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.server import SandboxServer
from zoomops.sandbox.state import StateStore


@pytest.fixture
def server(clock: FakeClock) -> Iterator[SandboxServer]:
    running = SandboxServer(ZoomSandbox(clock), "127.0.0.1", 0).start()
    yield running
    running.stop()


def _token(url: str, creds: dict[str, str]) -> dict[str, str]:
    resp = requests.post(creds["oauth_url"], data={"grant_type": "account_credentials",
                                                   "account_id": creds["account_id"]},
                         auth=(creds["client_id"], creds["client_secret"]), timeout=5)
    assert resp.status_code == 200
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


def test_round_trip_over_http(server: SandboxServer) -> None:
    creds = requests.get(f"{server.url}/_sandbox/credentials", timeout=5).json()
    assert creds["api_url"] == f"{server.url}/v2"
    assert creds["oauth_url"] == f"{server.url}/oauth/token"
    auth = _token(server.url, creds)
    created = requests.post(f"{creds['api_url']}/users/me/webinars", json={"topic": "Over HTTP"}, headers=auth,
                            timeout=5)
    assert created.status_code == 201
    assert created.headers["x-zm-trackingid"]
    wid = created.json()["id"]
    assert requests.post(f"{server.url}/_sandbox/webinars/{wid}/start", timeout=5).status_code == 204
    ended = requests.put(f"{creds['api_url']}/webinars/{wid}/status", json={"action": "end"}, headers=auth,
                         timeout=5)
    assert ended.status_code == 204
    assert ended.content == b""
    state = requests.get(f"{server.url}/_sandbox/state", timeout=5).json()
    assert state["webinars"][str(wid)]["status"] == "ended"
    bad = requests.get(f"{creds['api_url']}/webinars/{wid}", timeout=5)
    assert (bad.status_code, bad.json()["code"]) == (401, 124)


def test_faults_set_over_http_drop_the_connection(server: SandboxServer) -> None:
    creds = requests.get(f"{server.url}/_sandbox/credentials", timeout=5).json()
    auth = _token(server.url, creds)
    plan = {"seed": 1, "rules": [{"kind": "drop", "method": "GET", "path": "/users/me$", "times": 1}]}
    assert requests.post(f"{server.url}/_sandbox/faults", json=plan, timeout=5).status_code == 204
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{creds['api_url']}/users/me", headers=auth, timeout=5)
    assert requests.get(f"{creds['api_url']}/users/me", headers=auth, timeout=5).status_code == 200


def test_http_and_in_process_share_a_state_file(tmp_path: Path, clock: FakeClock) -> None:
    store_file = tmp_path / "state.json"
    with SandboxServer(ZoomSandbox(clock, store=StateStore(store_file)), "127.0.0.1", 0) as running:
        creds = requests.get(f"{running.url}/_sandbox/credentials", timeout=5).json()
        auth = _token(running.url, creds)
        wid = requests.post(f"{creds['api_url']}/users/me/webinars", json={"topic": "Shared"}, headers=auth,
                            timeout=5).json()["id"]
    reopened = ZoomSandbox(clock, store=StateStore(store_file))
    assert reopened.webinar_record(wid)["webinar"]["topic"] == "Shared"


def test_cli_registers_sandbox_serve() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "serve", "--help"])
    assert result.exit_code == 0
    for option in ("--port", "--host", "--latency", "--error-rate", "--plan", "--state"):
        assert option in result.output
