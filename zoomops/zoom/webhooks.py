"""Zoom webhook security: `x-zm-signature` verification (HMAC-SHA256, 5-minute window), URL validation, and
the redelivery key, computed from what the signature covers (the body), never from unsigned headers."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import SecretStr

from zoomops.zoom.headers import header

SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"
TOLERANCE = timedelta(minutes=5)


class WebhookRejected(ValueError):
    """The delivery is not provably from Zoom (bad or missing signature, stale or future timestamp)."""


def _secret_bytes(secret: SecretStr | str) -> bytes:
    return (secret.get_secret_value() if isinstance(secret, SecretStr) else secret).encode("utf-8")


def _hex_hmac(secret: SecretStr | str, message: bytes) -> str:
    return hmac.new(_secret_bytes(secret), message, hashlib.sha256).hexdigest()


def sign_webhook(secret: SecretStr | str, timestamp: str | int, body: bytes | str) -> str:
    """The `x-zm-signature` value Zoom would send: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    return "v0=" + _hex_hmac(secret, b"v0:" + str(timestamp).encode("ascii") + b":" + raw)


def _timestamp(value: str | None) -> datetime:
    if not value or not value.strip().isdigit():
        raise WebhookRejected(f"missing or malformed {TIMESTAMP_HEADER}")
    seconds = int(value.strip())
    if seconds > 10**11:  # milliseconds
        seconds //= 1000
    return datetime.fromtimestamp(seconds, UTC)


def verify_webhook(secret: SecretStr | str, headers: Mapping[str, str], raw_body: bytes, now: datetime) -> None:
    """Raise WebhookRejected unless the signature matches the raw body and the timestamp is within ±5 min."""
    stamp_text = header(headers, TIMESTAMP_HEADER)
    signature = header(headers, SIGNATURE_HEADER)
    if not signature:
        raise WebhookRejected(f"missing {SIGNATURE_HEADER}")
    sent_at = _timestamp(stamp_text)
    if abs(now - sent_at) > TOLERANCE:
        raise WebhookRejected(f"timestamp {sent_at.isoformat()} is more than 5 minutes from now")
    expected = sign_webhook(secret, str(stamp_text).strip(), raw_body)
    if not hmac.compare_digest(expected.encode("ascii"), signature.strip().encode("ascii", "replace")):
        raise WebhookRejected("signature does not match")


def url_validation_response(secret: SecretStr | str, plain_token: str) -> dict[str, str]:
    """The answer to `endpoint.url_validation`: the plain token and its hex HMAC-SHA256."""
    return {"plainToken": plain_token, "encryptedToken": _hex_hmac(secret, plain_token.encode("utf-8"))}


def delivery_key(data: Mapping[str, Any]) -> str:
    """What makes a delivery the same event: its name, `event_ts` and the object's uuid (else id), all from the
    signed body. A redelivery with a new, changed or missing `x-zm-trackingid` (an unsigned header) is still
    the same event; a new occurrence of the webinar (new uuid) is not."""
    payload = data.get("payload")
    obj = payload.get("object") if isinstance(payload, Mapping) else None
    obj = obj if isinstance(obj, Mapping) else {}
    ident = obj.get("uuid") or obj.get("id")
    parts = [data.get("event"), data.get("event_ts"), ident]
    if ident is None:  # an event without an object: the whole signed payload tells deliveries apart
        parts.append(json.dumps(payload, sort_keys=True, default=str))
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
