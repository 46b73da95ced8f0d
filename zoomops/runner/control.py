"""Talking to a running runner from another process: control.json + control.token in the state dir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from zoomops.common.diagnostics import OperationalError
from zoomops.runner.server import CONTROL_FILE, TOKEN_FILE


class NoRunner(OperationalError):
    """No runner answers for this state directory."""


def endpoint(state_dir: Path) -> tuple[str, str]:
    """The running server's base URL and control token."""
    try:
        info = json.loads((state_dir / CONTROL_FILE).read_text(encoding="utf-8"))
        token = (state_dir / TOKEN_FILE).read_text(encoding="utf-8").strip()
        port = int(info["port"])
        host = str(info.get("host") or "127.0.0.1")
        scheme = "https" if info.get("scheme") == "https" else "http"
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # missing, or not what a runner writes
        raise NoRunner(f"no runner is active for {state_dir} (start one with `zoomops run FILE`)") from None
    if host in ("0.0.0.0", "", "::"):  # listening everywhere: loopback reaches it
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}", token


def call(state_dir: Path, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """One authenticated request to the runner; its JSON answer, or an OperationalError that says why not."""
    base, token = endpoint(state_dir)
    try:
        # The runner's own certificate names the public host, not the address used here: the connection is
        # to this machine's runner (its port and token come from the 0600 state files), so it is not verified.
        resp = requests.request(
            method, base + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10,
            verify=not base.startswith("https://"),
        )
    except requests.ConnectionError:
        raise NoRunner(f"no runner is active for {state_dir} (its control server does not answer)") from None
    except requests.Timeout:
        msg = f"the runner for {state_dir} did not answer within 10 s: see `zoomops status FILE` for whether it acted"
        raise OperationalError(msg) from None
    except requests.RequestException as exc:
        raise OperationalError(f"cannot reach the runner for {state_dir}: {exc}") from None
    data = _json_object(resp)
    if data is None:
        raise OperationalError(f"{base} did not answer like a zoomops runner (HTTP {resp.status_code}, not JSON)")
    if resp.status_code != 200:
        raise OperationalError(f"runner refused: HTTP {resp.status_code}: {data.get('error', data)}")
    return data


def _json_object(resp: requests.Response) -> dict[str, Any] | None:
    """The response body as a JSON object ({} when empty), None if it is anything else."""
    if not resp.content:
        return {}
    try:
        data = resp.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
