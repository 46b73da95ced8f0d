"""Reading Zoom's response headers: tracking id, rate-limit category/type and `Retry-After`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from email.utils import parsedate_to_datetime

TRACKING_HEADER = "x-zm-trackingid"


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header by case-insensitive name (works for plain dicts too)."""
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def tracking_id(headers: Mapping[str, str]) -> str | None:
    return header(headers, TRACKING_HEADER)


def ratelimit_type(headers: Mapping[str, str]) -> str | None:
    """`QPS`, `Daily-limit` or None when Zoom did not say (it often doesn't for per-user limits)."""
    value = header(headers, "X-RateLimit-Type")
    return value.strip() if value else None


def ratelimit_category(headers: Mapping[str, str]) -> str | None:
    value = header(headers, "X-RateLimit-Category")
    return value.strip() if value else None


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """`Retry-After` as delta-seconds, an HTTP date or an ISO-8601 instant → the aware instant to resume at."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return now + timedelta(seconds=max(float(text), 0.0))
    except ValueError:
        pass
    return _parse_date(text)


def _parse_date(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def next_utc_midnight(now: datetime) -> datetime:
    """When Zoom's daily limits reset: the next 00:00 UTC."""
    return datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(0), tzinfo=UTC)
