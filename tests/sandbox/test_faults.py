"""Fault injection: each kind, targeted by method and path, deterministic with a seed."""

from __future__ import annotations

import pytest
import requests

from tests.sandbox.sandbox_helpers import Api
from zoomops.sandbox.faults import FaultInjector, FaultPlan, FaultRule

CREATE = r"/users/[^/]+/webinars$"


def _webinar_count(api: Api) -> int:
    return api.call("GET", "/users/me/webinars").json()["total_records"]


def test_latency_sleeps_on_the_clock_only_for_matching_calls(api: Api) -> None:
    api.sandbox.set_faults(FaultPlan([FaultRule("latency", method="POST", path=CREATE, seconds=2.5)]))
    before = api.clock.now()
    api.call("GET", "/users/me")
    assert api.clock.sleeps == []
    api.create()
    assert api.clock.sleeps == [2.5]
    assert (api.clock.now() - before).total_seconds() == 2.5


def test_error_answers_5xx_without_changing_state(api: Api) -> None:
    api.sandbox.set_faults(FaultPlan([FaultRule("error", method="POST", path=CREATE, status=503, times=1)]))
    resp = api.create()
    assert resp.status_code == 503
    assert resp.json() == {"code": 503, "message": "Service Unavailable"}
    assert _webinar_count(api) == 0
    assert api.create().status_code == 201


def test_drop_raises_connection_error_and_timeout_raises_read_timeout(api: Api) -> None:
    api.sandbox.set_faults(FaultPlan([FaultRule("drop", path=r"/users/me$", times=1),
                                      FaultRule("timeout", path=r"/users/me$", times=1)]))
    with pytest.raises(requests.ConnectionError):
        api.call("GET", "/users/me")
    with pytest.raises(requests.ReadTimeout):
        api.call("GET", "/users/me")
    assert api.call("GET", "/users/me").status_code == 200


@pytest.mark.parametrize("outcome", ["error", "timeout", "drop"])
def test_commit_then_fail_on_create_keeps_the_webinar(api: Api, outcome: str) -> None:
    api.sandbox.set_faults(FaultPlan([FaultRule("commit_then_fail", method="POST", path=CREATE, outcome=outcome,
                                                times=1)]))
    if outcome == "error":
        assert api.create().status_code == 502
    else:
        with pytest.raises(requests.Timeout if outcome == "timeout" else requests.ConnectionError):
            api.create()
    assert _webinar_count(api) == 1


def test_commit_then_fail_on_second_panelist_batch(api: Api) -> None:
    wid = api.create().json()["id"]
    api.sandbox.set_faults(FaultPlan([FaultRule("commit_then_fail", method="POST", path=r"/panelists$", skip=1,
                                                times=1, status=502)]))
    batch = [{"email": f"a{i}@example.com", "name": "A"} for i in range(30)]
    assert api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": batch}).status_code == 201
    batch2 = [{"email": f"b{i}@example.com", "name": "B"} for i in range(5)]
    assert api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": batch2}).status_code == 502
    assert api.call("GET", f"/webinars/{wid}/panelists").json()["total_records"] == 35
    assert api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": batch2}).status_code == 201
    assert api.call("GET", f"/webinars/{wid}/panelists").json()["total_records"] == 35


def test_commit_then_fail_does_not_fire_on_rejected_calls(api: Api) -> None:
    api.sandbox.set_faults(FaultPlan([FaultRule("commit_then_fail", method="POST", path=CREATE)]))
    assert api.create({"type": 4}).status_code == 400


def test_token_expiry_after_n_requests(api: Api) -> None:
    api.sandbox.set_faults(FaultPlan([FaultRule("expire_tokens", path=r"^/v2/", skip=3, times=1)]))
    assert [api.call("GET", "/users/me").status_code for _ in range(4)] == [200, 200, 200, 401]
    api.fetch_token()
    assert api.call("GET", "/users/me").status_code == 200


def test_rate_limit_burst(api: Api) -> None:
    api.sandbox.set_faults(FaultPlan([FaultRule("rate_limit", method="POST", path=r"/panelists$", times=2)]))
    wid = api.create().json()["id"]
    codes = [api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": []}) for _ in range(3)]
    assert [r.status_code for r in codes] == [429, 429, 201]
    assert codes[0].headers["X-RateLimit-Category"] == "Medium"
    assert codes[0].headers["X-RateLimit-Type"] == "QPS"


def test_probability_is_deterministic_with_a_seed() -> None:
    def run(seed: int) -> list[bool]:
        injector = FaultInjector(FaultPlan([FaultRule("error", probability=0.3)], seed=seed))
        return [bool(injector.select("GET", "/v2/users/me")) for _ in range(200)]

    assert run(7) == run(7)
    assert run(7) != run(8)
    assert 30 <= sum(run(7)) <= 90


def test_plan_round_trips_through_json() -> None:
    plan = FaultPlan([FaultRule("commit_then_fail", method="POST", path=CREATE, outcome="drop", times=1)], seed=3)
    assert FaultPlan.from_dict(plan.to_dict()) == plan
