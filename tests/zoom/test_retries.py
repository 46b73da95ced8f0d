"""Every retry path of ZoomSession: QPS 429, daily limit, 5xx, transport errors, POST never resent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests
import responses

from zoomops.common.clock import FakeClock
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.errors import (
    ZoomAPIError,
    ZoomConnectionError,
    ZoomDailyLimitExceeded,
    ZoomOutcomeUnknown,
    ZoomRateLimited,
)
from zoomops.zoom.models import WebinarCreate

from .conftest import API, api_calls, make_session

QPS_BODY = {"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."}
DAILY_BODY = {"code": 429, "message": "You have exceeded the daily rate limit (100) of Meeting Create/Update API "
                                     "requests permitted for this particular user. You may resume these requests "
                                     "at GMT 00:00:00."}
URL = f"{API}/webinars/1"


@pytest.fixture(autouse=True)
def _token(token_ok) -> None:
    """Every test here starts with a working token endpoint."""


def qps(mock: responses.RequestsMock, method: str = responses.GET, url: str = URL, **headers: str) -> None:
    mock.add(method, url, status=429, json=QPS_BODY,
             headers={"X-RateLimit-Category": "Light", "X-RateLimit-Type": "QPS", **headers})


def test_qps_429_honours_retry_after_seconds(mock, session, clock: FakeClock) -> None:
    qps(mock, **{"Retry-After": "2"})
    mock.get(URL, json={"id": 1})
    assert session.get("webinars/1").json() == {"id": 1}
    assert clock.sleeps == [2.0]
    assert len(api_calls(mock)) == 2


def test_qps_429_honours_retry_after_http_date(mock, session, clock: FakeClock) -> None:
    qps(mock, **{"Retry-After": "Thu, 01 Sep 2022 00:00:03 GMT"})
    mock.get(URL, json={"id": 1})
    session.get("webinars/1")
    assert clock.sleeps == [3.0]


def test_qps_429_honours_retry_after_iso_date(mock, session, clock: FakeClock) -> None:
    qps(mock, **{"Retry-After": "2022-09-01T00:00:04Z"})
    mock.get(URL, json={"id": 1})
    session.get("webinars/1")
    assert clock.sleeps == [4.0]


def test_qps_429_without_retry_after_waits_one_second_plus_jitter(mock, clock: FakeClock) -> None:
    session = make_session(clock, rng=0.5)
    qps(mock)
    mock.get(URL, json={"id": 1})
    session.get("webinars/1")
    assert clock.sleeps == [1.25]


def test_untyped_429_is_treated_as_qps(mock, session, clock: FakeClock) -> None:
    mock.get(URL, status=429, json=QPS_BODY)
    mock.get(URL, json={"id": 1})
    session.get("webinars/1")
    assert clock.sleeps == [1.0]


def test_qps_429_post_is_retried_because_zoom_rejected_it_unprocessed(mock, client, clock) -> None:
    qps(mock, responses.POST, f"{API}/users/me/webinars")
    mock.post(f"{API}/users/me/webinars", status=201, json={"id": 7})
    assert client.create_webinar("me", WebinarCreate(topic="t")).id == 7
    assert clock.sleeps == [1.0]


def test_qps_exhausted_raises_rate_limited_after_five_tries(mock, client, clock: FakeClock) -> None:
    qps(mock)
    with pytest.raises(ZoomRateLimited) as info:
        client.get_webinar(1)
    assert len(api_calls(mock)) == 5
    assert clock.sleeps == [1.0, 1.0, 1.0, 1.0]
    assert info.value.category == "Light"
    assert info.value.http_status == 429


def test_retry_after_longer_than_max_wait_is_not_slept(mock, client, clock: FakeClock) -> None:
    qps(mock, **{"Retry-After": "600"})
    with pytest.raises(ZoomRateLimited) as info:
        client.get_webinar(1)
    assert info.value.retry_after == 600.0
    assert clock.sleeps == []


def test_daily_limit_header_is_not_retried(mock, client, clock: FakeClock) -> None:
    mock.get(URL, status=429, json=DAILY_BODY,
             headers={"X-RateLimit-Category": "Light", "X-RateLimit-Type": "Daily-limit",
                      "Retry-After": "2022-09-02T00:00:00Z", "x-zm-trackingid": "WEB_abc"})
    with pytest.raises(ZoomDailyLimitExceeded) as info:
        client.get_webinar(1)
    assert len(api_calls(mock)) == 1
    assert clock.sleeps == []
    assert info.value.resets_at == datetime(2022, 9, 2, tzinfo=UTC)
    assert "daily limit resets at 2022-09-02T00:00:00+00:00" in str(info.value)
    assert info.value.tracking_id == "WEB_abc"


def test_daily_message_without_headers_resets_at_next_utc_midnight(mock, client, clock: FakeClock) -> None:
    clock.advance(13 * 3600)
    mock.post(f"{API}/users/me/webinars", status=429, json=DAILY_BODY,
              headers={"X-RateLimit-Category": "Light", "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0"})
    with pytest.raises(ZoomDailyLimitExceeded) as info:
        client.create_webinar("me", WebinarCreate(topic="t"))
    assert info.value.resets_at == datetime(2022, 9, 2, tzinfo=UTC)
    assert len(api_calls(mock)) == 1


@pytest.mark.parametrize("method", [responses.GET, responses.PATCH, responses.DELETE, responses.PUT])
def test_5xx_is_retried_with_backoff_on_idempotent_methods(mock, session, clock: FakeClock, method: str) -> None:
    mock.add(method, URL, status=502, json={"code": 502, "message": "bad gateway"})
    mock.add(method, URL, status=503)
    mock.add(method, URL, status=204)
    assert session.request(method, "webinars/1").status_code == 204
    assert clock.sleeps == [0.5, 1.0]
    assert len(api_calls(mock)) == 3


def test_5xx_retry_after_is_honoured(mock, session, clock: FakeClock) -> None:
    mock.get(URL, status=503, headers={"Retry-After": "7"})
    mock.get(URL, json={"id": 1})
    session.get("webinars/1")
    assert clock.sleeps == [7.0]


def test_5xx_exhausted_raises_api_error_with_tracking_id(mock, client, clock: FakeClock) -> None:
    mock.get(URL, status=500, json={"code": 500, "message": "oops"}, headers={"x-zm-trackingid": "WEB_500"})
    with pytest.raises(ZoomAPIError) as info:
        client.get_webinar(1)
    assert info.value.http_status == 500
    assert info.value.tracking_id == "WEB_500"
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0]
    assert len(api_calls(mock)) == 5


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_post_5xx_is_outcome_unknown_and_sent_once(mock, client, clock: FakeClock, status: int) -> None:
    mock.post(f"{API}/users/me/webinars", status=status, headers={"x-zm-trackingid": "WEB_x"})
    with pytest.raises(ZoomOutcomeUnknown) as info:
        client.create_webinar("me", WebinarCreate(topic="t"))
    assert len(api_calls(mock)) == 1
    assert clock.sleeps == []
    assert info.value.http_status == status
    assert info.value.tracking_id == "WEB_x"


@pytest.mark.parametrize("exc", [requests.ReadTimeout("read timed out"), requests.ConnectionError("reset")])
def test_post_timeout_or_drop_is_outcome_unknown_and_sent_once(mock, client, clock, exc: Exception) -> None:
    mock.post(f"{API}/webinars/1/panelists", body=exc)
    with pytest.raises(ZoomOutcomeUnknown) as info:
        client.add_panelists(1, [{"email": "a@example.com", "name": "A"}])
    assert len(api_calls(mock)) == 1
    assert clock.sleeps == []
    assert info.value.reason == type(exc).__name__


def test_post_connect_timeout_is_a_connection_error_not_resent(mock, client, clock) -> None:
    mock.post(f"{API}/users/me/webinars", body=requests.ConnectTimeout("connect timed out"))
    with pytest.raises(ZoomConnectionError) as info:
        client.create_webinar("me", WebinarCreate(topic="t"))
    assert "not sent" in str(info.value)
    assert len(api_calls(mock)) == 1


def test_get_connection_errors_are_retried_then_raised(mock, client, clock: FakeClock) -> None:
    mock.get(URL, body=requests.ConnectionError("reset"))
    with pytest.raises(ZoomConnectionError) as info:
        client.get_webinar(1)
    assert len(api_calls(mock)) == 5
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0]
    assert str(info.value) == "Zoom GET /v2/webinars/1: could not reach Zoom (ConnectionError)"


def test_get_timeout_then_success(mock, session, clock: FakeClock) -> None:
    mock.get(URL, body=requests.ReadTimeout("slow"))
    mock.get(URL, json={"id": 1})
    assert session.get("webinars/1").json() == {"id": 1}
    assert clock.sleeps == [0.5]


def test_backoff_is_capped(mock, clock: FakeClock) -> None:
    from zoomops.zoom.session import RetryPolicy

    session = make_session(clock, retry=RetryPolicy(max_tries=7, backoff_cap=3.0))
    mock.get(URL, status=503)
    with pytest.raises(ZoomAPIError):
        ZoomClient(session).get_webinar(1)
    assert clock.sleeps == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]


def test_single_try_policy_never_sleeps(mock, clock: FakeClock) -> None:
    from zoomops.zoom.session import RetryPolicy

    session = make_session(clock, retry=RetryPolicy(max_tries=1))
    mock.get(URL, status=503)
    with pytest.raises(ZoomAPIError):
        ZoomClient(session).get_webinar(1)
    assert clock.sleeps == []
    assert len(api_calls(mock)) == 1
