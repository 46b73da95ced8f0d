"""Live controls: custom live stream and the (meeting-only) in-meeting events endpoint."""

from __future__ import annotations

from tests.sandbox.sandbox_helpers import Api
from zoomops.common.clock import FakeClock
from zoomops.sandbox.adapter import mount_sandbox
from zoomops.sandbox.app import ZoomSandbox

STREAM = {"stream_url": "rtmp://stream.example.com/live", "stream_key": "k-1", "page_url": "https://example.com/live"}


def test_livestream_update_get_and_status(api: Api) -> None:
    wid = api.create().json()["id"]
    not_configured = api.call("PATCH", f"/webinars/{wid}/livestream/status", json={"action": "start"})
    assert not_configured.json() == {"code": 3000, "message": "The current webinar is not configured with a "
                                                              "custom streaming service."}
    assert api.call("PATCH", f"/webinars/{wid}/livestream", json=STREAM).status_code == 204
    assert api.call("GET", f"/webinars/{wid}/livestream").json() == {**STREAM, "resolution": "720p"}
    early = api.call("PATCH", f"/webinars/{wid}/livestream/status", json={"action": "start"})
    assert early.status_code == 400
    assert early.json() == {"code": 200, "message": f"Webinar {wid} has not started."}
    api.sandbox.start_webinar(wid)
    assert api.call("PATCH", f"/webinars/{wid}/livestream/status", json={"action": "start"}).status_code == 204
    assert api.sandbox.webinar_record(wid)["livestream_status"] == "started"


def test_live_meeting_events_with_a_webinar_id_rejected_by_default(api: Api) -> None:
    wid = api.create().json()["id"]
    api.sandbox.start_webinar(wid)
    resp = api.call("PATCH", f"/live_meetings/{wid}/events", json={"method": "recording.start"})
    assert resp.status_code == 400
    assert resp.json() == {"code": 300, "message": "Invalid meeting id."}


def test_live_meeting_events_unknown_id_is_404(api: Api) -> None:
    resp = api.call("PATCH", "/live_meetings/99999999999/events", json={"method": "recording.start"})
    assert resp.status_code == 404
    assert resp.json() == {"code": 3001, "message": "Meeting 99999999999 is not found or has expired."}


def test_live_meeting_events_accepted_when_enabled(clock: FakeClock) -> None:
    import requests

    session = requests.Session()
    sandbox = ZoomSandbox(clock, live_events_for_webinars=True)
    creds = mount_sandbox(session, clock=clock, sandbox=sandbox)
    api = Api(session, creds, sandbox, clock)
    api.fetch_token()
    wid = api.create().json()["id"]
    not_live = api.call("PATCH", f"/live_meetings/{wid}/events", json={"method": "recording.start"})
    assert not_live.json() == {"code": 300, "message": "Meeting does not exist."}
    sandbox.start_webinar(wid)
    resp = api.call("PATCH", f"/live_meetings/{wid}/events", json={"method": "recording.start"})
    assert resp.status_code == 202
    assert resp.content == b""
    assert sandbox.webinar_record(wid)["recording"] == "recording"
    bad = api.call("PATCH", f"/live_meetings/{wid}/events", json={"method": "poll.launch"})
    assert bad.json()["errors"] == [{"field": "method", "message": "Invalid field."}]
