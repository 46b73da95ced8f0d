"""The report endpoints against recorded answers: Zoom's 200-with-an-error-body and answers that are not JSON
objects are errors (so notes in the report), never a traceback."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import responses

from tests.zoom.conftest import API, OAUTH, make_session, token_json
from zoomops.common.clock import FakeClock
from zoomops.report.zoomdata import fetch_zoom_data
from zoomops.zoom import reports
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.errors import ZoomAPIError


@pytest.fixture
def client(tmp_path: Path) -> ZoomClient:
    return ZoomClient(make_session(FakeClock(datetime(2022, 9, 6, 6, 0, tzinfo=UTC)), tmp_path))


def test_a_200_carrying_zoom_s_error_body_is_an_error(client: ZoomClient) -> None:
    with responses.RequestsMock() as mock:
        mock.post(OAUTH, json=token_json(scope="report:read:admin"))
        mock.get(f"{API}/report/webinars/123/qa",
                 json={"code": 200, "message": "This is only available for paid account:acct-123."})
        with pytest.raises(ZoomAPIError, match="only available for paid account") as caught:
            reports.report_qa(client, 123)
    assert caught.value.code == 200


def test_an_answer_that_is_not_a_json_object_becomes_a_note(client: ZoomClient) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(OAUTH, json=token_json(scope="report:read:admin webinar:read:admin"))
        for path in ("report/webinars/123/participants", "past_webinars/123/participants"):
            mock.get(f"{API}/{path}", body="<html>maintenance</html>", content_type="text/html")
        for path in ("report/webinars/123/qa", "report/webinars/123/polls", "past_webinars/123/qa",
                     "past_webinars/123/polls"):
            mock.get(f"{API}/{path}", json=[])
        data = fetch_zoom_data(client, [123], registration=False, recording_start=datetime(2022, 9, 6, tzinfo=UTC))
    assert data.participants is None and data.qa is None and data.polls is None
    assert data.notes[0].startswith("Attendance absent — GET /report/webinars/{id}/participants (report:read:admin): "
                                    "Zoom's answer was not usable: HTTP 200: the answer is not a JSON object")
