"""Serve `requests` calls from an in-process `ZoomSandbox`: no sockets, no network.

    session = requests.Session()
    creds = mount_sandbox(session, state_file=None, clock=FakeClock())
    token = session.post(creds.oauth_url, data={...}, auth=(creds.client_id, creds.client_secret))

With `state_file`, the sandbox state is loaded from that JSON file for every request and saved after
every mutating one (atomic rename, under an exclusive `flock` on `<state_file>.lock`), so separate
processes (`zoomops apply`, then `zoomops status`) see the same account. Transport faults become
`requests.ConnectionError` (dropped connection) or `requests.ReadTimeout`.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from zoomops.common.clock import Clock
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.credentials import SANDBOX_ORIGIN, SandboxCredentials
from zoomops.sandbox.state import StateStore
from zoomops.sandbox.wire import SandboxRequest, SandboxResponse

__all__ = ["SandboxAdapter", "SandboxCredentials", "mount_sandbox"]


class SandboxAdapter(BaseAdapter):
    """A transport adapter that hands each prepared request to a `ZoomSandbox`."""

    def __init__(self, sandbox: ZoomSandbox) -> None:
        super().__init__()
        self.sandbox = sandbox

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Mapping[str, str] | None = None
             ) -> requests.Response:
        answer = self.sandbox.handle(_to_sandbox(request))
        if answer.transport_fault == "drop":
            raise requests.ConnectionError("sandbox: connection dropped", request=request)
        if answer.transport_fault == "timeout":
            raise requests.ReadTimeout("sandbox: read timed out", request=request)
        return _to_response(request, answer)

    def close(self) -> None:
        """Nothing to release: no sockets were opened."""


def _to_sandbox(request: requests.PreparedRequest) -> SandboxRequest:
    parts = urlsplit(request.url or "")
    return SandboxRequest(
        method=(request.method or "GET").upper(),
        path=parts.path,
        query=dict(parse_qsl(parts.query, keep_blank_values=True)),
        headers={k: v if isinstance(v, str) else v.decode("latin-1") for k, v in request.headers.items()},
        body=_body_bytes(request.body),
    )


def _body_bytes(body: object) -> bytes:
    """The prepared body as bytes (zoomops never streams a request body to the sandbox)."""
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes):
        return body
    raise TypeError(f"the sandbox adapter takes str or bytes bodies, not {type(body).__name__}")


def _to_response(request: requests.PreparedRequest, answer: SandboxResponse) -> requests.Response:
    response = requests.Response()
    response.status_code = answer.status
    response.headers = CaseInsensitiveDict(answer.headers)
    response._content = answer.body
    response.encoding = "utf-8"
    response.url = request.url or ""
    response.request = request
    response.reason = _reason(answer.status)
    return response


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def mount_sandbox(
    session: requests.Session,
    *,
    state_file: Path | None = None,
    clock: Clock,
    sandbox: ZoomSandbox | None = None,
    **options: Any,
) -> SandboxCredentials:
    """Mount a sandbox on `https://sandbox.zoomops.invalid/` and return its credentials.

    Pass `sandbox` to reuse one you control (faults, `start_webinar`); otherwise one is built from
    `clock`, `state_file` and `options` (ZoomSandbox keyword arguments such as `plan`, `faults`).
    The adapter is reachable afterwards as `session.get_adapter(SANDBOX_ORIGIN + "/").sandbox`.
    """
    if sandbox is None:
        store = StateStore(state_file) if state_file is not None else None
        sandbox = ZoomSandbox(clock, store=store, **options)
    session.mount(f"{SANDBOX_ORIGIN}/", SandboxAdapter(sandbox))
    return sandbox.credentials()
