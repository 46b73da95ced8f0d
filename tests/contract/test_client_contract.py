"""The client's requests and status handling, exactly as Zoom's official spec documents them (`responses`)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from tests.zoom.conftest import API, OAUTH, token_json
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.errors import ZoomAPIError
from zoomops.zoom.models import WebinarCreate, WebinarUpdate

LIST = f"{API}/users/host@example.com/webinars"


def queries(mock: responses.RequestsMock, url: str) -> list[dict[str, list[str]]]:
    return [parse_qs(urlsplit(c.request.url).query) for c in mock.calls if c.request.url.startswith(url)]


def item(i: int) -> dict[str, object]:
    return {"id": 90000000000 + i, "topic": f"w{i}", "agenda": ""}


def test_list_follows_next_page_token_with_page_size_300(mock: responses.RequestsMock, client: ZoomClient) -> None:
    mock.post(OAUTH, json=token_json())
    mock.get(LIST, json={"page_size": 300, "total_records": 301, "next_page_token": "T1",
                         "webinars": [item(i) for i in range(300)]})
    mock.get(LIST, json={"page_size": 300, "total_records": 301, "next_page_token": "",
                         "webinars": [item(300)]})
    assert len(list(client.list_webinars("host@example.com"))) == 301
    assert queries(mock, LIST) == [{"type": ["scheduled"], "page_size": ["300"]},
                                   {"type": ["scheduled"], "page_size": ["300"], "next_page_token": ["T1"]}]


def test_list_falls_back_to_page_number_when_zoom_ignores_the_token(
    mock: responses.RequestsMock, client: ZoomClient
) -> None:
    """The spec lists only `page_number` as a query parameter here; if `next_page_token` is ignored
    (page 1 comes back again), paging must neither loop forever nor miss webinars."""
    mock.post(OAUTH, json=token_json())
    first = {"page_size": 300, "total_records": 601, "page_count": 3, "next_page_token": "T1",
             "webinars": [item(i) for i in range(300)]}
    mock.get(LIST, json=first)
    mock.get(LIST, json=first)  # token ignored
    mock.get(LIST, json={**first, "webinars": [item(i) for i in range(300, 600)]})
    mock.get(LIST, json={**first, "next_page_token": "", "webinars": [item(600)]})
    ids = [w.id for w in client.list_webinars("host@example.com")]
    assert len(ids) == len(set(ids)) == 601
    assert [q.get("page_number") for q in queries(mock, LIST)] == [None, None, ["2"], ["3"]]


def test_list_stops_on_a_repeated_token(mock: responses.RequestsMock, client: ZoomClient) -> None:
    mock.post(OAUTH, json=token_json())
    mock.get(LIST, json={"total_records": 2, "next_page_token": "T", "webinars": [item(0)]})
    mock.get(LIST, json={"total_records": 2, "next_page_token": "T", "webinars": [item(1)]})
    assert [w.id for w in client.list_webinars("host@example.com")] == [90000000000, 90000000001]
    assert len(queries(mock, LIST)) == 2


@pytest.mark.parametrize("status, body", [(204, None), (200, None), (200, {})])
def test_end_webinar_is_put_status_action_end(mock: responses.RequestsMock, client: ZoomClient,
                                              status: int, body: dict | None) -> None:
    mock.post(OAUTH, json=token_json())
    mock.put(f"{API}/webinars/91234567890/status", status=status, json=body)
    client.end_webinar(91234567890)
    [call] = [c for c in mock.calls if c.request.method == "PUT"]
    assert json.loads(call.request.body) == {"action": "end"}


def test_end_webinar_200_with_a_zoom_error_body_is_an_error(mock: responses.RequestsMock, client: ZoomClient) -> None:
    """The Oct-2023 spec's only 200 for this operation is an error text ("Webinar plan subscription is missing")."""
    mock.post(OAUTH, json=token_json())
    mock.put(f"{API}/webinars/91234567890/status", status=200,
             json={"code": 200, "message": "Webinar plan subscription is missing."})
    with pytest.raises(ZoomAPIError, match=r"code 200: Webinar plan subscription is missing"):
        client.end_webinar(91234567890)


def test_create_sends_utc_z_interpreters_and_comma_hosts(mock: responses.RequestsMock, client: ZoomClient) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    mock.post(OAUTH, json=token_json())
    mock.post(LIST, status=201, json={"id": 91234567890})
    body = WebinarCreate.model_validate({
        "topic": "t", "type": 5, "start_time": datetime(2022, 9, 6, 9, 0, tzinfo=ZoneInfo("Asia/Seoul")),
        "timezone": "Asia/Seoul", "duration": 300,
        "settings": {"alternative_hosts": ["a@example.org", "b@example.org"],
                     "language_interpretation": {"enable": True, "interpreters": [
                         {"email": "i@example.org", "languages": "US,KR"}]}}})
    client.create_webinar("host@example.com", body)
    [call] = [c for c in mock.calls if c.request.method == "POST" and c.request.url.startswith(API)]
    assert json.loads(call.request.body) == {
        "topic": "t", "type": 5, "start_time": "2022-09-06T00:00:00Z", "timezone": "Asia/Seoul", "duration": 300,
        "settings": {"alternative_hosts": "a@example.org,b@example.org",
                     "language_interpretation": {"enable": True, "interpreters": [
                         {"email": "i@example.org", "languages": "US,KR"}]}}}


def test_update_uses_the_patch_schema() -> None:
    """PATCH documents fewer email languages than create, and three settings create does not have."""
    assert WebinarUpdate.model_validate({"settings": {"notify_registrants": True}}).to_body(only_set=True) == {
        "settings": {"notify_registrants": True}}
    with pytest.raises(ValueError, match="email_language"):
        WebinarUpdate.model_validate({"settings": {"email_language": "nl-NL"}})
    with pytest.raises(ValueError, match="notify_registrants"):
        WebinarCreate.model_validate({"settings": {"notify_registrants": True}})
    assert WebinarCreate.model_validate({"settings": {"email_language": "nl-NL"}}).settings is not None


def test_at_most_30_panelists_per_request(mock: responses.RequestsMock, client: ZoomClient) -> None:
    mock.post(OAUTH, json=token_json())
    mock.post(f"{API}/webinars/91234567890/panelists", status=201, json={"id": "91234567890"})
    people = [{"email": f"p{i}@example.org", "name": f"P {i}"} for i in range(31)]
    with pytest.raises(ValueError, match="at most 30"):
        client.add_panelists(91234567890, people)
    client.add_panelists(91234567890, people[:30])
    [call] = [c for c in mock.calls if c.request.url.endswith("/panelists")]
    assert len(json.loads(call.request.body)["panelists"]) == 30


def test_panelist_is_deleted_by_id(mock: responses.RequestsMock, client: ZoomClient) -> None:
    mock.post(OAUTH, json=token_json())
    mock.delete(f"{API}/webinars/91234567890/panelists/Tg2b6GhcQKKbV7nSCbDKug", status=204)
    client.delete_panelist(91234567890, "Tg2b6GhcQKKbV7nSCbDKug")
