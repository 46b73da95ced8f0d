"""The service's Prometheus metrics with exact values: Zoom calls by rate-limit category and 429s by category
and X-RateLimit-Type (the sandbox's rate-limit fault), cue lateness of a live runner (fake clock), lease holder."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client.parser import text_string_to_metric_families

from tests.service.conftest import Harness
from zoomops.app.serviceops import AppEventOps
from zoomops.common.zoomlimits import Category
from zoomops.sandbox.faults import FaultPlan, FaultRule
from zoomops.service.metrics import ServiceMetrics
from zoomops.service.store import Lifecycle
from zoomops.zoom.session import ZoomCall


def samples(metrics: ServiceMetrics, harness: Harness, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """Every sample of one metric family, by its sorted labels."""
    text = metrics.render(harness.service.store).decode()
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                out[tuple(sorted(sample.labels.items()))] = sample.value
    return out


def test_calls_by_category_and_a_429_by_its_category_and_type(harness: Harness) -> None:
    metrics = ServiceMetrics()
    harness.app.client().add_call_observer(metrics.zoom_call)
    harness.drop()
    harness.service.tick()
    record = harness.service.store.get("forum.yaml")
    assert record is not None
    harness.sandbox.set_faults(FaultPlan([FaultRule("rate_limit", method="POST", path=r"/panelists$", times=1)]))
    harness.service.approve("forum.yaml", record.plan_digest or "", "organizer")
    # GET user (Light), GET webinars x2 (Medium), POST webinar (Light), POST panelists 429 then 201 (Medium),
    # GET webinar (Light), GET panelists (Medium)
    assert samples(metrics, harness, "zoomops_zoom_category_calls_total") == {
        (("category", "Light"),): 3.0, (("category", "Medium"),): 5.0,
        (("category", "Heavy"),): 0.0, (("category", "Resource-intensive"),): 0.0}
    limited = samples(metrics, harness, "zoomops_zoom_rate_limited_total")
    assert {k: v for k, v in limited.items() if v} == {(("category", "Medium"), ("type", "QPS")): 1.0}
    assert len(limited) == 8  # every category x (QPS, Daily-limit), at zero until one comes
    assert samples(metrics, harness, "zoomops_zoom_calls_total")[(("method", "POST"), ("status", "429"))] == 1.0


def test_a_429_without_a_type_header_is_counted_as_unknown() -> None:
    metrics = ServiceMetrics()
    metrics.zoom_call(ZoomCall("PATCH", "/v2/webinars/1", 429, Category.HEAVY, "Daily-limit"))
    metrics.zoom_call(ZoomCall("GET", "/v2/webinars/1", 429, Category.LIGHT, None))
    metrics.zoom_call(ZoomCall("GET", "/v2/webinars/1", None, Category.LIGHT, None))  # no answer
    assert metrics.zoom_429.labels("Heavy", "Daily-limit")._value.get() == 1.0
    assert metrics.zoom_429.labels("Light", "unknown")._value.get() == 1.0
    assert metrics.zoom_calls.labels("GET", "none")._value.get() == 1.0
    assert metrics.zoom_by_category.labels("Light")._value.get() == 2.0


def test_cue_lateness_histogram_of_a_live_runner_and_the_lease_holder(harness: Harness) -> None:
    metrics = ServiceMetrics()
    harness.service.ops = AppEventOps(harness.app, threaded=False, on_event=metrics.runner_event)
    harness.drop()
    harness.service.tick()
    record = harness.service.store.get("forum.yaml")
    assert record is not None and record.preflight_at == "2022-09-05T23:00:00+00:00"
    harness.service.approve("forum.yaml", record.plan_digest or "", "organizer")
    harness.clock.set(harness.clock.now().replace(day=5, hour=22, minute=59, second=30))  # runner_lead: 1 min
    harness.service.tick()
    assert harness.service.store.get("forum.yaml").state is Lifecycle.LIVE  # type: ignore[union-attr]
    harness.clock.advance(30 + 7)  # the pre-flight cue (23:00:00) fires 7 s late at the next pass
    harness.service.tick()
    buckets = samples(metrics, harness, "zoomops_cue_lateness_seconds_bucket")
    key = (("event", "forum.yaml"),)
    assert buckets[(*key, ("le", "5.0"))] == 0.0 and buckets[(*key, ("le", "30.0"))] == 1.0
    assert samples(metrics, harness, "zoomops_cue_lateness_seconds_sum") == {key: 7.0}
    harness.clock.advance(timedelta(minutes=60).total_seconds())  # 00:00:07: the opening's cues, 7 s late
    harness.service.tick()
    # the pre-flight and the three cues at 09:00 Seoul (00:00Z), each 7 s late
    assert samples(metrics, harness, "zoomops_cue_lateness_seconds_count") == {key: 4.0}
    assert samples(metrics, harness, "zoomops_cue_lateness_seconds_sum") == {key: 28.0}
    assert samples(metrics, harness, "zoomops_lease_holder") == {
        (("event", "forum.yaml"), ("holder", "alpha"), ("token", "1")): 1.0}
    harness.service.ops.close()  # type: ignore[attr-defined]
