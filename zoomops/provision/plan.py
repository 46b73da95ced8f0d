"""Read Zoom's actual state for a schedule and plan the fewest write calls that make it match."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any, Literal

from zoomops.provision.desired import MARKER_PREFIX, DesiredPanelist, DesiredWebinar, marker_for
from zoomops.provision.diff import ActualPanelist, FieldChange, diff_panelists, diff_webinar
from zoomops.provision.state import ProvisionStore
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.errors import ZoomNotFound

PANELIST_BATCH = 30  # Zoom: at most 30 panelists per add request

Action = Literal["create", "update", "noop"]


@dataclass
class WebinarPlan:
    """What apply will do to one webinar."""
    desired: DesiredWebinar
    webinar_id: int | None
    action: Action
    found_by: str | None = None  # "state", "marker" or None (new)
    changes: list[FieldChange] = field(default_factory=list)
    patch: dict[str, Any] = field(default_factory=dict)
    add: list[DesiredPanelist] = field(default_factory=list)
    remove: list[ActualPanelist] = field(default_factory=list)
    actual: dict[str, Any] | None = None

    @property
    def write_calls(self) -> int:
        own = 1 if self.action in ("create", "update") else 0
        return own + ceil(len(self.add) / PANELIST_BATCH) + len(self.remove)

    @property
    def budget_calls(self) -> int:
        """Calls that count against the host's 100 create+update a day."""
        return 1 if self.action in ("create", "update") else 0


@dataclass
class Plan:
    """The whole plan for a schedule."""
    event_id: str
    host: str
    webinars: list[WebinarPlan]
    orphans: dict[str, int] = field(default_factory=dict)  # webinars zoomops made that the schedule no longer has
    read_calls: int = 0

    @property
    def write_calls(self) -> int:
        return sum(w.write_calls for w in self.webinars)

    @property
    def budget_calls(self) -> int:
        return sum(w.budget_calls for w in self.webinars)

    @property
    def has_changes(self) -> bool:
        return self.write_calls > 0


def as_dict(obj: Any) -> dict[str, Any]:
    """A Zoom response (pydantic model or dict) as a plain dict."""
    if hasattr(obj, "model_dump"):
        return dict(obj.model_dump(mode="json", exclude_none=True))
    return dict(obj)


def actual_panelists(client: ZoomClient, webinar_id: int) -> list[ActualPanelist]:
    out = []
    for p in client.list_panelists(webinar_id):
        d = as_dict(p)
        out.append(
            ActualPanelist(str(d.get("id", "")), str(d.get("email", "")), str(d.get("name", "")), d.get("join_url"))
        )
    return out


LIST_AGENDA_MAX = 250  # Zoom's list of webinars cuts each agenda to 250 characters (official spec)


def find_by_marker(client: ZoomClient, host: str, event_id: str, key: str,
                   topic: str | None = None) -> dict[str, Any] | None:
    """Look through the host's webinars for the one whose agenda carries our marker line.

    The list shows at most 250 characters of each agenda. A cut agenda that may hide the marker (it
    shows part of a marker, or none and the topic is the one we want — older zoomops wrote the marker
    last) is fetched in full before giving up, so a lost webinar is adopted rather than created twice.
    """
    marker = marker_for(event_id, key)
    maybe: list[int] = []
    for w in client.list_webinars(host):
        d = as_dict(w)
        agenda = str(d.get("agenda") or "")
        found = marker_line(agenda)
        if found == marker:
            return d
        cut = len(agenda) >= LIST_AGENDA_MAX
        partial = found is not None and marker.startswith(found)
        if cut and (partial or (found is None and topic is not None and d.get("topic") == topic)):
            maybe.append(int(d["id"]))
    for webinar_id in maybe:
        full = as_dict(client.get_webinar(webinar_id))
        if marker_line(str(full.get("agenda") or "")) == marker:
            return full
    return None


def marker_line(agenda: str) -> str | None:
    lines = [ln.strip() for ln in agenda.replace("\r\n", "\n").split("\n") if ln.strip().startswith(MARKER_PREFIX)]
    return lines[-1] if lines else None


class Planner:
    """Builds a Plan by reading Zoom; counts the reads it makes."""
    def __init__(self, client: ZoomClient, store: ProvisionStore, host: str) -> None:
        self.client = client
        self.store = store
        self.host = host
        self.reads = 0

    def plan(self, desired: list[DesiredWebinar]) -> Plan:
        event_id = desired[0].event_id if desired else ""
        plans = [self._plan_one(d) for d in desired]
        wanted = {d.key for d in desired}
        orphans = {k: w for k, w in self.store.webinars(event_id).items() if k not in wanted}
        return Plan(event_id, self.host, plans, orphans, self.reads)

    def locate(self, desired: DesiredWebinar) -> tuple[dict[str, Any] | None, str | None]:
        """The webinar in Zoom for this part of the schedule: by stored id, else by marker."""
        known = self.store.webinar_id(desired.event_id, desired.key)
        if known is not None:
            self.reads += 1
            try:
                return as_dict(self.client.get_webinar(known)), "state"
            except ZoomNotFound:
                self.store.forget(desired.event_id, desired.key)  # deleted in Zoom's portal
        self.reads += 1
        found = find_by_marker(self.client, self.host, desired.event_id, desired.key, desired.body.get("topic"))
        if found is None:
            return None, None
        self.reads += 1
        full = as_dict(self.client.get_webinar(int(found["id"])))
        self.store.remember(desired.event_id, desired.key, int(full["id"]))
        return full, "marker"

    def _plan_one(self, desired: DesiredWebinar) -> WebinarPlan:
        actual, found_by = self.locate(desired)
        if actual is None:
            return WebinarPlan(desired, None, "create", None, add=list(desired.panelists))
        webinar_id = int(actual["id"])
        changes, patch = diff_webinar(desired, actual)
        self.reads += 1
        add, remove = diff_panelists(desired, actual_panelists(self.client, webinar_id))
        action: Action = "update" if patch else "noop"
        return WebinarPlan(desired, webinar_id, action, found_by, changes, patch, add, remove, actual)
