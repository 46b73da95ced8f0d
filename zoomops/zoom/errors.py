"""Typed exceptions built from Zoom's `{code, message, errors[]}` bodies; none ever carries a token."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import requests

from zoomops.common.diagnostics import OperationalError
from zoomops.zoom.headers import (
    next_utc_midnight,
    parse_retry_after,
    ratelimit_category,
    ratelimit_type,
    tracking_id,
)

NOT_FOUND_CODES = frozenset({1001, 3001})
# What a server (Zoom, a proxy, a gateway) may echo back of our request: the Authorization header, a token.
_CREDENTIAL = re.compile(
    r"(?i)(\b(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]{4,}"
    r"|((?:access_token|client_secret|authorization|secret|token)[\"']?\s*[:=]\s*[\"']?)"
    r"(?:(?:bearer|basic)\s+)?[^\s\"',;&}]{4,}"
)


def redact(text: str) -> str:
    """`text` with credentials a server echoed (Authorization values, `access_token=…`) replaced."""
    return _CREDENTIAL.sub(lambda m: (m.group(1) or m.group(2)) + "[redacted]", text)
VALIDATION_CODE = 300
DAILY_MESSAGE = re.compile(r"daily rate limit", re.IGNORECASE)


class ZoomError(OperationalError):
    """Base of every failure talking to Zoom (exit code 1)."""


class ZoomAPIError(ZoomError):
    """Zoom answered with an error status."""

    def __init__(
        self,
        http_status: int,
        code: int | None,
        message: str,
        errors: list[dict[str, Any]] | None = None,
        tracking_id: str | None = None,
        method: str = "",
        path: str = "",
    ) -> None:
        self.http_status = http_status
        self.code = code
        self.message = redact(message)
        self.errors = [{k: redact(v) if isinstance(v, str) else v for k, v in e.items()} for e in errors or []]
        self.tracking_id = tracking_id
        self.method = method
        self.path = path
        super().__init__(self._render())

    def _render(self) -> str:
        code = f" code {self.code}" if self.code is not None else ""
        fields = "; ".join(f"{e.get('field', '?')}: {e.get('message', '')}" for e in self.errors)
        detail = f" ({fields})" if fields else ""
        track = f" [tracking id {self.tracking_id}]" if self.tracking_id else ""
        return f"Zoom {self.method} {self.path}: HTTP {self.http_status}{code}: {self.message}{detail}{track}"

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}({self.http_status}, {self.code}, {self.message!r}, tracking_id={self.tracking_id!r})"


class ZoomAuthError(ZoomAPIError):
    """401: the credentials or the token were refused."""


class ZoomNotFound(ZoomAPIError):
    """404, or Zoom codes 3001 (webinar/meeting) / 1001 (user)."""


class ZoomValidationError(ZoomAPIError):
    """400 / code 300: Zoom rejected the request body or parameters."""


class ZoomRateLimited(ZoomAPIError):
    """429 per-second limit still hit after every retry."""

    def __init__(self, *args: Any, category: str | None = None, retry_after: float | None = None, **kw: Any) -> None:
        self.category = category
        self.retry_after = retry_after
        super().__init__(*args, **kw)


class ZoomDailyLimitExceeded(ZoomAPIError):
    """429 daily limit (account category cap or 100 create/update per host per day); not retried."""

    def __init__(self, *args: Any, resets_at: datetime, category: str | None = None, **kw: Any) -> None:
        self.resets_at = resets_at
        self.category = category
        super().__init__(*args, **kw)

    def _render(self) -> str:
        return f"{super()._render()}; daily limit resets at {self.resets_at.isoformat()}"


class ZoomOutcomeUnknown(ZoomError):
    """A POST may or may not have taken effect (timeout, dropped connection, 5xx); it was not resent."""

    def __init__(self, method: str, path: str, reason: str, http_status: int | None = None,
                 tracking_id: str | None = None) -> None:
        self.method = method
        self.path = path
        self.reason = reason
        self.http_status = http_status
        self.tracking_id = tracking_id
        track = f" [tracking id {tracking_id}]" if tracking_id else ""
        super().__init__(
            f"Zoom {method} {path}: outcome unknown ({reason}); not resent — reconcile before retrying{track}"
        )


class ZoomConnectionError(ZoomError):
    """Zoom could not be reached (after retries, for idempotent calls)."""

    def __init__(self, method: str, path: str, reason: str) -> None:
        self.method = method
        self.path = path
        self.reason = reason
        super().__init__(f"Zoom {method} {path}: could not reach Zoom ({reason})")


def response_body(response: requests.Response) -> dict[str, Any]:
    """The JSON error body, or a stand-in built from the status line when there is none."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        return body
    return {"message": response.reason or f"HTTP {response.status_code}"}


def is_daily_limit(response: requests.Response, body: dict[str, Any]) -> bool:
    kind = ratelimit_type(response.headers)
    if kind:
        return kind.lower().startswith("daily")
    return bool(DAILY_MESSAGE.search(str(body.get("message", ""))))


def error_from_response(response: requests.Response, method: str, path: str, now: datetime) -> ZoomAPIError:
    """The exception matching an error response (status and Zoom code decide the class)."""
    body = response_body(response)
    status = response.status_code
    code = body.get("code") if isinstance(body.get("code"), int) else None
    message = str(body.get("message") or body.get("reason") or body.get("error") or response.reason or "")
    errors = [e for e in body.get("errors", []) if isinstance(e, dict)] if isinstance(body.get("errors"), list) else []
    common: dict[str, Any] = {"errors": errors, "tracking_id": tracking_id(response.headers),
                              "method": method, "path": path}
    if status == 429:
        return _rate_limit_error(response, body, code, message, now, common)
    cls = _error_class(status, code)
    return cls(status, code, message, **common)


def _error_class(status: int, code: int | None) -> type[ZoomAPIError]:
    if status == 401:
        return ZoomAuthError
    if status == 404 or code in NOT_FOUND_CODES:
        return ZoomNotFound
    if status == 400 or code == VALIDATION_CODE:
        return ZoomValidationError
    return ZoomAPIError


def _rate_limit_error(response: requests.Response, body: dict[str, Any], code: int | None, message: str,
                      now: datetime, common: dict[str, Any]) -> ZoomAPIError:
    category = ratelimit_category(response.headers)
    resume = parse_retry_after(response.headers.get("Retry-After"), now)
    if is_daily_limit(response, body):
        resets_at = resume or next_utc_midnight(now)
        return ZoomDailyLimitExceeded(429, code, message, resets_at=resets_at, category=category, **common)
    wait = (resume - now).total_seconds() if resume else None
    return ZoomRateLimited(429, code, message, category=category, retry_after=wait, **common)
