"""Server-to-Server OAuth: `POST /oauth/token` (account_credentials) and bearer-token checks.

Token endpoint errors follow Zoom's OAuth error table (4700/4702/4705/4706): body
`{"reason": <message>, "error": <oauth error>, "code": <zoom code>}`. The exact body Zoom sends
for a wrong account_id is not documented; the sandbox answers 400 code 4700.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta
from urllib.parse import parse_qsl

from zoomops.common.clock import Clock, utc_z
from zoomops.sandbox.errors import INVALID_TOKEN, MISSING_SCOPES, ZoomError
from zoomops.sandbox.ids import IdFactory
from zoomops.sandbox.state import Account, SandboxState
from zoomops.sandbox.wire import SandboxRequest, SandboxResponse

TOKEN_TTL = 3600
SCOPES = Account().scopes  # the default grant; `ZoomSandbox.set_scopes` narrows it for later tokens


def _oauth_error(status: int, code: int, error: str, reason: str) -> SandboxResponse:
    return SandboxResponse.of_json(status, {"reason": reason, "error": error, "code": code})


def _basic_credentials(request: SandboxRequest) -> tuple[str, str] | None:
    header = request.header("Authorization") or ""
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep and client_id and secret else None


def issue_token(request: SandboxRequest, state: SandboxState, clock: Clock, ids: IdFactory,
                api_base: str) -> SandboxResponse:
    """Check the grant, the account and the client's Basic credentials; store and return a new token."""
    form = {**request.query, **dict(parse_qsl(request.body.decode("utf-8", "replace")))}
    creds = _basic_credentials(request)
    account = state.account
    if creds is None:
        return _oauth_error(400, 4706, "invalid_request", "Client ID or client secret is missing.")
    if "grant_type" not in form:
        return _oauth_error(400, 4706, "invalid_request", "Missing grant type.")
    if form["grant_type"] != "account_credentials":
        return _oauth_error(400, 4705, "unsupported_grant_type", "Grant type is not supported from token endpoint.")
    if creds != (account.client_id, account.client_secret):
        return _oauth_error(401, 4702, "invalid_client", "Invalid client.")
    if form.get("account_id") != account.account_id:
        return _oauth_error(400, 4700, "invalid_request", "Invalid request : Account ID is invalid.")
    token = ids.secret(48)
    expires = clock.now() + timedelta(seconds=TOKEN_TTL)
    state.tokens[token] = {"expires_at": utc_z(expires), "scope": account.scopes}
    return SandboxResponse.of_json(200, {"access_token": token, "token_type": "bearer", "expires_in": TOKEN_TTL,
                                         "scope": account.scopes, "api_url": api_base})


def check_scopes(request: SandboxRequest, state: SandboxState, needed: tuple[str, ...]) -> None:
    """Code 4711 when the token holds none of the operation's scopes (`webinar:read` is covered by its
    `:admin` form). Zoom's HTTP status for 4711 is not documented; the sandbox answers 400."""
    header = request.header("Authorization") or ""
    granted = set(state.tokens.get(header[7:].strip(), {}).get("scope", "").split())
    if needed and not any(s in granted or f"{s}:admin" in granted for s in needed):
        raise ZoomError(400, 4711, MISSING_SCOPES.format(scopes=", ".join(needed)))


def check_bearer(request: SandboxRequest, state: SandboxState, now: datetime) -> None:
    """401 code 124 for a missing, unknown or expired token (expired tokens are also forgotten)."""
    header = request.header("Authorization") or ""
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    entry = state.tokens.get(token)
    if entry is None:
        raise ZoomError(401, 124, INVALID_TOKEN)
    if entry["expires_at"] <= utc_z(now):
        del state.tokens[token]
        raise ZoomError(401, 124, INVALID_TOKEN)


def expire_all(state: SandboxState, now: datetime) -> None:
    for entry in state.tokens.values():
        entry["expires_at"] = utc_z(now)
