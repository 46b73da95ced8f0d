"""`ZoomSession`: a `requests.Session` that owns the base URL, bearer auth, timeouts, retries and pacing.

Retry rules (tenacity, sleeping on the injected clock):
  429 QPS (or untyped, not the daily message) → wait `Retry-After` (seconds or date) or ~1 s + jitter;
  429 daily limit → `ZoomDailyLimitExceeded` at once; 5xx / connection errors / timeouts → retried with
  backoff for GET, PUT, PATCH, DELETE only; a POST that may have reached Zoom → `ZoomOutcomeUnknown`,
  never resent; 401 → one forced token refresh, then the request is sent once more.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn
from urllib.parse import urlsplit

import requests
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from zoomops import __version__
from zoomops.common.clock import Clock
from zoomops.zoom.auth import Credentials, TokenManager, regional_base
from zoomops.zoom.backoff import RetryPolicy as RetryPolicy  # re-exported: callers configure sessions with it
from zoomops.zoom.config import DEFAULT_API_URL
from zoomops.zoom.errors import (
    ZoomConnectionError,
    ZoomDailyLimitExceeded,
    ZoomError,
    ZoomOutcomeUnknown,
    ZoomRateLimited,
    error_from_response,
)
from zoomops.zoom.headers import parse_retry_after, ratelimit_type, tracking_id
from zoomops.zoom.ratelimit import Category, Pacer
from zoomops.zoom.tokens import AccessToken, TokenStore

log = logging.getLogger(__name__)
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
CallHook = Callable[[str, str, int | None], None]


@dataclass(frozen=True)
class ZoomCall:
    """One HTTP request as a call observer sees it: the category it was paced under and, for a 429, Zoom's
    `X-RateLimit-Type` (`QPS`, `Daily-limit`; None when Zoom did not say)."""

    method: str
    path: str
    status: int | None
    category: Category
    ratelimit_type: str | None = None


CallObserver = Callable[[ZoomCall], None]


class _Retry(Exception):
    """Internal: this attempt failed in a retryable way; `final` is raised if no attempt is left."""

    def __init__(self, final: ZoomError, delay: float | None) -> None:
        super().__init__(str(final))
        self.final = final
        self.delay = delay


def _give_up(state: RetryCallState) -> NoReturn:
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, _Retry):
        raise exc.final
    raise RuntimeError("retry loop ended without a retryable failure")  # pragma: no cover


class ZoomSession(requests.Session):
    """Relative URLs are joined to the API base; every call is paced, authorised and time-limited."""

    def __init__(self, clock: Clock, *, timeout: tuple[float, float] = (5.0, 30.0), pacer: Pacer | None = None,
                 retry: RetryPolicy | None = None, rng: Callable[[], float] | None = None) -> None:
        super().__init__()
        self.clock = clock
        self.timeout = timeout
        self.pacer = pacer
        self.retry_policy = retry or RetryPolicy()
        self._rng = rng or random.Random().random
        self.base_url = DEFAULT_API_URL
        self._api_url_explicit = False
        self.tokens: TokenManager | None = None
        self.calls: Counter[str] = Counter()
        self.call_hooks: list[CallHook] = []
        self.call_observers: list[CallObserver] = []
        self._calls_lock = threading.Lock()
        self.headers.update({"Accept": "application/json", "User-Agent": f"zoomops/{__version__}"})

    def __repr__(self) -> str:
        return f"ZoomSession(base_url={self.base_url!r})"

    def use_credentials(self, credentials: Credentials, *, oauth_url: str, api_url: str, api_url_explicit: bool,
                        store: TokenStore | None = None) -> None:
        """Authenticate with this S2S app; tokens are fetched through this session's own adapters."""
        self.tokens = TokenManager(credentials, oauth_url, self.send_unauthenticated, self.clock,
                                   store=store, timeout=self.timeout, retry=self.retry_policy, rng=self._rng)
        self.base_url = api_url.rstrip("/")
        self._api_url_explicit = api_url_explicit

    def send_unauthenticated(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, **kwargs)

    def api_base(self, token: AccessToken | None = None) -> str:
        """ZOOM_API_URL if set explicitly, else the token's regional `api_url` + /v2, else the default."""
        token = token or (self.tokens.current if self.tokens else None)
        if not self._api_url_explicit and token is not None and token.api_url:
            return regional_base(token.api_url)
        return self.base_url

    def request(self, method: str | bytes, url: str | bytes, *args: Any,  # type: ignore[override]
                category: Category | str = Category.LIGHT, **kwargs: Any) -> requests.Response:
        if args:
            raise TypeError("ZoomSession.request takes keyword arguments only after the URL")
        verb = method.decode() if isinstance(method, bytes) else method
        target = url.decode() if isinstance(url, bytes) else url
        kwargs.setdefault("timeout", self.timeout)
        call = (verb.upper(), target, Category(category), kwargs)
        try:  # the first attempt runs outside tenacity: most calls succeed and pay nothing for retrying
            return self._attempt(*call)
        except _Retry as first:
            return self._retry(first, call)

    def _retry(self, first: _Retry, call: tuple[str, str, Category, dict[str, Any]]) -> requests.Response:
        remaining = self.retry_policy.max_tries - 1
        if remaining < 1:
            raise first.final from None
        self.clock.sleep(self._delay(first, 1))
        retrying = Retrying(stop=stop_after_attempt(remaining), wait=self._wait,
                            retry=retry_if_exception_type(_Retry), sleep=self.clock.sleep,
                            retry_error_callback=_give_up)
        return retrying(self._attempt, *call)

    def _attempt(self, method: str, url: str, category: Category, kwargs: dict[str, Any]) -> requests.Response:
        if self.tokens is None:
            raise RuntimeError("ZoomSession has no credentials: call use_credentials() first")
        token = self.tokens.token()
        response = self._send(method, url, category, token, kwargs)
        if response.status_code == 401:
            token = self.tokens.force_refresh(token)
            response = self._send(method, url, category, token, kwargs)
        return self._check(method, response)

    def _send(self, method: str, url: str, category: Category, token: AccessToken,
              kwargs: dict[str, Any]) -> requests.Response:
        full = url if url.startswith(("http://", "https://")) else self.api_base(token) + "/" + url.lstrip("/")
        headers = {**(kwargs.get("headers") or {}), "Authorization": f"Bearer {token.value}"}
        if self.pacer is not None:
            self.pacer.acquire(category)
        try:
            response = super().request(method, full, **{**kwargs, "headers": headers})
        except requests.RequestException as exc:
            self._count(method, full, None, category)
            raise self._transport_failure(method, full, exc) from None
        self._count(method, full, response.status_code, category, response.headers)
        return response

    def _count(self, method: str, url: str, status: int | None, category: Category,
               headers: Mapping[str, str] | None = None) -> None:
        path = urlsplit(url).path
        log.debug("zoom %s %s -> %s", method, path, status if status is not None else "no answer")
        with self._calls_lock:
            self.calls[method] += 1
        for hook in self.call_hooks:
            hook(method, path, status)
        if self.call_observers:
            kind = ratelimit_type(headers) if headers is not None and status == 429 else None
            for observer in self.call_observers:
                observer(ZoomCall(method, path, status, category, kind))

    def _transport_failure(self, method: str, url: str, exc: requests.RequestException) -> Exception:
        path, reason = urlsplit(url).path, type(exc).__name__
        if method in IDEMPOTENT:
            return _Retry(ZoomConnectionError(method, path, reason), None)
        if isinstance(exc, requests.ConnectTimeout):
            return ZoomConnectionError(method, path, f"{reason}; the request was not sent")
        return ZoomOutcomeUnknown(method, path, reason)

    def _check(self, method: str, response: requests.Response) -> requests.Response:
        status = response.status_code
        if status == 429:
            raise self._rate_limited(method, response)
        if status >= 500:
            path = urlsplit(response.url).path
            if method not in IDEMPOTENT:
                raise ZoomOutcomeUnknown(method, path, f"HTTP {status}", status, tracking_id(response.headers))
            raise _Retry(error_from_response(response, method, path, self.clock.now()), self._retry_after(response))
        return response

    def _rate_limited(self, method: str, response: requests.Response) -> Exception:
        error = error_from_response(response, method, urlsplit(response.url).path, self.clock.now())
        if isinstance(error, ZoomDailyLimitExceeded) or not isinstance(error, ZoomRateLimited):
            return error
        delay = error.retry_after
        if delay is not None and delay > self.retry_policy.max_wait:
            return error
        return _Retry(error, delay if delay is not None else self._qps_delay())

    def _retry_after(self, response: requests.Response) -> float | None:
        resume = parse_retry_after(response.headers.get("Retry-After"), self.clock.now())
        if resume is None:
            return None
        return min(max((resume - self.clock.now()).total_seconds(), 0.0), self.retry_policy.max_wait)

    def _qps_delay(self) -> float:
        return self.retry_policy.qps_delay(self._rng)

    def _wait(self, state: RetryCallState) -> float:
        """tenacity's wait: its attempt 1 is the request's second attempt."""
        exc = state.outcome.exception() if state.outcome else None
        return self._delay(exc if isinstance(exc, _Retry) else None, state.attempt_number + 1)

    def _delay(self, failure: _Retry | None, attempt: int) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based): what Zoom asked for, else backoff."""
        if failure is not None and failure.delay is not None:
            return max(failure.delay, 0.0)
        return self.retry_policy.backoff(attempt, self._rng)
