"""The whole registration flow, every request checked against the vendored spec (paths, methods, query
parameters, body fields at every depth, enums, documented success statuses)."""

from __future__ import annotations

from pathlib import Path

from tests.contract.spec_check import spec_problems
from tests.registration.helpers import REGISTRATION, apply, context
from zoomops.common.clock import FakeClock
from zoomops.provision.people_file import PersonRow
from zoomops.provision.plan import Planner
from zoomops.provision.registrants import RegistrantImporter, export_csv, pending_emails, set_status
from zoomops.provision.status import collect_status

TAGGED = REGISTRATION + "zoom:\n  name_tag: {name: Forum speaker}\n"


def test_registration_life_cycle_stays_inside_the_spec(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox = context(tmp_path, clock, extra=TAGGED)
    _plan, result = apply(ctx)
    wid = result.webinar_ids["event"]
    people = [PersonRow(i + 2, f"p{i:04d}@example.org", f"P{i}", None if i % 3 else f"Q{i}") for i in range(95)]
    RegistrantImporter(ctx.client, wid).run(people)
    RegistrantImporter(ctx.client, wid).run(people)  # a re-import: lists only
    set_status(ctx.client, wid, "approve", pending_emails(ctx.client, wid)[:40])
    set_status(ctx.client, wid, "deny", [people[50].email])
    set_status(ctx.client, wid, "cancel", [people[0].email])
    export_csv(ctx.client, wid)
    collect_status(ctx)
    assert not Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired).has_changes
    operations = {(e.request.method, e.request.path.replace(str(wid), "{id}")) for e in sandbox.exchanges}
    assert {("POST", "/v2/webinars/{id}/batch_registrants"), ("PUT", "/v2/webinars/{id}/registrants/status"),
            ("GET", "/v2/webinars/{id}/registrants"), ("PATCH", "/v2/webinars/{id}/registrants/questions"),
            ("GET", "/v2/webinars/{id}/registrants/questions"), ("POST", "/v2/webinars/{id}/branding/name_tags"),
            ("GET", "/v2/webinars/{id}/branding"), ("POST", "/v2/webinars/{id}/panelists"),
            ("PATCH", "/v2/webinars/{id}")} <= operations
    problems = [p for exchange in sandbox.exchanges for p in spec_problems(exchange)]
    assert problems == []
    assert all(e.response.status < 400 for e in sandbox.exchanges)
