"""Client-side pacing: token buckets per category, exact waits on the FakeClock, thread safety."""

from __future__ import annotations

import threading

import pytest

from zoomops.common.clock import FakeClock
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.ratelimit import PLAN_LIMITS, Category, Pacer, TokenBucket

from .conftest import API, make_session


def test_bucket_allows_a_burst_then_waits_exactly_one_interval(clock: FakeClock) -> None:
    bucket = TokenBucket(30, 1.0, clock)
    waits = [bucket.acquire() for _ in range(32)]
    assert waits[:30] == [0.0] * 30
    assert waits[30] == pytest.approx(1 / 30)
    assert waits[31] == pytest.approx(1 / 30)
    assert clock.sleeps == [pytest.approx(1 / 30), pytest.approx(1 / 30)]


def test_bucket_refills_with_time(clock: FakeClock) -> None:
    bucket = TokenBucket(10, 1.0, clock)
    for _ in range(10):
        bucket.acquire()
    clock.advance(0.5)
    waits = [bucket.acquire() for _ in range(6)]
    assert waits == [0.0] * 5 + [pytest.approx(0.1)]


def test_resource_intensive_is_per_minute(clock: FakeClock) -> None:
    pacer = Pacer.for_plan("pro", clock, headroom=1.0)
    waits = [pacer.acquire(Category.RESOURCE_INTENSIVE) for _ in range(11)]
    assert waits[-1] == pytest.approx(6.0)


def test_for_plan_keeps_headroom_below_published_limits(clock: FakeClock) -> None:
    assert Pacer.for_plan("pro", clock).limits == {Category.LIGHT: (27, 1.0), Category.MEDIUM: (18, 1.0),
                                                   Category.HEAVY: (9, 1.0), Category.RESOURCE_INTENSIVE: (9, 60.0)}
    assert Pacer.for_plan("free", clock).limits[Category.HEAVY] == (1, 1.0)
    with pytest.raises(ValueError):
        Pacer.for_plan("pro", clock, headroom=1.5)


def test_plan_limits_match_zoom_docs() -> None:
    assert PLAN_LIMITS["pro"] == {Category.LIGHT: (30, 1.0), Category.MEDIUM: (20, 1.0),
                                  Category.HEAVY: (10, 1.0), Category.RESOURCE_INTENSIVE: (10, 60.0)}
    assert PLAN_LIMITS["business"][Category.LIGHT] == (80, 1.0)
    assert PLAN_LIMITS["free"][Category.MEDIUM] == (2, 1.0)


def test_overrides_are_configurable(clock: FakeClock) -> None:
    pacer = Pacer.for_plan("pro", clock, overrides={Category.LIGHT: (2, 1.0)}, headroom=1.0)
    assert [pacer.acquire("Light") for _ in range(3)] == [0.0, 0.0, pytest.approx(0.5)]
    assert pacer.limits[Category.MEDIUM] == (20, 1.0)


def test_concurrent_reservations_are_distinct_and_fair(clock: FakeClock) -> None:
    bucket = TokenBucket(10, 1.0, clock)  # the clock never moves: every wait is a distinct queue slot
    waits: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(5)

    def worker() -> None:
        barrier.wait()
        for _ in range(10):
            w = bucket.reserve()
            with lock:
                waits.append(w)

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(round(w, 9) for w in waits) == [0.0] * 10 + [round(k / 10, 9) for k in range(1, 41)]


def test_session_paces_each_category_separately(mock, token_ok, clock: FakeClock) -> None:
    session = make_session(clock, pacer=Pacer.for_plan("free", clock, headroom=1.0))
    client = ZoomClient(session)
    mock.get(f"{API}/webinars/1", json={"id": 1})
    mock.get(f"{API}/webinars/1/panelists", json={"panelists": []})
    for _ in range(5):
        client.get_webinar(1)  # Light: 4/s on Free
    assert clock.sleeps == [pytest.approx(0.25)]
    for _ in range(3):
        client.list_panelists(1)  # Medium: 2/s, its own bucket
    assert clock.sleeps[1:] == [pytest.approx(0.5)]


def test_pacing_applies_to_each_retry_attempt(mock, token_ok, clock: FakeClock) -> None:
    session = make_session(clock, pacer=Pacer({Category.LIGHT: (1, 1.0)}, clock))
    mock.get(f"{API}/webinars/1", status=503)
    mock.get(f"{API}/webinars/1", json={"id": 1})
    ZoomClient(session).get_webinar(1)
    # backoff 0.5 s, then the bucket still needs another 0.5 s before the second attempt
    assert clock.sleeps == [0.5, pytest.approx(0.5)]
