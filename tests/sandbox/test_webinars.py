"""Webinar lifecycle against the in-process sandbox: codes, bodies and ids as Zoom returns them."""

from __future__ import annotations

import re

from tests.sandbox.sandbox_helpers import Api

FORUM = {"topic": "Forum Session 1", "type": 5, "start_time": "2026-10-20T09:00:00", "timezone": "Asia/Seoul",
         "duration": 90, "settings": {"approval_type": 2, "email_language": "ko-KO"}}


def test_create_returns_201_with_zoom_shaped_ids_and_urls(api: Api) -> None:
    resp = api.create(FORUM)
    assert resp.status_code == 201
    body = resp.json()
    assert isinstance(body["id"], int) and len(str(body["id"])) == 11
    assert re.fullmatch(r"[A-Za-z0-9+/]{22}==", body["uuid"])
    assert re.fullmatch(rf"https://sandbox\.zoomops\.invalid/w/{body['id']}\?tk=[\w-]+", body["join_url"])
    assert body["start_url"].startswith(f"https://sandbox.zoomops.invalid/s/{body['id']}?zak=")
    assert body["start_time"] == "2026-10-20T00:00:00Z"
    assert body["timezone"] == "Asia/Seoul"
    assert body["host_email"] == "host@example.com"
    assert body["settings"]["email_language"] == "ko-KO"
    assert body["settings"]["auto_recording"] == "none"
    assert resp.headers["x-zm-trackingid"].startswith("v=2.0;clid=sbx;rid=SBX_")


def test_get_by_id_and_by_uuid(api: Api) -> None:
    created = api.create(FORUM).json()
    by_id = api.call("GET", f"/webinars/{created['id']}")
    assert by_id.status_code == 200
    assert by_id.json() == created
    from urllib.parse import quote

    encoded = quote(quote(created["uuid"], safe=""), safe="")
    assert api.call("GET", f"/webinars/{encoded}").json()["id"] == created["id"]


def test_unknown_webinar_is_404_code_3001(api: Api) -> None:
    resp = api.call("GET", "/webinars/12345678901")
    assert resp.status_code == 404
    assert resp.json() == {"code": 3001, "message": "Webinar 12345678901 not found or has expired."}


def test_unknown_user_is_404_code_1001(api: Api) -> None:
    create = api.create(FORUM, user="nobody@example.com")
    assert create.status_code == 404
    assert create.json() == {"code": 1001,
                             "message": "User nobody@example.com not exist or not belong to this account."}
    get = api.call("GET", "/users/nobody@example.com")
    assert get.status_code == 404
    assert get.json() == {"code": 1001, "message": "User does not exist: nobody@example.com."}


def test_user_lookup_by_email_id_and_me(api: Api) -> None:
    me = api.call("GET", "/users/me").json()
    assert me["email"] == "host@example.com"
    assert api.call("GET", "/users/HOST@example.com").json()["id"] == me["id"]
    assert api.call("GET", f"/users/{me['id']}").json()["email"] == "host@example.com"


def test_patch_is_204_and_merges_settings(api: Api) -> None:
    wid = api.create(FORUM).json()["id"]
    resp = api.call("PATCH", f"/webinars/{wid}", json={"topic": "Renamed", "settings": {"hd_video": True}})
    assert resp.status_code == 204
    assert resp.content == b""
    got = api.call("GET", f"/webinars/{wid}").json()
    assert got["topic"] == "Renamed"
    assert got["settings"]["hd_video"] is True
    assert got["settings"]["email_language"] == "ko-KO"


def test_delete_is_204_then_gone(api: Api) -> None:
    wid = api.create(FORUM).json()["id"]
    assert api.call("DELETE", f"/webinars/{wid}").status_code == 204
    assert api.call("GET", f"/webinars/{wid}").json()["code"] == 3001
    assert api.call("DELETE", f"/webinars/{wid}").status_code == 404


def test_end_requires_started_then_204(api: Api) -> None:
    wid = api.create(FORUM).json()["id"]
    early = api.call("PUT", f"/webinars/{wid}/status", json={"action": "end"})
    assert early.status_code == 400
    assert early.json() == {"code": 3000, "message": f"Webinar {wid} has not started."}
    api.sandbox.start_webinar(wid)
    in_progress = api.call("DELETE", f"/webinars/{wid}")
    assert in_progress.json() == {"code": 3002,
                                  "message": "Sorry, you cannot delete this webinar since it is in progress."}
    assert api.call("PUT", f"/webinars/{wid}/status", json={"action": "end"}).status_code == 204
    assert api.sandbox.webinar_record(wid)["status"] == "ended"
    ended = api.call("DELETE", f"/webinars/{wid}")
    assert ended.json() == {"code": 3007, "message": "Sorry, you cannot delete this webinar since it has ended."}


def test_list_pages_with_next_page_token(api: Api) -> None:
    ids = [api.create({**FORUM, "start_time": f"2026-10-2{d}T09:00:00"}).json()["id"] for d in range(5)]
    first = api.call("GET", "/users/me/webinars", params={"page_size": 2}).json()
    assert first["total_records"] == 5
    assert [w["id"] for w in first["webinars"]] == ids[:2]
    second = api.call("GET", "/users/me/webinars",
                      params={"page_size": 2, "next_page_token": first["next_page_token"]}).json()
    third = api.call("GET", "/users/me/webinars",
                     params={"page_size": 2, "next_page_token": second["next_page_token"]}).json()
    assert [w["id"] for w in second["webinars"]] == ids[2:4]
    assert [w["id"] for w in third["webinars"]] == ids[4:]
    assert third["next_page_token"] == ""
