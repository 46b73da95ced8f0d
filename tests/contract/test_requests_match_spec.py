"""Every request zoomops sends, checked against Zoom's official spec (vendored subset), on the sandbox.

A whole life cycle of the reference forum — plan/apply from nothing, a re-apply after the schedule
changed, the runner's live actions, status reads and teardown — is recorded, and each exchange must be
a documented operation with documented query parameters, only documented body fields (at any depth),
valid enums and a documented success status.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from tests.contract.spec_check import RecordingSandbox, spec_problems
from tests.provision.conftest import HOST, make_context
from zoomops.common.clock import FakeClock
from zoomops.provision.apply import Applier
from zoomops.provision.plan import Planner
from zoomops.runner.actions import ZoomActions
from zoomops.show.cue import Audience, Cue
from zoomops.zoom.models import Livestream

FORUM_ID = "2022-undesa-krila-forum"


def apply(ctx):  # type: ignore[no-untyped-def]
    return Applier(ctx.client, ctx.store, ctx.host).apply(Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired))


def changed_forum(forum_path: Path, tmp_path: Path) -> Path:
    """The forum with Korean invitation emails, an alternative host, and one speaker's address changed."""
    data = yaml.safe_load(forum_path.read_text(encoding="utf-8"))
    data["people"][-1]["email"] = "placeholder+seonju-choi-new@example.org"
    data.setdefault("zoom", {})["settings"] = {"email_language": "ko-KO"}
    data["event"]["alternative_hosts"] = ["placeholder+alt-host@example.org"]
    target = tmp_path / "schedules" / forum_path.name
    target.parent.mkdir(parents=True)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture
def recording(clock: FakeClock) -> RecordingSandbox:
    return RecordingSandbox(clock, live_events_for_webinars=True)


def test_every_request_of_a_forum_life_cycle_is_documented(
    forum_path: Path, recording: RecordingSandbox, clock: FakeClock, tmp_path: Path
) -> None:
    ctx = make_context(forum_path, recording, clock, tmp_path / "state")
    wid = apply(ctx).webinar_ids["event"]
    ctx2 = make_context(changed_forum(forum_path, tmp_path), recording, clock, tmp_path / "state")
    mark = len(recording.exchanges)
    apply(ctx2)
    writes = [ex for ex in recording.exchanges[mark:] if ex.request.method != "GET"]
    assert [(ex.request.method, ex.request.path.replace(str(wid), "{id}"), ex.body) for ex in writes[:2]] == [
        # PATCH carries only what changed; alternative hosts as one comma-separated string
        ("PATCH", "/v2/webinars/{id}",
         {"settings": {"email_language": "ko-KO", "alternative_hosts": "placeholder+alt-host@example.org"}}),
        ("POST", "/v2/webinars/{id}/panelists",
         {"panelists": [{"email": "placeholder+seonju-choi-new@example.org", "name": "Seonju Choi"}]}),
    ]
    assert len(writes) == 3 and writes[2].request.method == "DELETE"
    # removed by panelist id (Zoom's id, not the email), answered 204
    assert writes[2].request.path.startswith(f"/v2/webinars/{wid}/panelists/")
    assert "@" not in writes[2].request.path.rsplit("/", 1)[1] and writes[2].response.status == 204
    client = ctx2.client
    client.update_livestream(wid, Livestream(stream_url="rtmp://x.invalid/live", stream_key="k",
                                             page_url="https://x.invalid/watch", resolution="720p"))
    recording.start_webinar(wid)
    actions = ZoomActions(client, wid)
    for action in ("livestream_start", "recording_pause", "recording_resume", "livestream_stop", "end_webinar"):
        outcome = actions.execute(_cue(action))
        assert outcome["status"] == "ok", (action, outcome)
    client.get_user("me")
    assert any(w.id == wid for w in client.list_webinars(HOST))
    problems = [p for ex in recording.exchanges for p in spec_problems(ex)]
    assert problems == []
    seen = {(ex.request.method, ex.request.path.replace(str(wid), "{id}")) for ex in recording.exchanges}
    assert {("POST", "/v2/users/host@example.com/webinars"), ("PATCH", "/v2/webinars/{id}"),
            ("POST", "/v2/webinars/{id}/panelists"), ("PATCH", "/v2/webinars/{id}/livestream"),
            ("PATCH", "/v2/webinars/{id}/livestream/status"), ("PATCH", "/v2/live_meetings/{id}/events"),
            ("PUT", "/v2/webinars/{id}/status")} <= seen


def _cue(action: str) -> Cue:
    return Cue(id=f"t.{action}", at=datetime(2022, 9, 6, tzinfo=UTC), audience=Audience.tech_host, kind="action",
               message=action, action=action)
