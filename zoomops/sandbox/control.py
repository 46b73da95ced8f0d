"""The sandbox's controls: the typed interface (`SandboxControl`) and its `/_sandbox/...` HTTP endpoints.

In process, `ZoomSandbox` itself is the `SandboxControl`; over HTTP the same operations are:

  POST /_sandbox/webinars/{id}/start   mark started (204)
  GET  /_sandbox/webinars/{id}         the sandbox's full record (200)
  POST /_sandbox/faults                replace the fault plan, body = FaultPlan.to_dict() (204)
  POST /_sandbox/features              {"language_interpretation": false} (204)
  POST /_sandbox/users                 {"email": ..., "first_name"?, "last_name"?, "timezone"?} (201)
  POST /_sandbox/tokens/expire         expire every issued token (204)
  GET  /_sandbox/state                 the whole state (200)
  GET  /_sandbox/credentials           the S2S credentials and URLs (200)
  POST /_sandbox/webinars/{id}/webhook {"event": "webinar.started", "secret": ...} -> {"headers","body"} (200)
  POST /_sandbox/webinars/{id}/reports {"participants": [...], ...} or {"synthesize": {"sessions": [...]}} (200)
  POST /_sandbox/scopes                {"scopes": "webinar:read:admin ..."} for tokens issued later (204)
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Protocol

from zoomops.sandbox.errors import ZoomError
from zoomops.sandbox.faults import FaultPlan
from zoomops.sandbox.wire import SandboxRequest, SandboxResponse

if TYPE_CHECKING:
    from zoomops.sandbox.app import ZoomSandbox


class SandboxControl(Protocol):
    """What a rehearsal or a test may do to the simulated account besides calling Zoom's API."""

    def start_webinar(self, webinar_id: str | int) -> None:
        """Mark a webinar as started (the host joined): live actions then work on it."""

    def add_user(self, email: str, *, first_name: str = "Sandbox", last_name: str = "User",
                 timezone: str = "UTC") -> dict[str, Any]:
        """Add a user to the account (e.g. the schedule's host) and return its record."""

    def set_faults(self, plan: FaultPlan | None) -> None:
        """Replace the fault plan (latency, errors, drops...)."""

    def set_feature(self, name: str, enabled: bool) -> None:
        """Turn an account feature (e.g. `language_interpretation`) on or off."""

    def expire_tokens(self) -> None:
        """Expire every issued access token."""

    def webinar_record(self, webinar_id: str | int) -> dict[str, Any]:
        """The sandbox's full record of a webinar (status, panelists, stream, events)."""

    def snapshot(self) -> dict[str, Any]:
        """The whole state."""

    def set_reports(self, webinar_id: str | int, data: dict[str, Any]) -> dict[str, Any]:
        """Put report data (participants, Q&A, polls, absentees, recording) on a webinar, or synthesize it."""

    def set_scopes(self, scopes: str) -> None:
        """The scopes of tokens issued from now on."""


WEBINAR_RE = re.compile(r"^/_sandbox/webinars/(?P<id>[^/]+)(?P<action>/start|/webhook|/reports)?$")


def handle_control(sandbox: ZoomSandbox, request: SandboxRequest) -> SandboxResponse:
    try:
        return _route(sandbox, request, request.json() or {})
    except ZoomError as err:
        return SandboxResponse.of_json(err.status, err.body(), err.headers)
    except (ValueError, TypeError, KeyError) as exc:
        return SandboxResponse.of_json(400, {"code": 300, "message": f"Bad control request: {exc}"})


def _route(sandbox: ZoomSandbox, request: SandboxRequest, body: Any) -> SandboxResponse:
    method, path = request.method, request.path
    webinar = WEBINAR_RE.match(path)
    if webinar and webinar["action"] == "/start" and method == "POST":
        sandbox.start_webinar(webinar["id"])
        return SandboxResponse.empty(204)
    if webinar and webinar["action"] == "/webhook" and method == "POST":
        headers, raw = sandbox.webhook(body["event"], webinar["id"], body["secret"])
        return SandboxResponse.of_json(200, {"headers": headers, "body": raw.decode("utf-8")})
    if webinar and webinar["action"] == "/reports" and method == "POST":
        return SandboxResponse.of_json(200, sandbox.set_reports(webinar["id"], body))
    if webinar and not webinar["action"] and method == "GET":
        return SandboxResponse.of_json(200, sandbox.webinar_record(webinar["id"]))
    simple = {
        ("POST", "/_sandbox/faults"): lambda: sandbox.set_faults(FaultPlan.from_dict(body)),
        ("POST", "/_sandbox/features"): lambda: _set_features(sandbox, body),
        ("POST", "/_sandbox/tokens/expire"): sandbox.expire_tokens,
        ("POST", "/_sandbox/scopes"): lambda: sandbox.set_scopes(str(body["scopes"])),
    }
    if (method, path) in simple:
        simple[(method, path)]()
        return SandboxResponse.empty(204)
    if (method, path) == ("POST", "/_sandbox/users"):
        return SandboxResponse.of_json(201, sandbox.add_user(**body))
    if (method, path) == ("GET", "/_sandbox/state"):
        return SandboxResponse.of_json(200, sandbox.snapshot())
    if (method, path) == ("GET", "/_sandbox/credentials"):
        return SandboxResponse.of_json(200, asdict(sandbox.credentials()))
    return SandboxResponse.of_json(404, {"code": 404, "message": "Not Found"})


def _set_features(sandbox: ZoomSandbox, body: dict[str, Any]) -> None:
    for name, enabled in body.items():
        sandbox.set_feature(name, bool(enabled))
