"""Webhook signature verification and the endpoint.url_validation answer (vectors computed with openssl)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from zoomops.zoom.webhooks import WebhookRejected, sign_webhook, url_validation_response, verify_webhook

SECRET = "gDpa6K4rSuW_T6gbz0y2ag"
BODY = b'{"event":"webinar.started","payload":{"object":{"id":5}}}'
STAMP = "1662076800"  # 2022-09-02T00:00:00Z
SIGNATURE = "v0=6e3771870c894fe930ac8a1bb4155510ae7e2bc1c97b4e81140bad2077b52128"
NOW = datetime(2022, 9, 2, 0, 1, tzinfo=UTC)


def headers(signature: str = SIGNATURE, stamp: str = STAMP) -> dict[str, str]:
    return {"X-Zm-Signature": signature, "X-Zm-Request-Timestamp": stamp, "Content-Type": "application/json"}


def test_sign_webhook_matches_openssl_vector() -> None:
    assert sign_webhook(SECRET, STAMP, BODY) == SIGNATURE
    assert sign_webhook(SecretStr(SECRET), int(STAMP), BODY.decode()) == SIGNATURE


def test_valid_delivery_passes() -> None:
    verify_webhook(SecretStr(SECRET), headers(), BODY, NOW)
    verify_webhook(SECRET, {k.lower(): v for k, v in headers().items()}, BODY, NOW)


def test_forged_signature_is_rejected() -> None:
    with pytest.raises(WebhookRejected, match="does not match"):
        verify_webhook(SECRET, headers(signature="v0=" + "0" * 64), BODY, NOW)
    with pytest.raises(WebhookRejected, match="does not match"):
        verify_webhook("another-secret", headers(), BODY, NOW)


def test_tampered_body_is_rejected() -> None:
    with pytest.raises(WebhookRejected):
        verify_webhook(SECRET, headers(), BODY.replace(b"5", b"6"), NOW)
    with pytest.raises(WebhookRejected):  # re-serialised JSON is not the raw body
        verify_webhook(SECRET, headers(), BODY.replace(b":", b": "), NOW)


@pytest.mark.parametrize("offset", [timedelta(minutes=5, seconds=1), timedelta(minutes=-5, seconds=-1)])
def test_stale_or_future_timestamp_is_rejected(offset: timedelta) -> None:
    with pytest.raises(WebhookRejected, match="more than 5 minutes"):
        verify_webhook(SECRET, headers(), BODY, datetime(2022, 9, 2, tzinfo=UTC) + offset)


def test_edge_of_window_is_accepted() -> None:
    verify_webhook(SECRET, headers(), BODY, datetime(2022, 9, 2, 0, 5, tzinfo=UTC))


def test_missing_headers_are_rejected() -> None:
    with pytest.raises(WebhookRejected, match="missing x-zm-signature"):
        verify_webhook(SECRET, {"x-zm-request-timestamp": STAMP}, BODY, NOW)
    with pytest.raises(WebhookRejected, match="x-zm-request-timestamp"):
        verify_webhook(SECRET, {"x-zm-signature": SIGNATURE}, BODY, NOW)
    with pytest.raises(WebhookRejected, match="malformed"):
        verify_webhook(SECRET, headers(stamp="yesterday"), BODY, NOW)


def test_url_validation_response() -> None:
    assert url_validation_response(SecretStr(SECRET), "qgg8vlvZRS6UYooatFL8Aw") == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": "44100aec137708ab42f25d585d5faf5912f17e89b11b308379346ae8fa30b0be",
    }
