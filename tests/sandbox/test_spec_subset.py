"""The vendored spec subset: provenance header, the operations used, and the texts the sandbox quotes."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from zoomops.sandbox import errors
from zoomops.sandbox.spec_index import SpecIndex


@pytest.fixture(scope="module")
def document() -> dict:
    text = resources.files("zoomops.sandbox.spec").joinpath("zoom_webinar_subset.json").read_text("utf-8")
    return json.loads(text)


def test_source_header(document: dict) -> None:
    source = document["x-zoomops-source"]
    assert source["repository"] == "shr968/Prokalp"
    assert source["path"] == "ZoomMeetingAPISpec.json"
    assert source["commit"] == "8bf2d7465ba71c465a2f1ad6d1d5e641d7e17b32"
    assert source["sha256"] == "3732e77c20a4f693277f8dad99535f957082088d1afbbd1a2e9c35fab79b50a1"
    assert source["trimmed"]


def test_has_exactly_the_operations_used_and_no_prose(document: dict) -> None:
    assert len(document["operations"]) == 35
    assert '"description"' not in json.dumps(document).replace('"name_tag_description"', "")
    labels = {k: v["rate_limit_label"] for k, v in document["operations"].items()}
    assert labels["POST /users/{userId}/webinars"] == "Light"
    assert labels["POST /webinars/{webinarId}/panelists"] == "Medium"
    assert labels["PATCH /live_meetings/{meetingId}/events"] == "Medium"
    assert labels["POST /webinars/{webinarId}/batch_registrants"] == "Heavy"
    assert labels["GET /webinars/{webinarId}/registrants"] == "Medium"
    assert labels["PUT /webinars/{webinarId}/registrants/status"] == "Medium"
    assert labels["PATCH /webinars/{webinarId}/registrants/questions"] == "Light"


def test_success_statuses_match_the_spec() -> None:
    index = SpecIndex.load()
    expected = {"webinarCreate": "201", "webinarUpdate": "204", "webinarDelete": "204", "webinarStatus": "204",
                "webinarPanelistCreate": "201", "inMeetingControl": "202", "webinarLiveStreamUpdate": "204"}
    for operation_id, status in expected.items():
        assert status in index.get(operation_id).statuses, operation_id


@pytest.mark.parametrize("name", ["WEBINAR_NOT_FOUND", "MEETING_NOT_FOUND", "USER_NOT_FOUND_CREATE",
                                  "USER_NOT_FOUND_GET", "PANELIST_NOT_FOUND", "PANELIST_LIMIT", "DELETE_IN_PROGRESS",
                                  "DELETE_ENDED", "NOT_STARTED", "NO_CUSTOM_STREAM", "INVALID_MEETING_ID",
                                  "MEETING_DOES_NOT_EXIST", "REPORT_WEBINAR_NOT_FOUND", "PAST_NOT_ENDED",
                                  "BAD_PAGE_TOKEN", "NO_REGISTRATION", "NO_RECORDING"])
def test_quoted_messages_appear_in_the_spec(document: dict, name: str) -> None:
    messages = {e["message"] for op in document["operations"].values()
                for resp in op["responses"].values() for e in resp.get("errors", [])}
    assert getattr(errors, name) in messages
