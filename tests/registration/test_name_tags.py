"""Panelists' name tags (zoom.name_tag): the branding tag, each panelist's name/affiliation/pronouns, diffed and
verified like everything else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.contract.spec_check import RecordingSandbox
from tests.provision.conftest import make_context
from tests.registration.helpers import ROOT, apply, forum_with, off_spec
from zoomops.common.clock import FakeClock
from zoomops.provision.apply import Applier, VerificationError
from zoomops.provision.plan import Planner
from zoomops.provision.render import render_plan

TAG = "zoom:\n  name_tag: {name: Forum speaker, accent_color: '1a7f37'}\n"
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"


def write(tmp_path: Path, *, pronouns: str | None = "he/him", affiliation: str | None = None,
          tag: str = TAG) -> Path:
    text = FORUM.read_text("utf-8")
    jae = "{id: jae-hee-park, honorific: Mr., name: Jae-hee Park, "
    assert jae in text
    extra = f"pronouns: {pronouns}, " if pronouns else ""
    text = text.replace(jae, jae + extra)
    if affiliation is not None:
        text = text.replace('"Director, Center for Administrative System Research, KRILA"', f'"{affiliation}"')
    return forum_with(tmp_path, tag, base=text)


def ctx_for(path: Path, sandbox: RecordingSandbox, clock: FakeClock, tmp_path: Path):  # type: ignore[no-untyped-def]
    state = tmp_path / "state"
    state.mkdir(exist_ok=True)
    return make_context(path, sandbox, clock, state)


def test_apply_creates_the_tag_and_puts_each_panelist_on_it(tmp_path: Path, clock: FakeClock) -> None:
    sandbox = RecordingSandbox(clock)
    ctx = ctx_for(write(tmp_path), sandbox, clock, tmp_path)
    plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    assert ("    name tag: Forum speaker (text ffffff, accent 1a7f37, background 242424): each panelist's name, "
            "affiliation and pronouns") in render_plan(plan, 0, 100)
    sandbox.exchanges.clear()
    _plan, result = apply(ctx)
    wid = result.webinar_ids["event"]
    calls = [(e.request.method, e.request.path.removeprefix(f"/v2/webinars/{wid}")) for e in sandbox.exchanges]
    assert calls[1:5] == [("POST", "/v2/users/host@example.com/webinars"), ("GET", "/branding"),
                          ("POST", "/branding/name_tags"), ("POST", "/panelists")]
    create = json.loads(sandbox.exchanges[1].request.body)
    assert create["settings"]["enable_session_branding"] is True
    assert json.loads(sandbox.exchanges[3].request.body) == {
        "name": "Forum speaker", "text_color": "ffffff", "accent_color": "1a7f37", "background_color": "242424",
        "set_default_for_all_panelists": False}
    [tag] = sandbox.webinar_record(wid)["name_tags"]
    panelists = json.loads(sandbox.exchanges[4].request.body)["panelists"]
    assert panelists[0] == {"email": "placeholder+jae-hee-park@example.org", "name": "Jae-hee Park",
                            "name_tag_id": tag["id"], "name_tag_name": "Mr. Jae-hee Park",
                            "name_tag_description": "Director, Center for Administrative System Research, KRILA",
                            "name_tag_pronouns": "he/him"}
    assert panelists[1]["name_tag_pronouns"] == ""
    assert off_spec(sandbox) == []
    again = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    assert not again.has_changes


def test_a_changed_affiliation_re_adds_only_that_panelist_keeping_the_join_link(
        tmp_path: Path, clock: FakeClock) -> None:
    sandbox = RecordingSandbox(clock)
    ctx = ctx_for(write(tmp_path), sandbox, clock, tmp_path)
    _plan, result = apply(ctx)
    wid = result.webinar_ids["event"]
    link = next(p["join_url"] for p in sandbox.webinar_record(wid)["panelists"] if "jae-hee" in p["email"])
    sandbox.exchanges.clear()
    ctx2 = ctx_for(write(tmp_path, affiliation="President, KRILA", pronouns=None), sandbox, clock, tmp_path)
    plan = Planner(ctx2.client, ctx2.store, ctx2.host).plan(ctx2.desired)
    [w] = plan.webinars
    assert [(c.path, c.old, c.new) for c in w.changes] == [(
        "panelist placeholder+jae-hee-park@example.org: name tag",
        "Mr. Jae-hee Park — Director, Center for Administrative System Research, KRILA — (he/him)",
        "Mr. Jae-hee Park — President, KRILA")]
    assert w.write_calls == 1 and [p.email for p in w.retag] == ["placeholder+jae-hee-park@example.org"]
    sandbox.exchanges.clear()
    Applier(ctx2.client, ctx2.store, ctx2.host).apply(plan)
    [post] = [e for e in sandbox.exchanges if e.request.method == "POST"]
    [body] = json.loads(post.request.body)["panelists"]
    assert (body["name_tag_description"], body["name_tag_pronouns"]) == ("President, KRILA", "")
    after = next(p for p in sandbox.webinar_record(wid)["panelists"] if "jae-hee" in p["email"])
    assert after["join_url"] == link and after["name_tag_description"] == "President, KRILA"


def test_new_colours_patch_the_tag_alone(tmp_path: Path, clock: FakeClock) -> None:
    sandbox = RecordingSandbox(clock)
    ctx = ctx_for(write(tmp_path), sandbox, clock, tmp_path)
    apply(ctx)
    sandbox.exchanges.clear()
    recoloured = TAG.replace("1a7f37", "cf222e")
    ctx2 = ctx_for(write(tmp_path, tag=recoloured), sandbox, clock, tmp_path)
    plan = Planner(ctx2.client, ctx2.store, ctx2.host).plan(ctx2.desired)
    assert plan.webinars[0].name_tag_action == "update" and plan.write_calls == 1
    Applier(ctx2.client, ctx2.store, ctx2.host).apply(plan)
    writes = [(e.request.method, json.loads(e.request.body)) for e in sandbox.exchanges if e.request.method != "GET"]
    assert writes == [("PATCH", {"accent_color": "cf222e"})]
    assert off_spec(sandbox) == []


def test_name_tags_zoom_did_not_keep_fail_the_read_back(tmp_path: Path, clock: FakeClock,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from zoomops.sandbox import panelists

    monkeypatch.setattr(panelists, "OPTIONAL_FIELDS", ("virtual_background_id",))  # Zoom ignores name tags
    sandbox = RecordingSandbox(clock)
    ctx = ctx_for(write(tmp_path), sandbox, clock, tmp_path)
    with pytest.raises(VerificationError) as info:
        apply(ctx)
    assert len(info.value.mismatches) == 18
    assert info.value.mismatches[0].startswith(
        "event: panelist placeholder+jae-hee-park@example.org: name tag: Zoom holds None (None, None, tag None), "
        "the schedule asks for 'Mr. Jae-hee Park'")
