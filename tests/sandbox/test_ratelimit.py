"""Rate limits: per-label QPS buckets on the injected clock, and 100 create+update per host per UTC day."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.sandbox.sandbox_helpers import Api
from zoomops.common.clock import FakeClock
from zoomops.sandbox.ratelimit import TokenBucket


def test_light_bucket_allows_30_per_second_then_429_with_headers(api: Api) -> None:
    for _ in range(30):
        assert api.call("GET", "/users/me").status_code == 200
    resp = api.call("GET", "/users/me")
    assert resp.status_code == 429
    assert resp.json() == {"code": 429, "message": "You have reached the maximum per-second rate limit for this "
                                                   "API. Try again later."}
    assert resp.headers["X-RateLimit-Category"] == "Light"
    assert resp.headers["X-RateLimit-Type"] == "QPS"
    assert resp.headers["X-RateLimit-Limit"] == "30"
    assert resp.headers["X-RateLimit-Remaining"] == "0"
    assert "Retry-After" not in resp.headers
    assert resp.headers["x-zm-trackingid"]
    api.clock.advance(1 / 30)
    assert api.call("GET", "/users/me").status_code == 200


def test_medium_bucket_is_separate_and_20_per_second(api: Api) -> None:
    wid = api.create().json()["id"]
    for _ in range(20):
        assert api.call("GET", f"/webinars/{wid}/panelists").status_code == 200
    resp = api.call("GET", f"/webinars/{wid}/panelists")
    assert (resp.status_code, resp.headers["X-RateLimit-Category"], resp.headers["X-RateLimit-Limit"]) == (
        429, "Medium", "20")
    assert api.call("GET", f"/webinars/{wid}").status_code == 200


def test_resource_intensive_bucket_is_10_per_minute() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10, 60.0, clock)
    assert all(bucket.take() for _ in range(10))
    assert not bucket.take()
    clock.advance(5.9)
    assert not bucket.take()
    clock.advance(0.1)
    assert bucket.take()


def test_daily_limit_of_100_create_and_update_per_host(api: Api) -> None:
    wid = api.create().json()["id"]
    for n in range(99):
        api.clock.advance(0.1)
        resp = api.call("PATCH", f"/webinars/{wid}", json={"topic": f"v{n}"}) if n % 2 else api.create()
        assert resp.status_code in (201, 204), (n, resp.text)
    api.clock.set(datetime(2022, 9, 6, 23, 59, 59, tzinfo=UTC))
    api.fetch_token()
    resp = api.create()
    assert resp.status_code == 429
    assert resp.json() == {"code": 429, "message": "You have exceeded the daily rate limit (100) of Webinar "
                           "Create/Update API requests permitted for this particular user. You may resume these "
                           "requests at GMT 00:00:00."}
    assert {k: resp.headers[k] for k in ("X-RateLimit-Category", "X-RateLimit-Type", "X-RateLimit-Limit",
                                         "X-RateLimit-Remaining", "Retry-After")} == {
        "X-RateLimit-Category": "Light", "X-RateLimit-Type": "Daily-limit", "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "0", "Retry-After": "2022-09-07T00:00:00Z"}
    assert api.call("PATCH", f"/webinars/{wid}", json={"topic": "x"}).status_code == 429
    assert api.call("GET", f"/webinars/{wid}").status_code == 200
    api.clock.advance(1)
    assert api.create().status_code == 201


def test_daily_limit_is_per_host(api: Api) -> None:
    api.sandbox.add_user("cohost@example.com")
    for _ in range(100):
        api.clock.advance(0.1)
        assert api.create().status_code == 201
    assert api.create().status_code == 429
    assert api.create(user="cohost@example.com").status_code == 201
