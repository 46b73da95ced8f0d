"""Prometheus metrics of one `serve` process, in their own registry: cue lateness, Zoom calls by method and
status and by Zoom rate-limit category, 429s by category and `X-RateLimit-Type`, events by state, the lease
holder of each event, runners fenced (stopped acting: lease lost), briefings sent and reports written by the
lifecycle.

Cue lateness is in wall seconds: a runner measures it in event time, which runs `speed` times faster than the
wall clock when the service runs compressed (`serve --speed`), so it is divided by `speed` here."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from zoomops.common.zoomlimits import Category
from zoomops.service.store import Lifecycle, ServiceStore
from zoomops.zoom.session import ZoomCall

LATENESS_BUCKETS = (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0)
RATELIMIT_TYPES = ("QPS", "Daily-limit")  # Zoom's X-RateLimit-Type values; a 429 without the header: "unknown"


class ServiceMetrics:
    """The collectors; `observe_store` refreshes the gauges from the store before each scrape."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed  # event seconds per wall second (serve --speed)
        self.registry = CollectorRegistry()
        self.cue_lateness = Histogram("zoomops_cue_lateness_seconds", "How late each fired cue was, in wall "
                                      "seconds (event-time lateness divided by the service's speed)",
                                      ["event"], buckets=LATENESS_BUCKETS, registry=self.registry)
        self.zoom_calls = Counter("zoomops_zoom_calls_total", "HTTP requests sent to Zoom",
                                  ["method", "status"], registry=self.registry)
        self.zoom_by_category = Counter("zoomops_zoom_category_calls_total",
                                        "HTTP requests sent to Zoom by rate-limit category (Light, Medium, Heavy, "
                                        "Resource-intensive)", ["category"], registry=self.registry)
        self.zoom_429 = Counter("zoomops_zoom_rate_limited_total", "Zoom answers with status 429, by the request's "
                                "category and Zoom's X-RateLimit-Type", ["category", "type"], registry=self.registry)
        for category in Category:
            self.zoom_by_category.labels(str(category))
            for kind in RATELIMIT_TYPES:
                self.zoom_429.labels(str(category), kind)
        self.events = Gauge("zoomops_events", "Events by lifecycle state", ["state"], registry=self.registry)
        self.lease = Gauge("zoomops_lease_holder", "1 for the holder of each event's lease (token as a label)",
                           ["event", "holder", "token"], registry=self.registry)
        self.fenced = Counter("zoomops_runner_fenced_total", "Runners that stopped acting because this instance "
                              "could no longer prove it held the event's lease", ["event"], registry=self.registry)

    def zoom_call(self, call: ZoomCall) -> None:
        """A client call observer, after each request (the path is not a label: it holds ids)."""
        self.zoom_calls.labels(call.method, str(call.status) if call.status is not None else "none").inc()
        self.zoom_by_category.labels(str(call.category)).inc()
        if call.status == 429:
            self.zoom_429.labels(str(call.category), call.ratelimit_type or "unknown").inc()

    def runner_event(self, event_key: str, event: dict[str, Any]) -> None:
        if event.get("type") == "run" and event.get("state") == "fenced":
            self.fenced.labels(event_key).inc()
        if event.get("type") == "cue" and event.get("status") == "fired" and "lateness_ms" in event:
            self.cue_lateness.labels(event_key).observe(max(float(event["lateness_ms"]), 0.0) / 1000 / self.speed)

    def observe_store(self, store: ServiceStore) -> None:
        records = store.events()
        for state in Lifecycle:
            self.events.labels(str(state)).set(sum(1 for r in records if r.state is state))
        self.lease.clear()
        for record in records:
            lease = store.lease(record.key)
            if lease is not None:
                self.lease.labels(record.key, lease.holder, str(lease.token)).set(1)

    def render(self, store: ServiceStore) -> bytes:
        self.observe_store(store)
        return generate_latest(self.registry)
