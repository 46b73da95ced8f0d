"""Request validation: Zoom's 400 code 300 "Validation Failed." with the exact rejected field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.sandbox_helpers import Api
from zoomops.sandbox.validation import FieldError, validate

INTERP = "settings.language_interpretation.interpreters[0].languages"


def _interp(languages: str) -> dict[str, Any]:
    return {"settings": {"language_interpretation": {
        "enable": True, "interpreters": [{"email": "i@example.com", "languages": languages}]}}}


CREATE_CASES = [
    ({"settings": {"approval_type": 7}}, "settings.approval_type"),
    ({"type": 4}, "type"),
    ({"type": "5"}, "type"),
    ({"duration": "90"}, "duration"),
    ({"topic": 123}, "topic"),
    ({"topic": "x" * 201}, "topic"),
    ({"password": "12345678901"}, "password"),
    ({"password": "pass word"}, "password"),
    ({"start_time": "next tuesday"}, "start_time"),
    ({"settings": {"audio": "carrier-pigeon"}}, "settings.audio"),
    ({"settings": {"auto_recording": "disk"}}, "settings.auto_recording"),
    ({"settings": {"hd_video": "yes"}}, "settings.hd_video"),
    ({"settings": {"audio_conference_info": "x" * 2049}}, "settings.audio_conference_info"),
    ({"settings": {"question_and_answer": {"answer_questions": "some"}}},
     "settings.question_and_answer.answer_questions"),
    ({"recurrence": {"repeat_interval": 1}}, "recurrence.type"),
    ({"tracking_fields": [{"value": "x"}]}, "tracking_fields[0].field"),
    (_interp("EN,KO"), INTERP),
    (_interp("US"), INTERP),
    (_interp("US,KR,JP"), INTERP),
    (_interp("US,US"), INTERP),
    ({"settings": {"language_interpretation": {"interpreters": [{"email": "not-an-email", "languages": "US,KR"}]}}},
     "settings.language_interpretation.interpreters[0].email"),
    ({"timezone": "Mars/Olympus_Mons", "start_time": "2026-10-20T09:00:00"}, "timezone"),
]


@pytest.mark.parametrize(("body", "field"), CREATE_CASES, ids=[c[1] + f"-{i}" for i, c in enumerate(CREATE_CASES)])
def test_create_rejects_with_exact_field(api: Api, body: dict[str, Any], field: str) -> None:
    resp = api.create({"topic": "Forum", **body})
    assert resp.status_code == 400
    assert resp.json() == {"code": 300, "message": "Validation Failed.",
                           "errors": [{"field": field, "message": "Invalid field."}]}


def test_rejected_create_leaves_no_webinar(api: Api) -> None:
    api.create({"settings": {"approval_type": 7}})
    assert api.call("GET", "/users/me/webinars").json()["total_records"] == 0


def test_every_bad_field_is_reported_in_spec_property_order(api: Api) -> None:
    resp = api.create({"type": 4, "settings": {"approval_type": 9, "audio": "x"}})
    assert [e["field"] for e in resp.json()["errors"]] == ["settings.approval_type", "settings.audio", "type"]


def test_supported_interpretation_pairs_are_accepted(api: Api) -> None:
    for pair in ("US,KR", "KR,US", "US,CN", "JP,DE", "FR,RU", "PT,ES"):
        assert api.create(_interp(pair)).status_code == 201, pair


def test_more_than_30_panelists_in_one_request(api: Api) -> None:
    wid = api.create().json()["id"]
    people = [{"email": f"p{i}@example.com", "name": f"P{i}"} for i in range(31)]
    resp = api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": people})
    assert resp.status_code == 400
    assert resp.json() == {"code": 300, "message": "Validation Failed.",
                           "errors": [{"field": "panelists", "message": "Invalid field."}]}
    assert api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": people[:30]}).status_code == 201


def test_livestream_requires_its_three_fields(api: Api) -> None:
    wid = api.create().json()["id"]
    resp = api.call("PATCH", f"/webinars/{wid}/livestream", json={"stream_url": "rtmp://x/live"})
    assert [e["field"] for e in resp.json()["errors"]] == ["page_url", "stream_key"]


def test_end_action_enum(api: Api) -> None:
    wid = api.create().json()["id"]
    resp = api.call("PUT", f"/webinars/{wid}/status", json={"action": "pause"})
    assert resp.json()["errors"] == [{"field": "action", "message": "Invalid field."}]


def test_list_page_size_over_300(api: Api) -> None:
    resp = api.call("GET", "/users/me/webinars", params={"page_size": 301})
    assert resp.status_code == 400
    assert resp.json()["errors"] == [{"field": "page_size", "message": "Invalid field."}]


def test_validator_treats_maximum_on_array_as_max_items() -> None:
    schema = {"type": "array", "maximum": 2, "items": {"type": "integer"}}
    assert validate(schema, [1, 2]) == []
    assert validate(schema, [1, 2, 3], "xs") == [FieldError("xs")]
    assert validate(schema, [1, True], "xs") == [FieldError("xs[1]")]
