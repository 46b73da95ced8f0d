"""Read Zoom's actual state for a schedule and plan the fewest write calls that make it match."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any, Literal

from zoomops.provision.desired import MARKER_PREFIX, DesiredPanelist, DesiredWebinar, marker_for
from zoomops.provision.diff import ActualPanelist, FieldChange, diff_panelists, diff_webinar, name_tag_changes
from zoomops.provision.registration import UPDATE_ONLY_SETTINGS, questions_equal, questions_view
from zoomops.provision.state import ProvisionStore
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.errors import ZoomAPIError, ZoomNotFound
from zoomops.zoom.name_tags import NameTags
from zoomops.zoom.questions import RegistrationQuestions

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
    questions_patch: dict[str, Any] | None = None  # registration questions to PATCH, None if they match
    name_tag_action: Literal["create", "update"] | None = None  # the branding name tag
    name_tag_id: str | None = None
    retag: list[DesiredPanelist] = field(default_factory=list)  # panelists in Zoom whose name tag changes

    @property
    def followup_patch(self) -> bool:
        """A create whose settings include update-only fields is followed by one PATCH (e.g. confirmation email)."""
        return self.action == "create" and bool(update_only_settings(self.desired))

    @property
    def write_calls(self) -> int:
        own = 1 if self.action in ("create", "update") else 0
        questions = 1 if self.questions_patch is not None else 0
        tags = (1 if self.name_tag_action else 0) + ceil(len(self.retag) / PANELIST_BATCH)
        return (own + int(self.followup_patch) + questions + tags + ceil(len(self.add) / PANELIST_BATCH)
                + len(self.remove))

    @property
    def budget_calls(self) -> int:
        """Calls that count against the host's 100 create+update a day."""
        return (1 if self.action in ("create", "update") else 0) + int(self.followup_patch)


def update_only_settings(desired: DesiredWebinar) -> dict[str, Any]:
    """Desired settings that Zoom's create schema lacks (they go in a PATCH after the create)."""
    settings = desired.body.get("settings", {})
    return {k: v for k, v in settings.items() if k in UPDATE_ONLY_SETTINGS}


def create_body(desired: DesiredWebinar) -> dict[str, Any]:
    """The create request: the desired body without the update-only settings."""
    body = dict(desired.body)
    body["settings"] = {k: v for k, v in body.get("settings", {}).items() if k not in UPDATE_ONLY_SETTINGS}
    return body


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
            ActualPanelist(str(d.get("id", "")), str(d.get("email", "")), str(d.get("name", "")), d.get("join_url"),
                           d.get("name_tag_id"), d.get("name_tag_name"), d.get("name_tag_description"),
                           d.get("name_tag_pronouns"))
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
            wanted = desired.questions
            questions = wanted if wanted and (wanted["questions"] or wanted["custom_questions"]) else None
            return WebinarPlan(desired, None, "create", None, add=list(desired.panelists), questions_patch=questions,
                               name_tag_action="create" if desired.name_tag else None)
        webinar_id = int(actual["id"])
        changes, patch = diff_webinar(desired, actual)
        self.reads += 1
        panelists = actual_panelists(self.client, webinar_id)
        add, remove = diff_panelists(desired, panelists)
        questions_patch = None
        if desired.questions is not None:
            self.reads += 1
            on = (actual.get("settings") or {}).get("approval_type") in (0, 1)
            have = read_questions(self.client, webinar_id, registration_on=on)
            if not questions_equal(desired.questions, have):
                questions_patch = desired.questions
                changes.append(FieldChange("registration questions", questions_view(have),
                                           questions_view(desired.questions)))
        action: Action = "update" if patch else "noop"
        plan = WebinarPlan(desired, webinar_id, action, found_by, changes, patch, add, remove, actual,
                           questions_patch)
        if desired.name_tag is not None:
            self.reads += 1
            self._plan_name_tag(plan, actual, panelists)
        return plan

    def _plan_name_tag(self, plan: WebinarPlan, actual: dict[str, Any], panelists: list[ActualPanelist]) -> None:
        """Is the branding name tag there with its colours, and does every panelist wear it as the schedule says?"""
        desired = plan.desired
        assert desired.name_tag is not None and plan.webinar_id is not None
        branding_on = bool((actual.get("settings") or {}).get("enable_session_branding"))
        found = find_name_tag(self.client, plan.webinar_id, desired.name_tag["name"], branding_on=branding_on)
        if found is None:
            plan.name_tag_action = "create"
            plan.changes.append(FieldChange("name tag", None, desired.name_tag))
        else:
            plan.name_tag_id = str(found["id"])
            held = {k: str(found.get(k, "")).casefold() for k in desired.name_tag}
            if held != {k: v.casefold() for k, v in desired.name_tag.items()}:
                plan.name_tag_action = "update"
                plan.changes.append(FieldChange("name tag", {k: found.get(k) for k in desired.name_tag},
                                                desired.name_tag))
        if plan.name_tag_action == "create":  # a new tag: everyone already in Zoom must be given it
            present = {p.email.casefold() for p in panelists}
            plan.retag = [p for p in desired.panelists if p.email.casefold() in present]
            return
        retag = name_tag_changes(desired, panelists, plan.name_tag_id)
        plan.retag = [want for want, _have in retag]
        plan.changes += [FieldChange(f"panelist {want.email}: name tag", _tag_view(have), _tag_view(want))
                         for want, have in retag]


def _tag_view(p: Any) -> str:
    parts = [p.name_tag_name, p.name_tag_description, p.name_tag_pronouns and f"({p.name_tag_pronouns})"]
    return " — ".join(x for x in parts if x) or "(none)"


def find_name_tag(client: ZoomClient, webinar_id: int, name: str, *, branding_on: bool = True) -> dict[str, Any] | None:
    """The webinar's branding name tag called `name` (case-insensitive). While session branding is off Zoom may
    refuse to list name tags (the spec does not say): a 400/404 then counts as none."""
    try:
        tags = NameTags(client).list(webinar_id)
    except ZoomAPIError as exc:
        if not branding_on and exc.http_status in (400, 404):
            return None
        raise
    wanted = name.casefold()
    found = next((t for t in tags if (t.name or "").casefold() == wanted), None)
    return as_dict(found) if found is not None else None


def read_questions(client: ZoomClient, webinar_id: int, *, registration_on: bool = True) -> dict[str, Any]:
    """The webinar's registration questions. While registration is off Zoom may refuse to show them (the spec
    does not say): a 400/404 then counts as no questions; with registration on it is an error."""
    try:
        return as_dict(RegistrationQuestions(client).get(webinar_id))
    except ZoomAPIError as exc:
        if not registration_on and exc.http_status in (400, 404):
            return {}
        raise
