"""Server-to-Server OAuth: fetch, cache (memory + state dir), renew 60 s early, one refresh at a time.

`POST /oauth/token` is retried like an idempotent call (asking twice only issues another token): a dropped
connection, a timeout or a 5xx is retried with backoff, a 429 after its `Retry-After` (or ~1 s), at most
`RetryPolicy.max_tries` attempts; 400/401/403 (wrong credentials) fail at once.
"""

from __future__ import annotations

import base64
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import SecretStr
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from zoomops.common.clock import Clock
from zoomops.zoom.backoff import RetryPolicy
from zoomops.zoom.errors import (
    ZoomAPIError,
    ZoomAuthError,
    ZoomConnectionError,
    ZoomError,
    ZoomRateLimited,
    error_from_response,
)
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


class _TryAgain(Exception):
    """Internal: this token attempt failed in a retryable way."""

    def __init__(self, final: ZoomError, delay: float | None) -> None:
        super().__init__(str(final))
        self.final = final
        self.delay = delay


class TokenManager:
    """Hands out a valid access token; `send` is an unauthenticated `requests` call (method, url, **kw)."""

    def __init__(self, credentials: Credentials, oauth_url: str, send: Send, clock: Clock, *,
                 store: TokenStore | None = None, timeout: tuple[float, float] = (5.0, 30.0),
                 retry: RetryPolicy | None = None, rng: Callable[[], float] | None = None) -> None:
        self._credentials = credentials
        self._retry = retry or RetryPolicy()
        self._rng = rng or random.Random().random
        self._oauth_url = oauth_url
        self._send = send
        self._clock = clock
        self._store = store
        self._timeout = timeout
        self._key = cache_key(credentials.account_id, credentials.client_id,
                              credentials.client_secret.get_secret_value(), oauth_url)
        self._token: AccessToken | None = None
        self._lock = threading.Lock()
        self.fetches = 0  # tokens obtained from Zoom
        self.attempts = 0  # token requests sent, retries included

    def __repr__(self) -> str:
        return f"TokenManager(oauth_url={self._oauth_url!r}, cached={self._token is not None})"

    @property
    def account_id(self) -> str:
        """The Zoom account these credentials belong to (not a secret)."""
        return self._credentials.account_id

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
        retrying = Retrying(stop=stop_after_attempt(max(self._retry.max_tries, 1)), wait=self._wait,
                            retry=retry_if_exception_type(_TryAgain), sleep=self._clock.sleep,
                            retry_error_callback=_give_up)
        response: requests.Response = retrying(self._attempt)
        token = self._parse(response)
        self.fetches += 1
        if self._store is not None:
            self._store.save(self._key, token)
        return token

    def _attempt(self) -> requests.Response:
        """One token request: the 200 response, or _TryAgain for what is worth retrying, or the final error."""
        self.attempts += 1
        try:
            response = self._post()
        except ZoomConnectionError as exc:
            raise _TryAgain(exc, None) from None
        if response.status_code == 200:
            return response
        failure = self._failure(response)
        if response.status_code >= 500:
            raise _TryAgain(failure, None)
        if isinstance(failure, ZoomRateLimited):
            wait = failure.retry_after
            if wait is not None and wait > self._retry.max_wait:
                raise failure
            raise _TryAgain(failure, wait if wait is not None else self._retry.qps_delay(self._rng))
        raise failure

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _TryAgain) and exc.delay is not None:
            return max(exc.delay, 0.0)
        return self._retry.backoff(state.attempt_number, self._rng)

    def _post(self) -> requests.Response:
        form = {"grant_type": "account_credentials", "account_id": self._credentials.account_id}
        headers = {"Authorization": self._credentials.basic_header(), "Accept": "application/json"}
        try:
            return self._send("POST", self._oauth_url, data=form, headers=headers, timeout=self._timeout)
        except requests.RequestException as exc:
            raise ZoomConnectionError("POST", _path(self._oauth_url), type(exc).__name__) from None

    def _failure(self, response: requests.Response) -> ZoomAPIError:
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


def _give_up(state: RetryCallState) -> requests.Response:
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, _TryAgain):
        raise exc.final
    raise RuntimeError("token retry loop ended without a retryable failure")  # pragma: no cover


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def regional_base(api_url: str) -> str:
    """The token's regional `api_url` (e.g. https://api-eu.zoom.us) as a v2 base URL."""
    base = api_url.rstrip("/")
    return base if base.endswith("/v2") else f"{base}/v2"
