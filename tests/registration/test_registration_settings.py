"""`registration:` in the schedule: Zoom settings and questions in plan, apply, read-back and status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.registration.helpers import apply, context, forum_with, off_spec
from zoomops.common.clock import FakeClock
from zoomops.common.diagnostics import InputError
from zoomops.provision.apply import Applier, VerificationError
from zoomops.provision.plan import Planner
from zoomops.provision.render import render_apply_result, render_plan
from zoomops.provision.status import collect_status, render_status
from zoomops.schedule.loader import load_schedule

QUESTIONS = {
    "questions": [{"field_name": "org", "required": False}, {"field_name": "job_title", "required": False},
                  {"field_name": "country", "required": True}],
    "custom_questions": [{"title": "Which session interests you most?", "type": "single_dropdown", "required": True,
                          "answers": ["Session 1", "Session 2"]}],
}


def test_apply_sends_the_registration_settings_and_questions_exactly(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox = context(tmp_path, clock)
    plan, result = apply(ctx)
    wid = result.webinar_ids["event"]
    calls = [(e.request.method, e.request.path) for e in sandbox.exchanges]
    assert calls == [
        ("GET", "/v2/users/host@example.com/webinars"),
        ("POST", "/v2/users/host@example.com/webinars"),
        ("GET", f"/v2/webinars/{wid}"),
        ("PATCH", f"/v2/webinars/{wid}"),
        ("PATCH", f"/v2/webinars/{wid}/registrants/questions"),
        ("POST", f"/v2/webinars/{wid}/panelists"),
        ("GET", f"/v2/webinars/{wid}"),
        ("GET", f"/v2/webinars/{wid}/panelists"),
        ("GET", f"/v2/webinars/{wid}/registrants/questions"),
    ]
    create = json.loads(sandbox.exchanges[1].request.body)["settings"]
    assert {k: create[k] for k in ("approval_type", "close_registration", "registrants_email_notification",
                                   "registrants_restrict_number")} == {
        "approval_type": 1, "close_registration": True, "registrants_email_notification": True,
        "registrants_restrict_number": 500}
    assert create["attendees_and_panelists_reminder_email_notification"] == {"enable": True, "type": 3}
    assert "registrants_confirmation_email" not in create  # not in Zoom's create schema
    assert json.loads(sandbox.exchanges[3].request.body) == {"settings": {"registrants_confirmation_email": True}}
    assert json.loads(sandbox.exchanges[4].request.body) == QUESTIONS
    assert plan.write_calls == 4 and plan.budget_calls == 2
    assert off_spec(sandbox) == []


def test_plan_shows_registration_and_a_reapply_changes_nothing(tmp_path: Path, clock: FakeClock) -> None:
    ctx, _sandbox = context(tmp_path, clock)
    plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    lines = render_plan(plan, 0, 100)
    assert ("    registration: on, manual approval, closes after the event, at most 500 registrants, reminders 1h, 1d, "
            "3 question(s), 1 custom") in lines
    assert "    registration questions: 3 standard, 1 custom" in lines
    assert ("Warning: Zoom will email 18 panelist(s) their invitation now (set zoom.settings."
            "panelists_invitation_email_notification: false to send none).") in lines
    Applier(ctx.client, ctx.store, ctx.host).apply(plan)
    again = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    assert not again.has_changes and again.webinars[0].questions_patch is None


def test_a_changed_question_is_planned_and_patched_alone(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox = context(tmp_path, clock)
    apply(ctx)
    ctx2, _ = context(tmp_path, clock, extra="registration:\n  approval: manual\n  close_after_event: true\n"
                      "  email_notification: true\n  confirmation_email: true\n  reminders: [1d, 1h]\n  limit: 500\n"
                      "  questions: [org]\n")
    ctx2.client = ctx.client
    ctx2.store = ctx.store
    plan = Planner(ctx2.client, ctx2.store, ctx2.host).plan(ctx2.desired)
    [w] = plan.webinars
    assert w.action == "noop" and w.write_calls == 1
    assert [c.path for c in w.changes] == ["registration questions"]
    assert w.changes[0].new == {"questions": ["org"], "custom_questions": []}
    Applier(ctx2.client, ctx2.store, ctx2.host).apply(plan)
    last_patch = [e for e in sandbox.exchanges if e.request.method == "PATCH"][-1]
    assert json.loads(last_patch.request.body) == {"questions": [{"field_name": "org", "required": False}],
                                                   "custom_questions": []}


def test_questions_zoom_did_not_keep_fail_the_read_back(tmp_path: Path, clock: FakeClock,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from zoomops.sandbox import questions

    monkeypatch.setattr(questions, "update_questions", lambda ctx: (204, None))  # accepted, silently dropped
    ctx, sandbox = context(tmp_path, clock)
    sandbox._handlers = sandbox._handler_table()
    with pytest.raises(VerificationError) as info:
        apply(ctx)
    assert info.value.mismatches == [
        "event: registration questions: Zoom holds {'questions': [], 'custom_questions': []}, the schedule asks for "
        "{'questions': ['country (required)', 'job_title', 'org'], 'custom_questions': ['Which session interests "
        "you most? [single_dropdown, required]: Session 1 / Session 2']} — is registration on for this webinar?"]


def test_apply_summary_and_status_name_the_urls_and_counts(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox = context(tmp_path, clock)
    _plan, result = apply(ctx)
    wid = result.webinar_ids["event"]
    record = sandbox.webinar_record(wid)
    assert render_apply_result(result) == [
        f"Webinar event: {wid} (created)",
        f"  join URL: {record['webinar']['join_url']}",
        f"  registration URL: {record['registration_url']}",
        "Applied and verified: 18 panelist(s) added, 0 removed.",
    ]
    report = collect_status(ctx)
    assert report["webinars"][0]["registration"] == {
        "url": record["registration_url"], "counts": {"approved": 0, "pending": 0, "denied": 0}}
    lines = render_status(report)
    assert f"    registration: {record['registration_url']}" in lines
    assert "    registrants: 0 approved, 0 pending, 0 denied" in lines


def test_registration_off_sends_approval_type_2_and_leaves_questions_alone(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox = context(tmp_path, clock, extra="registration:\n  enabled: false\n")
    _plan, _result = apply(ctx)
    create = json.loads(sandbox.exchanges[1].request.body)["settings"]
    assert create["approval_type"] == 2
    assert not any("questions" in e.request.path for e in sandbox.exchanges)
    assert render_status(collect_status(ctx))[3] == "    registration: off"


@pytest.mark.parametrize(("extra", "message"), [
    ("registration:\n  approval: manual\nzoom:\n  settings: {approval_type: 0}\n",
     "zoom.settings.approval_type: set by the `registration:` section; set it there, not here"),
    ("registration:\n  confirmation_email: true\n",
     "registration: confirmation_email needs email_notification: true (Zoom's rule)"),
    ("registration:\n  custom_questions: [{title: Pick, type: single_radio, answers: [one]}]\n",
     "registration.custom_questions[0]: a single_radio question needs at least two answers"),
    ("registration:\n  questions: [first_name]\n", "registration.questions[0]"),
])
def test_bad_registration_sections_are_input_errors(tmp_path: Path, extra: str, message: str) -> None:
    path = forum_with(tmp_path, extra, name="bad.yaml")
    with pytest.raises(InputError) as info:
        load_schedule(path, for_provisioning=True)
    rendered = [d.render() for d in info.value.diagnostics if d.severity == "error"]
    assert any(message in line for line in rendered), rendered


def test_occurrences_map_to_registration_type() -> None:
    from zoomops.provision.registration import registration_settings
    from zoomops.show.model import Registration

    reg = Registration(approval="manual", occurrences="register_once_choose")
    assert registration_settings(reg) == {"approval_type": 1, "registration_type": 3}
    assert registration_settings(Registration(enabled=False, occurrences="register_each")) == {"approval_type": 2}


def test_no_invitation_warning_when_invitations_are_off(tmp_path: Path, clock: FakeClock) -> None:
    off = "zoom:\n  settings: {panelists_invitation_email_notification: false}\n"
    ctx, _sandbox = context(tmp_path, clock, extra=off)
    plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    lines = render_plan(plan, 0, 100)
    assert not [line for line in lines if line.startswith("Warning:")]
    assert lines[-2].startswith("Plan: 1 to create, 0 to update, 18 panelist(s) to add")
