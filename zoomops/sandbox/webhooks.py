"""Zoom-style signed webhook deliveries (`x-zm-signature: v0=HMAC_SHA256(secret, "v0:{ts}:{body}")`).

The sandbox builds them; sending is the caller's choice (a test posts them to its receiver).
Timestamps are Unix seconds (Zoom's own material does not state the unit).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any


def signature(secret: str, timestamp: str, body: bytes) -> str:
    message = b"v0:" + timestamp.encode("ascii") + b":" + body
    return "v0=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def webinar_event(name: str, account_id: str, webinar: dict[str, Any], now: datetime) -> dict[str, Any]:
    """`webinar.started` / `webinar.ended` payload: the object fields Zoom's SDK lists for them."""
    fields = ("id", "uuid", "host_id", "topic", "type", "start_time", "timezone", "duration")
    obj = {k: webinar[k] for k in fields if k in webinar}
    obj["id"] = str(obj["id"])
    return {"event": name, "event_ts": int(now.timestamp() * 1000),
            "payload": {"account_id": account_id, "object": obj}}


def signed_delivery(secret: str, event: dict[str, Any], now: datetime) -> tuple[dict[str, str], bytes]:
    """Headers and raw body of one delivery, signed with the app's webhook secret token."""
    body = json.dumps(event, separators=(",", ":")).encode("utf-8")
    timestamp = str(int(now.timestamp()))
    headers = {"Content-Type": "application/json", "x-zm-request-timestamp": timestamp,
               "x-zm-signature": signature(secret, timestamp, body)}
    return headers, body
