"""Server-to-Server OAuth: fetch, cache (memory + state dir), renew 60 s early, one refresh at a time."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import SecretStr

from zoomops.common.clock import Clock
from zoomops.zoom.errors import ZoomAuthError, ZoomConnectionError, error_from_response
from zoomops.zoom.tokens import AccessToken, TokenStore, cache_key

RENEW_MARGIN = timedelta(seconds=60)
Send = Callable[..., requests.Response]


@dataclass(frozen=True)
class Credentials:
    """What identifies the S2S app; the secret stays a `SecretStr` until the Basic header is built."""

    account_id: str
    client_id: str
    client_secret: SecretStr = field(repr=False)

    def basic_header(self) -> str:
        raw = f"{self.client_id}:{self.client_secret.get_secret_value()}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")


class TokenManager:
    """Hands out a valid access token; `send` is an unauthenticated `requests` call (method, url, **kw)."""

    def __init__(self, credentials: Credentials, oauth_url: str, send: Send, clock: Clock, *,
                 store: TokenStore | None = None, timeout: tuple[float, float] = (5.0, 30.0)) -> None:
        self._credentials = credentials
        self._oauth_url = oauth_url
        self._send = send
        self._clock = clock
        self._store = store
        self._timeout = timeout
        self._key = cache_key(credentials.account_id, credentials.client_id, oauth_url)
        self._token: AccessToken | None = None
        self._lock = threading.Lock()
        self.fetches = 0

    def __repr__(self) -> str:
        return f"TokenManager(oauth_url={self._oauth_url!r}, cached={self._token is not None})"

    @property
    def current(self) -> AccessToken | None:
        return self._token

    def token(self) -> AccessToken:
        """A token with more than 60 s left: from memory, else the state file, else Zoom."""
        token = self._token
        if token is not None and self._fresh(token):
            return token
        with self._lock:
            if self._token is not None and self._fresh(self._token):
                return self._token
            stored = self._store.load(self._key) if self._store else None
            self._token = stored if stored is not None and self._fresh(stored) else self._fetch()
            return self._token

    def force_refresh(self, stale: AccessToken | None = None) -> AccessToken:
        """Replace `stale` (the token Zoom refused) unless another thread already did."""
        with self._lock:
            if self._token is not None and stale is not None and self._token.value != stale.value:
                return self._token
            self._token = self._fetch()
            return self._token

    def _fresh(self, token: AccessToken) -> bool:
        return self._clock.now() < token.expires_at - RENEW_MARGIN

    def _fetch(self) -> AccessToken:
        self.fetches += 1
        response = self._post()
        if response.status_code != 200:
            raise self._failure(response)
        token = self._parse(response)
        if self._store is not None:
            self._store.save(self._key, token)
        return token

    def _post(self) -> requests.Response:
        form = {"grant_type": "account_credentials", "account_id": self._credentials.account_id}
        headers = {"Authorization": self._credentials.basic_header(), "Accept": "application/json"}
        try:
            return self._send("POST", self._oauth_url, data=form, headers=headers, timeout=self._timeout)
        except requests.RequestException as exc:
            raise ZoomConnectionError("POST", _path(self._oauth_url), type(exc).__name__) from None

    def _failure(self, response: requests.Response) -> Exception:
        error = error_from_response(response, "POST", _path(self._oauth_url), self._clock.now())
        if response.status_code in (400, 401, 403):
            return ZoomAuthError(error.http_status, error.code, f"token request refused: {error.message}",
                                 tracking_id=error.tracking_id, method="POST", path=error.path)
        return error

    def _parse(self, response: requests.Response) -> AccessToken:
        try:
            raw: dict[str, Any] = response.json()
            value = str(raw["access_token"])
            lifetime = float(raw.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError):
            raise ZoomAuthError(response.status_code, None, "token response without access_token",
                                method="POST", path=_path(self._oauth_url)) from None
        return AccessToken(value=value, expires_at=self._clock.now() + timedelta(seconds=lifetime),
                           scopes=frozenset(str(raw.get("scope") or "").split()),
                           api_url=raw.get("api_url") or None)


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def regional_base(api_url: str) -> str:
    """The token's regional `api_url` (e.g. https://api-eu.zoom.us) as a v2 base URL."""
    base = api_url.rstrip("/")
    return base if base.endswith("/v2") else f"{base}/v2"
