"""Execute a plan against Zoom without ever duplicating a webinar, then read back and verify."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from zoomops.common.diagnostics import OperationalError
from zoomops.provision.desired import DesiredPanelist, DesiredWebinar
from zoomops.provision.diff import FieldChange, diff_panelists, diff_webinar, name_tag_changes
from zoomops.provision.interpretation import explain_interpretation_mismatch
from zoomops.provision.plan import (
    PANELIST_BATCH,
    Plan,
    WebinarPlan,
    actual_panelists,
    as_dict,
    create_body,
    find_by_marker,
    find_name_tag,
    read_questions,
    update_only_settings,
)
from zoomops.provision.registration import questions_equal, questions_view
from zoomops.provision.state import ProvisionStore
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.errors import ZoomOutcomeUnknown
from zoomops.zoom.models import WebinarCreate
from zoomops.zoom.name_tags import NameTagIn, NameTags
from zoomops.zoom.questions import Questions, RegistrationQuestions

MAX_CREATE_ATTEMPTS = 3
MAX_PANELIST_ROUNDS = 3
PANELIST_WORKERS = 8

Progress = Callable[[str, int], None]  # (what, how many units done)


class VerificationError(OperationalError):
    """Zoom accepted the calls but does not hold what was asked (it silently ignores some settings)."""
    def __init__(self, mismatches: list[str]) -> None:
        self.mismatches = mismatches
        super().__init__("Zoom did not keep what was applied:\n  " + "\n  ".join(mismatches))


@dataclass
class ApplyResult:
    webinar_ids: dict[str, int] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    mismatches: list[str] = field(default_factory=list)
    join_urls: dict[str, str | None] = field(default_factory=dict)
    registration_urls: dict[str, str | None] = field(default_factory=dict)
    questions_updated: list[str] = field(default_factory=list)
    retagged: int = 0
    name_tag_ids: dict[str, str] = field(default_factory=dict)


class Applier:
    """Carries out a Plan. Every create is recorded as an intent first and reconciled by marker."""
    def __init__(self, client: ZoomClient, store: ProvisionStore, host: str, progress: Progress | None = None) -> None:
        self.client = client
        self.store = store
        self.host = host
        self.progress = progress or (lambda what, n: None)

    def apply(self, plan: Plan) -> ApplyResult:
        result = ApplyResult()
        self.reconcile_open_intents(plan.event_id)
        for wp in plan.webinars:
            webinar_id = self._ensure_webinar(wp, result)
            result.webinar_ids[wp.desired.key] = webinar_id
            if wp.action == "update" and wp.patch:
                self._update(wp.desired, webinar_id, wp.patch)
                result.updated.append(wp.desired.key)
            if wp.questions_patch is not None:
                self._update_questions(wp.desired, webinar_id, wp.questions_patch)
                result.questions_updated.append(wp.desired.key)
            tag_id = self._ensure_name_tag(wp.desired, webinar_id)
            self._converge_panelists(wp.desired, webinar_id, wp.add, wp.remove, result, tag_id)
            if wp.retag:
                self._add_batches(webinar_id, wp.retag, tag_id)  # re-adding a panelist updates their name tag
                result.retagged += len(wp.retag)
        for wp in plan.webinars:
            result.mismatches.extend(self.verify(wp.desired, result.webinar_ids[wp.desired.key], result))
        if result.mismatches:
            raise VerificationError(result.mismatches)
        return result

    # ---- webinars ----
    def reconcile_open_intents(self, event_id: str) -> None:
        """A create whose outcome never got recorded (crash, lost response): adopt it if Zoom has it."""
        for intent in self.store.open_intents(event_id):
            if intent.operation != "create":
                self.store.finish(intent.id, "failed", {"reason": "superseded"})
                continue
            found = find_by_marker(self.client, self.host, event_id, intent.key, intent.detail.get("topic"))
            if found is not None:
                self.store.remember(event_id, intent.key, int(found["id"]))
                self.store.finish(intent.id, "done", {"webinar_id": int(found["id"]), "adopted": True})
            else:
                self.store.finish(intent.id, "failed", {"reason": "not found in Zoom"})

    def _ensure_webinar(self, wp: WebinarPlan, result: ApplyResult) -> int:
        if wp.webinar_id is not None:
            return wp.webinar_id
        desired = wp.desired
        existing = self.store.webinar_id(desired.event_id, desired.key)
        if existing is not None:  # adopted while reconciling
            result.adopted.append(desired.key)
            self._update_if_needed(desired, existing, result)
            return existing
        webinar_id, adopted = self._create(desired)
        (result.adopted if adopted else result.created).append(desired.key)
        if adopted or update_only_settings(desired):
            self._update_if_needed(desired, webinar_id, result)
        return webinar_id

    def _create(self, desired: DesiredWebinar) -> tuple[int, bool]:
        body = WebinarCreate.model_validate(create_body(desired))
        for _attempt in range(MAX_CREATE_ATTEMPTS):
            intent = self.store.begin(desired.event_id, desired.key, "create",
                                      {"host": self.host, "topic": desired.body.get("topic")})
            try:
                created = as_dict(self.client.create_webinar(self.host, body))
            except ZoomOutcomeUnknown:
                self.store.finish(intent, "unknown")
                found = find_by_marker(self.client, self.host, desired.event_id, desired.key,
                                       desired.body.get("topic"))
                if found is not None:
                    self.store.remember(desired.event_id, desired.key, int(found["id"]))
                    self.store.finish(intent, "done", {"webinar_id": int(found["id"]), "adopted": True})
                    return int(found["id"]), True
                self.store.finish(intent, "failed", {"reason": "outcome unknown; not in Zoom"})
                continue
            except Exception:
                self.store.finish(intent, "failed")
                raise
            self.store.remember(desired.event_id, desired.key, int(created["id"]))
            self.store.finish(intent, "done", {"webinar_id": int(created["id"])})
            return int(created["id"]), False
        raise OperationalError(f"could not create webinar {desired.key} after {MAX_CREATE_ATTEMPTS} attempts")

    def _update_if_needed(self, desired: DesiredWebinar, webinar_id: int, result: ApplyResult) -> None:
        _changes, patch = diff_webinar(desired, as_dict(self.client.get_webinar(webinar_id)))
        if patch:
            self._update(desired, webinar_id, patch)
            result.updated.append(desired.key)

    def _update(self, desired: DesiredWebinar, webinar_id: int, patch: dict[str, Any]) -> None:
        intent = self.store.begin(desired.event_id, desired.key, "update", {"fields": sorted(patch)})
        try:
            self.client.update_webinar(webinar_id, patch)
        except Exception:
            self.store.finish(intent, "failed")
            raise
        self.store.finish(intent, "done")

    def _update_questions(self, desired: DesiredWebinar, webinar_id: int, body: dict[str, Any]) -> None:
        intent = self.store.begin(desired.event_id, desired.key, "questions", {})
        try:
            RegistrationQuestions(self.client).update(webinar_id, Questions.model_validate(body))
        except Exception:
            self.store.finish(intent, "failed")
            raise
        self.store.finish(intent, "done")

    def _ensure_name_tag(self, desired: DesiredWebinar, webinar_id: int) -> str | None:
        """The id of the branding name tag the schedule asks for: found by name (colours fixed), else created."""
        if desired.name_tag is None:
            return None
        style = desired.name_tag
        found = find_name_tag(self.client, webinar_id, style["name"])
        if found is None:
            created = NameTags(self.client).create(webinar_id, NameTagIn(**style, set_default_for_all_panelists=False))
            return created.id
        change = {k: v for k, v in style.items() if str(found.get(k, "")).casefold() != v.casefold()}
        if change:
            NameTags(self.client).update(webinar_id, str(found["id"]), NameTagIn(**change))
        return str(found["id"])

    # ---- panelists ----
    def _converge_panelists(
        self,
        desired: DesiredWebinar,
        webinar_id: int,
        add: list[DesiredPanelist],
        remove: list[Any],
        result: ApplyResult,
        tag_id: str | None = None,
    ) -> None:
        for _round in range(MAX_PANELIST_ROUNDS):
            unknown = self._add_batches(webinar_id, add, tag_id)
            result.added += len(add) - unknown
            for panelist in remove:
                self.client.delete_panelist(webinar_id, panelist.id)
                result.removed += 1
                self.progress("remove", 1)
            if not unknown:
                return
            # A batch whose response was lost may or may not have landed: list again and diff.
            add, remove = diff_panelists(desired, actual_panelists(self.client, webinar_id))
            if not add and not remove:
                result.added += unknown
                return
        raise OperationalError(f"panelists of webinar {webinar_id} did not converge after {MAX_PANELIST_ROUNDS} rounds")

    def _add_batches(self, webinar_id: int, add: list[DesiredPanelist], tag_id: str | None = None) -> int:
        """Add in batches of 30, a few in flight (the client paces them); return how many had no answer."""
        batches = [add[i : i + PANELIST_BATCH] for i in range(0, len(add), PANELIST_BATCH)]

        def send(batch: list[DesiredPanelist]) -> int:
            try:
                self.client.add_panelists(webinar_id, [panelist_body(p, tag_id) for p in batch])
            except ZoomOutcomeUnknown:
                return len(batch)
            self.progress("add", len(batch))
            return 0

        if len(batches) <= 1:
            return sum(send(b) for b in batches)
        with ThreadPoolExecutor(max_workers=PANELIST_WORKERS) as pool:
            return sum(pool.map(send, batches))

    # ---- verification ----
    def verify(self, desired: DesiredWebinar, webinar_id: int, result: ApplyResult | None = None) -> list[str]:
        """Read the webinar, its panelists and questions back; every difference is a mismatch with its likely cause."""
        actual = as_dict(self.client.get_webinar(webinar_id))
        if result is not None:
            result.join_urls[desired.key] = actual.get("join_url")
            result.registration_urls[desired.key] = actual.get("registration_url")
        changes, _patch = diff_webinar(desired, actual)
        panelists = actual_panelists(self.client, webinar_id)
        add, remove = diff_panelists(desired, panelists)
        want_s, have_s = desired.body.get("settings", {}), actual.get("settings") or {}
        out = [explain(desired.key, c, want_s, have_s) for c in changes]
        out += [f"{desired.key}: panelist {p.email} is missing after apply" for p in add]
        out += [f"{desired.key}: panelist {p.email} should not be there" for p in remove]
        if desired.name_tag is not None:
            found = find_name_tag(self.client, webinar_id, desired.name_tag["name"])
            tag_id = str(found["id"]) if found else None
            if tag_id is None:
                out.append(f"{desired.key}: name tag {desired.name_tag['name']!r} is missing after apply — is session "
                           "branding available on the host's plan?")
            out += [f"{desired.key}: panelist {want.email}: name tag: Zoom holds {have.name_tag_name!r} "
                    f"({have.name_tag_description!r}, {have.name_tag_pronouns!r}, tag {have.name_tag_id!r}), the "
                    f"schedule asks for {want.name_tag_name!r} ({want.name_tag_description!r}, "
                    f"{want.name_tag_pronouns!r}, tag {tag_id!r})"
                    for want, have in name_tag_changes(desired, panelists, tag_id)]
        if desired.questions is not None:
            have = read_questions(self.client, webinar_id)
            if not questions_equal(desired.questions, have):
                out.append(f"{desired.key}: registration questions: Zoom holds {questions_view(have)}, the schedule "
                           f"asks for {questions_view(desired.questions)} — is registration on for this webinar?")
        return out


def panelist_body(p: DesiredPanelist, tag_id: str | None) -> dict[str, Any]:
    """One panelist of `POST /webinars/{id}/panelists`: email and name, and their name tag when one is asked for."""
    body: dict[str, Any] = {"email": p.email, "name": p.name}
    if tag_id is not None:
        body["name_tag_id"] = tag_id
        body.update({k: v or "" for k, v in p.name_tag.items()})  # "" clears a description or pronouns
    return body


def explain(key: str, change: FieldChange, want_settings: dict[str, Any], have_settings: dict[str, Any]) -> str:
    """A mismatch with the most likely reason Zoom did not keep the value."""
    base = f"{key}: {change.path}: Zoom holds {change.old!r}, the schedule asks for {change.new!r}"
    if change.path == "settings.language_interpretation":
        want = want_settings.get("language_interpretation") or {}
        have = have_settings.get("language_interpretation") or {}
        reasons = explain_interpretation_mismatch(want, have)
        return base + (" — " + "; ".join(reasons) if reasons else "")
    if change.path.startswith("settings.approval_type") or change.path.startswith("settings.registration_type"):
        return base + " — Zoom ignores registration settings on some webinar types and accounts"
    return base + " — Zoom accepted the request but did not apply this field (account setting or plan?)"
