"""plan/apply against the sandbox: exact calls, zero writes on re-apply, read-back verification."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.provision.conftest import make_context
from zoomops.common.clock import FakeClock
from zoomops.provision.apply import Applier, VerificationError
from zoomops.provision.plan import Planner
from zoomops.sandbox.app import ZoomSandbox


def calls_of(ctx) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, str]] = []
    ctx.client.add_call_hook(lambda method, path, status: seen.append((method, path)))
    return seen


def apply_once(ctx):  # type: ignore[no-untyped-def]
    plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    return plan, Applier(ctx.client, ctx.store, ctx.host).apply(plan)


def sandbox_webinars(sandbox: ZoomSandbox) -> list[dict]:
    return [w for w in sandbox.snapshot()["webinars"].values() if not w.get("deleted")]


def test_forum_from_nothing_makes_exactly_these_calls(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    ctx = make_context(forum_path, sandbox, clock, tmp_path)
    seen = calls_of(ctx)
    plan, result = apply_once(ctx)
    assert [w.action for w in plan.webinars] == ["create"]
    assert plan.write_calls == 2 and plan.budget_calls == 1
    wid = result.webinar_ids["event"]
    assert seen == [
        ("GET", "/v2/users/host@example.com/webinars"),
        ("POST", "/v2/users/host@example.com/webinars"),
        ("POST", f"/v2/webinars/{wid}/panelists"),
        ("GET", f"/v2/webinars/{wid}"),
        ("GET", f"/v2/webinars/{wid}/panelists"),
    ]
    assert result.created == ["event"] and result.added == 18
    [record] = sandbox_webinars(sandbox)
    emails = sorted(p["email"] for p in record["panelists"])
    interpreters = [f"placeholder+interpreter-{x}@example.org" for x in "abc"]
    assert len(emails) == 21 and all(i in emails for i in interpreters)


def test_reapply_unchanged_makes_zero_writes(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    ctx = make_context(forum_path, sandbox, clock, tmp_path)
    apply_once(ctx)
    seen = calls_of(ctx)
    plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    assert not plan.has_changes and plan.write_calls == 0
    assert [m for m, _ in seen] == ["GET", "GET"]  # the webinar and its panelists, found by stored id


def test_changed_schedule_makes_only_needed_calls(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    ctx = make_context(forum_path, sandbox, clock, tmp_path)
    apply_once(ctx)
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        forum_path.read_text()
        .replace('end: "14:00"\n    minutes: 15', 'end: "14:10"\n    minutes: 25')
        .replace("speakers: [aslam-alam]", "speakers: [deniz-susar]")
    )
    ctx2 = make_context(edited, sandbox, clock, tmp_path)
    seen = calls_of(ctx2)
    plan, result = apply_once(ctx2)
    [wp] = plan.webinars
    assert wp.action == "update"
    assert [c.path for c in wp.changes] == ["duration", "agenda"]
    assert wp.patch["duration"] == 310
    assert [p.email for p in wp.remove] == ["placeholder+aslam-alam@example.org"]
    assert wp.add == []
    wid = result.webinar_ids["event"]
    writes = [(m, p) for m, p in seen if m != "GET"]
    assert writes[0] == ("PATCH", f"/v2/webinars/{wid}")
    assert writes[1][0] == "DELETE" and writes[1][1].startswith(f"/v2/webinars/{wid}/panelists/")
    assert len(writes) == 2


def test_lost_state_directory_is_recovered_by_marker(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    apply_once(make_context(forum_path, sandbox, clock, tmp_path / "a"))
    ctx = make_context(forum_path, sandbox, clock, tmp_path / "b")  # a fresh, empty state directory
    plan, _result = apply_once(ctx)
    assert plan.webinars[0].found_by == "marker" and not plan.has_changes
    assert len(sandbox_webinars(sandbox)) == 1


def test_silently_dropped_interpretation_is_a_verification_error(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    sandbox.set_feature("language_interpretation", False)
    ctx = make_context(forum_path, sandbox, clock, tmp_path)
    with pytest.raises(VerificationError) as err:
        apply_once(ctx)
    [mismatch] = err.value.mismatches
    assert mismatch.startswith("event: settings.language_interpretation: Zoom holds")
    assert "account lacks language interpretation" in mismatch


def test_budget_counts_creates_and_updates(
    forum_path: Path, sandbox: ZoomSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    ctx = make_context(forum_path, sandbox, clock, tmp_path)
    apply_once(ctx)
    assert ctx.store.budget_used_since("2022-09-01T00:00:00+00:00") == 1
    assert Counter(i.operation for i in ctx.store.intents("2022-undesa-krila-forum")) == {"create": 1}
