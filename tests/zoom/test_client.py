"""ZoomClient: exact requests per operation, expected statuses, pagination, typed errors, call counting."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from pydantic import ValidationError

from zoomops.zoom.client import ZoomClient, path_id
from zoomops.zoom.errors import ZoomAPIError, ZoomNotFound, ZoomValidationError
from zoomops.zoom.models import Livestream, LivestreamSettings, PanelistIn, WebinarCreate

from .conftest import API, api_calls

WEBINAR = {"id": 81234567890, "uuid": "abc==", "host_id": "h1", "host_email": "host@example.com",
           "topic": "Session 1", "type": 5, "start_time": "2022-09-06T00:00:00Z", "duration": 90,
           "timezone": "Asia/Seoul", "join_url": "https://zoom.us/j/81234567890",
           "start_url": "https://zoom.us/s/81234567890?zak=HOSTKEY", "created_at": "2022-09-01T00:00:00Z",
           "settings": {"approval_type": 2, "language_interpretation": {
               "enable": True, "interpreters": [{"email": "i@example.com", "languages": "US,KR"}]}},
           "encrypted_passcode": "ENCRYPTED"}


@pytest.fixture(autouse=True)
def _token(token_ok) -> None:
    """Every test here starts with a working token endpoint."""


def body(call: responses.Call) -> object:
    return json.loads(call.request.body)


def query(call: responses.Call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url).query)


def test_create_webinar_sends_exact_body_and_parses_201(mock, client: ZoomClient) -> None:
    mock.post(f"{API}/users/host@example.com/webinars", status=201, json=WEBINAR)
    request = WebinarCreate(
        topic="Session 1", type=5, start_time=datetime(2022, 9, 6, 9, 0, tzinfo=UTC), duration=90,
        timezone="Asia/Seoul", agenda="a",
        settings={"approval_type": 2, "email_language": "ko-KO", "auto_recording": "cloud",
                  "question_and_answer": {"enable": True, "answer_questions": "all"},
                  "language_interpretation": {"enable": True,
                                              "interpreters": [{"email": "i@example.com", "languages": "US,KR"}]}})
    webinar = client.create_webinar("host@example.com", request)
    [call] = api_calls(mock)
    assert call.request.url == f"{API}/users/host@example.com/webinars"
    assert call.request.headers["Content-Type"] == "application/json"
    assert body(call) == {
        "topic": "Session 1", "type": 5, "start_time": "2022-09-06T09:00:00Z", "duration": 90,
        "timezone": "Asia/Seoul", "agenda": "a",
        "settings": {"approval_type": 2, "email_language": "ko-KO", "auto_recording": "cloud",
                     "question_and_answer": {"enable": True, "answer_questions": "all"},
                     "language_interpretation": {"enable": True,
                                                 "interpreters": [{"email": "i@example.com", "languages": "US,KR"}]}}}
    assert webinar.id == 81234567890
    assert webinar.start_time == datetime(2022, 9, 6, tzinfo=UTC)
    assert webinar.settings.language_interpretation.interpreters[0].languages == "US,KR"
    assert webinar.model_extra == {"encrypted_passcode": "ENCRYPTED"}
    assert "HOSTKEY" not in repr(webinar) and "ENCRYPTED" not in repr(webinar)


def test_request_models_reject_typos_and_bad_enums() -> None:
    with pytest.raises(ValidationError):
        WebinarCreate.model_validate({"topic": "t", "settings": {"aproval_type": 2}})
    with pytest.raises(ValidationError):
        WebinarCreate.model_validate({"settings": {"email_language": "ko-KR"}})
    with pytest.raises(ValidationError):
        WebinarCreate.model_validate({"type": 2})
    with pytest.raises(ValidationError):
        WebinarCreate(start_time=datetime(2022, 9, 6, 9, 0))  # naive
    with pytest.raises(ValidationError):
        WebinarCreate(password="far-too-long-passcode")


def test_interpreter_languages_option() -> None:
    body_ = WebinarCreate.model_validate({"settings": {"language_interpretation": {"enable": True, "interpreters": [
        {"email": "i@example.com", "interpreter_languages": "English,Korean"}]}}}).to_body()
    assert body_["settings"]["language_interpretation"]["interpreters"] == [
        {"email": "i@example.com", "interpreter_languages": "English,Korean"}]
    with pytest.raises(ValidationError):
        WebinarCreate.model_validate({"settings": {"language_interpretation": {"interpreters": [
            {"email": "i@example.com"}]}}})


def test_unexpected_success_status_is_an_error(mock, client: ZoomClient) -> None:
    mock.post(f"{API}/users/me/webinars", status=200, json=WEBINAR)
    with pytest.raises(ZoomAPIError) as info:
        client.create_webinar("me", WebinarCreate(topic="t"))
    assert info.value.http_status == 200
    assert str(info.value) == "Zoom POST /v2/users/me/webinars: HTTP 200: unexpected status (wanted [201])"


def test_get_webinar_not_found_carries_code_and_tracking_id(mock, client: ZoomClient) -> None:
    mock.get(f"{API}/webinars/5", status=404, json={"code": 3001, "message": "Webinar 5 not found or has expired."},
             headers={"x-zm-trackingid": "WEB_404"})
    with pytest.raises(ZoomNotFound) as info:
        client.get_webinar(5)
    e = info.value
    assert (e.http_status, e.code, e.tracking_id, e.method, e.path) == (404, 3001, "WEB_404", "GET", "/v2/webinars/5")
    assert str(e) == "Zoom GET /v2/webinars/5: HTTP 404 code 3001: Webinar 5 not found or has expired. " \
                     "[tracking id WEB_404]"


def test_user_not_found_code_1001_on_400_is_not_found(mock, client: ZoomClient) -> None:
    mock.get(f"{API}/users/x@example.com", status=400, json={"code": 1001, "message": "User does not exist: x."})
    with pytest.raises(ZoomNotFound):
        client.get_user("x@example.com")


def test_validation_error_lists_fields(mock, client: ZoomClient) -> None:
    mock.patch(f"{API}/webinars/5", status=400, json={"code": 300, "message": "Validation Failed.",
                                                      "errors": [{"field": "settings.audio", "message": "Invalid"}]})
    with pytest.raises(ZoomValidationError) as info:
        client.update_webinar(5, {"settings": {"audio": "voip"}})
    assert info.value.errors == [{"field": "settings.audio", "message": "Invalid"}]
    assert "(settings.audio: Invalid)" in str(info.value)


def test_update_sends_only_given_fields(mock, client: ZoomClient) -> None:
    mock.patch(f"{API}/webinars/5", status=204)
    client.update_webinar(5, {"agenda": "new", "settings": {"hd_video": False}})
    [call] = api_calls(mock)
    assert body(call) == {"agenda": "new", "settings": {"hd_video": False}}
    assert query(call) == {}


def test_update_rejects_unknown_fields_before_sending(mock, client: ZoomClient) -> None:
    with pytest.raises(ValidationError):
        client.update_webinar(5, {"topik": "x"})
    assert api_calls(mock) == []


def test_delete_webinar_query(mock, client: ZoomClient) -> None:
    mock.delete(f"{API}/webinars/5", status=204)
    client.delete_webinar(5)
    client.delete_webinar(5, cancel_webinar_reminder=True)
    assert [query(c) for c in api_calls(mock)] == [{"cancel_webinar_reminder": ["false"]},
                                                    {"cancel_webinar_reminder": ["true"]}]


def test_end_webinar(mock, client: ZoomClient) -> None:
    mock.put(f"{API}/webinars/5/status", status=204)
    client.end_webinar(5)
    assert body(api_calls(mock)[0]) == {"action": "end"}


def test_list_webinars_follows_every_page(mock, client: ZoomClient) -> None:
    mock.get(f"{API}/users/me/webinars", json={"webinars": [{"id": 1}, {"id": 2}], "next_page_token": "T2",
                                               "total_records": 3, "page_size": 300},
             match=[responses.matchers.query_param_matcher({"type": "scheduled", "page_size": "300"})])
    mock.get(f"{API}/users/me/webinars", json={"webinars": [{"id": 3}], "next_page_token": "", "total_records": 3},
             match=[responses.matchers.query_param_matcher({"type": "scheduled", "page_size": "300",
                                                            "next_page_token": "T2"})])
    assert [w.id for w in client.list_webinars("me")] == [1, 2, 3]
    assert len(api_calls(mock)) == 2


def test_add_panelists_batch_limit(mock, client: ZoomClient) -> None:
    many = [PanelistIn(email=f"p{i}@example.com", name=f"P {i}") for i in range(31)]
    with pytest.raises(ValueError, match="at most 30"):
        client.add_panelists(5, many)
    with pytest.raises(ValueError):
        client.add_panelists(5, [])
    assert api_calls(mock) == []
    mock.post(f"{API}/webinars/5/panelists", status=201, json={"id": "5", "updated_at": "2022-09-01T00:00:00Z"})
    added = client.add_panelists(5, [*many[:29], {"email": "d@example.com", "name": "Dict"}])
    assert added.id == "5"
    sent = body(api_calls(mock)[0])["panelists"]
    assert len(sent) == 30
    assert sent[0] == {"email": "p0@example.com", "name": "P 0"}
    assert sent[-1] == {"email": "d@example.com", "name": "Dict"}


def test_list_and_delete_panelists(mock, client: ZoomClient) -> None:
    mock.get(f"{API}/webinars/5/panelists", json={"total_records": 1, "panelists": [
        {"id": "pid1", "email": "a@example.com", "name": "A", "join_url": "https://zoom.us/w/5?tk=x"}]})
    mock.delete(f"{API}/webinars/5/panelists/a@example.com", status=204)
    mock.delete(f"{API}/webinars/5/panelists", status=204)
    [p] = client.list_panelists(5)
    assert (p.id, p.email, p.join_url) == ("pid1", "a@example.com", "https://zoom.us/w/5?tk=x")
    client.delete_panelist(5, "a@example.com")
    client.delete_all_panelists(5)
    assert [(c.request.method, urlsplit(c.request.url).path) for c in api_calls(mock)] == [
        ("GET", "/v2/webinars/5/panelists"), ("DELETE", "/v2/webinars/5/panelists/a@example.com"),
        ("DELETE", "/v2/webinars/5/panelists")]


def test_livestream_calls(mock, client: ZoomClient) -> None:
    mock.patch(f"{API}/webinars/5/livestream", status=204)
    mock.patch(f"{API}/webinars/5/livestream/status", status=204)
    client.update_livestream(5, Livestream(stream_url="rtmp://x/live", stream_key="KEY", page_url="https://e.org",
                                           resolution="1080p"))
    client.livestream_status(5, "start", LivestreamSettings(active_speaker_name=True, display_name="Forum"))
    client.livestream_status(5, "stop")
    assert [body(c) for c in api_calls(mock)] == [
        {"stream_url": "rtmp://x/live", "stream_key": "KEY", "page_url": "https://e.org", "resolution": "1080p"},
        {"action": "start", "settings": {"active_speaker_name": True, "display_name": "Forum"}},
        {"action": "stop"}]


def test_in_meeting_event_expects_202(mock, client: ZoomClient) -> None:
    mock.patch(f"{API}/live_meetings/5/events", status=202)
    client.in_meeting_event(5, "recording.start")
    assert body(api_calls(mock)[0]) == {"method": "recording.start"}
    mock.replace(responses.PATCH, f"{API}/live_meetings/5/events", status=204)
    with pytest.raises(ZoomAPIError, match="unexpected status"):
        client.in_meeting_event(5, "recording.stop", {"contacts": []})


def test_get_user(mock, client: ZoomClient) -> None:
    mock.get(f"{API}/users/me", json={"id": "u1", "email": "host@example.com", "type": 2, "status": "active",
                                      "pmi": 123})
    user = client.get_user()
    assert (user.id, user.email, user.type) == ("u1", "host@example.com", 2)
    assert user.model_extra == {"pmi": 123}


def test_uuid_is_double_encoded_when_zoom_requires_it() -> None:
    assert path_id("/abc==") == "%252Fabc%253D%253D"
    assert path_id("ab//c") == "ab%252F%252Fc"
    assert path_id("abc==") == "abc%3D%3D"
    assert path_id(81234567890) == "81234567890"


def test_calls_are_counted_by_method_including_retries(mock, client: ZoomClient) -> None:
    seen: list[tuple[str, str, int | None]] = []
    client.add_call_hook(lambda m, p, s: seen.append((m, p, s)))
    mock.get(f"{API}/webinars/5", status=503)
    mock.get(f"{API}/webinars/5", json=WEBINAR)
    mock.delete(f"{API}/webinars/5", status=204)
    client.get_webinar(5)
    client.delete_webinar(5)
    assert client.calls == {"GET": 2, "DELETE": 1}
    assert seen == [("GET", "/v2/webinars/5", 503), ("GET", "/v2/webinars/5", 200), ("DELETE", "/v2/webinars/5", 204)]


def test_concurrent_panelist_batches_are_all_sent_and_counted(mock, client: ZoomClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    mock.post(f"{API}/webinars/5/panelists", status=201, json={"id": "5"})
    batches = [[{"email": f"p{b}-{i}@example.com", "name": "P"} for i in range(30)] for b in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda batch: client.add_panelists(5, batch), batches))
    assert [r.id for r in results] == ["5"] * 8
    assert client.calls == {"POST": 8}
    sent = sorted(p["email"] for c in api_calls(mock) for p in body(c)["panelists"])
    assert sent == sorted(p["email"] for batch in batches for p in batch)
