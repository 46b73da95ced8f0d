"""Signed webhook deliveries built by the sandbox verify the way Zoom's sample receiver checks them."""

from __future__ import annotations

import hashlib
import hmac
import json

from tests.sandbox.sandbox_helpers import Api
from zoomops.sandbox.webhooks import signature


def test_signature_matches_zoom_recipe() -> None:
    expected = hmac.new(b"s3cret", b"v0:1662422400:{}", hashlib.sha256).hexdigest()
    assert signature("s3cret", "1662422400", b"{}") == f"v0={expected}"


def test_webinar_started_delivery_is_signed(api: Api) -> None:
    created = api.create({"topic": "Hooked"}).json()
    headers, body = api.sandbox.webhook("webinar.started", created["id"], "s3cret")
    assert headers["x-zm-request-timestamp"] == "1662422400"
    assert headers["x-zm-signature"] == signature("s3cret", "1662422400", body)
    assert headers["x-zm-signature"] != signature("other", "1662422400", body)
    event = json.loads(body)
    assert event["event"] == "webinar.started"
    assert event["event_ts"] == 1662422400000
    assert event["payload"]["object"]["id"] == str(created["id"])
    assert event["payload"]["object"]["uuid"] == created["uuid"]


def test_webhook_via_control_endpoint(api: Api) -> None:
    wid = api.create().json()["id"]
    resp = api.session.post(f"https://sandbox.zoomops.invalid/_sandbox/webinars/{wid}/webhook",
                            json={"event": "webinar.ended", "secret": "k"})
    assert resp.status_code == 200
    delivery = resp.json()
    assert delivery["headers"]["x-zm-signature"] == signature("k", delivery["headers"]["x-zm-request-timestamp"],
                                                              delivery["body"].encode())
