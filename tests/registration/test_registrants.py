"""Registrants in bulk against the sandbox: batches of 30 paced as HEAVY, never twice, status, export 0600."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from tests.registration.helpers import apply, context, off_spec
from zoomops.common.clock import FakeClock
from zoomops.common.diagnostics import OperationalError
from zoomops.provision.people_file import PersonRow
from zoomops.provision.registrants import RegistrantImporter, export_csv, set_status, write_private
from zoomops.sandbox.faults import FaultPlan, FaultRule
from zoomops.zoom.registrants import Registrants


def people(n: int, start: int = 0) -> list[PersonRow]:
    return [PersonRow(i + 2, f"person{i:05d}@example.org", f"First{i}", f"Last{i}" if i % 2 else None)
            for i in range(start, start + n)]


def setup(tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    ctx, sandbox = context(tmp_path, clock)
    _plan, result = apply(ctx)
    sandbox.exchanges.clear()
    return ctx, sandbox, result.webinar_ids["event"]


def batch_posts(sandbox) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(e.request.body) for e in sandbox.exchanges
            if e.request.method == "POST" and e.request.path.endswith("/batch_registrants")]


def test_import_sends_batches_of_30_with_exact_bodies_after_listing_every_status(
        tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox, wid = setup(tmp_path, clock)
    result = RegistrantImporter(ctx.client, wid).run(people(75))
    lists = [(e.request.path, e.request.query) for e in sandbox.exchanges if e.request.method == "GET"]
    assert lists == [(f"/v2/webinars/{wid}/registrants", {"status": s, "page_size": "300"})
                     for s in ("approved", "pending", "denied")]
    posts = batch_posts(sandbox)  # 4 in flight: in any order
    assert sorted(len(p["registrants"]) for p in posts) == [15, 30, 30]
    assert sorted(posts, key=lambda p: p["registrants"][0]["email"])[0]["registrants"][:2] == [
        {"email": "person00000@example.org", "first_name": "First0"},
        {"email": "person00001@example.org", "first_name": "First1", "last_name": "Last1"}]
    assert all("auto_approve" not in p for p in posts)
    assert (result.in_file, result.already_registered, result.registered, result.batches) == (75, 0, 75, 3)
    assert off_spec(sandbox) == []
    record = sandbox.webinar_record(wid)
    assert len(record["registrants"]) == 75 and {r["status"] for r in record["registrants"]} == {"pending"}


def test_batches_are_paced_by_the_heavy_category(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox, wid = setup(tmp_path, clock)
    before = clock.monotonic()
    RegistrantImporter(ctx.client, wid, workers=1).run(people(14 * 30))
    # Pro HEAVY 10/s at 90 % headroom = 9/s with a burst of 9: the other 5 batches wait 1/9 s each.
    assert clock.monotonic() - before == pytest.approx(5 / 9)
    assert ctx.client.session.pacer.limits["Heavy"] == (9, 1.0)
    assert not [e for e in sandbox.exchanges if e.response.status == 429]


def test_a_reimport_registers_nobody_twice(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox, wid = setup(tmp_path, clock)
    RegistrantImporter(ctx.client, wid).run(people(75))
    sandbox.exchanges.clear()
    again = RegistrantImporter(ctx.client, wid).run(people(80))
    assert (again.already_registered, again.registered, again.batches) == (75, 5, 1)
    assert [len(p["registrants"]) for p in batch_posts(sandbox)] == [5]
    submissions = sandbox.webinar_record(wid)["registration_submissions"]
    assert len(submissions) == 80 and set(submissions.values()) == {1}


def test_a_cancelled_registrant_is_not_registered_again(tmp_path: Path, clock: FakeClock) -> None:
    ctx, _sandbox, wid = setup(tmp_path, clock)
    RegistrantImporter(ctx.client, wid).run(people(3))
    set_status(ctx.client, wid, "cancel", ["person00001@example.org"])
    again = RegistrantImporter(ctx.client, wid).run(people(3))
    assert (again.already_registered, again.registered) == (3, 0)


def test_an_interrupted_import_resumed_registers_everyone_exactly_once(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox, wid = setup(tmp_path, clock)
    sent: list[int] = []

    def stop_after_two_batches(n: int) -> None:
        sent.append(n)
        if len(sent) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        RegistrantImporter(ctx.client, wid, workers=1, progress=stop_after_two_batches).run(people(100))
    assert len(sandbox.webinar_record(wid)["registrants"]) == 60
    resumed = RegistrantImporter(ctx.client, wid).run(people(100))
    assert (resumed.already_registered, resumed.registered, resumed.batches) == (60, 40, 2)
    submissions = sandbox.webinar_record(wid)["registration_submissions"]
    assert len(submissions) == 100 and set(submissions.values()) == {1}


def test_a_batch_whose_answer_was_lost_is_settled_by_listing_not_resent(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox, wid = setup(tmp_path, clock)
    sandbox.set_faults(FaultPlan([FaultRule("commit_then_fail", method="POST", path="batch_registrants$", skip=1,
                                            times=1, outcome="drop")]))
    result = RegistrantImporter(ctx.client, wid, workers=1).run(people(90))
    assert (result.registered, result.batches, result.rounds) == (90, 3, 1)
    submissions = sandbox.webinar_record(wid)["registration_submissions"]
    assert len(submissions) == 90 and set(submissions.values()) == {1}
    gets = [e.request.query.get("status") for e in sandbox.exchanges if e.request.method == "GET"]
    assert gets == ["approved", "pending", "denied"] * 2  # listed before, and again to settle the lost batch


def test_a_refused_batch_stops_with_counts_and_no_personal_data(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox, wid = setup(tmp_path, clock)
    sandbox.set_faults(FaultPlan([FaultRule("error", method="POST", path="batch_registrants$", skip=1, status=400)]))
    with pytest.raises(OperationalError) as info:
        RegistrantImporter(ctx.client, wid, workers=1).run(people(90))
    text = str(info.value)
    assert "30 registrant(s) were registered before it" in text and "run the import again" in text
    assert "@example.org" not in text and "First" not in text


def test_status_updates_go_30_at_a_time(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox, wid = setup(tmp_path, clock)
    RegistrantImporter(ctx.client, wid).run(people(35))
    sandbox.exchanges.clear()
    emails = [p.email for p in people(35)]
    assert set_status(ctx.client, wid, "approve", emails) == 35
    puts = [json.loads(e.request.body) for e in sandbox.exchanges if e.request.method == "PUT"]
    assert [len(p["registrants"]) for p in puts] == [30, 5]
    assert puts[1] == {"action": "approve", "registrants": [{"email": e} for e in emails[30:]]}
    assert off_spec(sandbox) == []
    api = Registrants(ctx.client)
    assert (api.count(wid, "approved"), api.count(wid, "pending")) == (35, 0)
    set_status(ctx.client, wid, "deny", emails[:3])
    assert (api.count(wid, "approved"), api.count(wid, "denied")) == (32, 3)


def test_export_lists_everyone_with_join_links_in_a_private_file(tmp_path: Path, clock: FakeClock) -> None:
    ctx, sandbox, wid = setup(tmp_path, clock)
    RegistrantImporter(ctx.client, wid).run(people(310))  # more than one page of 300
    set_status(ctx.client, wid, "approve", [p.email for p in people(2)])
    text, count = export_csv(ctx.client, wid)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == 310 and len(rows) == 310
    assert list(rows[0]) == ["email", "first_name", "last_name", "status", "join_url", "create_time", "id"]
    by_email = {r["email"]: r for r in rows}
    stored = {r["email"]: r for r in sandbox.webinar_record(wid)["registrants"]}
    assert all(by_email[e]["join_url"] == stored[e]["join_url"] for e in stored)
    assert by_email["person00000@example.org"]["status"] == "approved"
    out = tmp_path / "registrants.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    write_private(out, text)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text("utf-8") == text


def test_registrants_keep_personal_data_out_of_repr(tmp_path: Path, clock: FakeClock) -> None:
    ctx, _sandbox, wid = setup(tmp_path, clock)
    RegistrantImporter(ctx.client, wid).run(people(1))
    [one] = list(Registrants(ctx.client).list(wid, "pending"))
    assert "example.org" not in repr(one) and "First" not in repr(one) and "http" not in repr(one)
    assert "example.org" not in repr(people(1)[0])


def test_a_zoom_message_quoting_a_registrant_is_redacted() -> None:
    from zoomops.provision.registrants import describe_zoom_refusal
    from zoomops.zoom.errors import ZoomAPIError

    exc = ZoomAPIError(429, 429, 'You have exceeded the daily rate limit of "3" for webinar Perform batch registration '
                       'API requests for the registrant "ann.lee+x@example.org".', method="POST", path="/v2/x")
    text = describe_zoom_refusal(exc, 60)
    assert "ann.lee" not in text and 'for the registrant "<registrant>".' in text
    assert "60 registrant(s) were registered before it" in text
