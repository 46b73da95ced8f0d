"""Panelists: add/list/remove, per-plan cap, and interpreters becoming panelists (or being dropped)."""

from __future__ import annotations

from tests.sandbox.sandbox_helpers import Api
from zoomops.common.clock import FakeClock
from zoomops.sandbox.app import ZoomSandbox

INTERPRETED = {"topic": "Forum", "settings": {"language_interpretation": {"enable": True, "interpreters": [
    {"email": "interp1@example.com", "languages": "US,KR"},
    {"email": "interp2@example.com", "languages": "KR,US"}]}}}


def _people(n: int, start: int = 0) -> list[dict[str, str]]:
    return [{"email": f"p{i}@example.com", "name": f"Panelist {i}"} for i in range(start, start + n)]


def test_add_returns_201_id_and_updated_at(api: Api) -> None:
    wid = api.create().json()["id"]
    resp = api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": _people(2)})
    assert resp.status_code == 201
    assert resp.json() == {"id": str(wid), "updated_at": "2022-09-06T00:00:00Z"}


def test_list_gives_each_panelist_a_join_url(api: Api) -> None:
    wid = api.create().json()["id"]
    api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": _people(2)})
    body = api.call("GET", f"/webinars/{wid}/panelists").json()
    assert body["total_records"] == 2
    assert [p["email"] for p in body["panelists"]] == ["p0@example.com", "p1@example.com"]
    urls = [p["join_url"] for p in body["panelists"]]
    assert all(u.startswith(f"https://sandbox.zoomops.invalid/w/{wid}?tk=") for u in urls)
    assert len(set(urls)) == 2
    assert all(len(p["id"]) == 22 for p in body["panelists"])


def test_same_email_twice_is_one_panelist(api: Api) -> None:
    wid = api.create().json()["id"]
    api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": _people(1)})
    api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": [{"email": "P0@example.com", "name": "New"}]})
    body = api.call("GET", f"/webinars/{wid}/panelists").json()
    assert body["total_records"] == 1
    assert body["panelists"][0]["name"] == "New"


def test_pro_cap_of_100_is_400_code_3000(api: Api) -> None:
    wid = api.create().json()["id"]
    for batch in range(4):
        ok = api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": _people(25, batch * 25)})
        assert ok.status_code == 201
    over = api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": _people(1, 100)})
    assert over.status_code == 400
    assert over.json() == {"code": 3000, "message": "You have reached the limit for the number of panelists you "
                                                    "can add. Contact Zoom Support for more information."}
    assert api.call("GET", f"/webinars/{wid}/panelists").json()["total_records"] == 100


def test_delete_one_by_id_or_email_and_all(api: Api) -> None:
    wid = api.create().json()["id"]
    api.call("POST", f"/webinars/{wid}/panelists", json={"panelists": _people(3)})
    first = api.call("GET", f"/webinars/{wid}/panelists").json()["panelists"][0]
    assert api.call("DELETE", f"/webinars/{wid}/panelists/{first['id']}").status_code == 204
    assert api.call("DELETE", f"/webinars/{wid}/panelists/p1@example.com").status_code == 204
    missing = api.call("DELETE", f"/webinars/{wid}/panelists/p1@example.com")
    assert missing.status_code == 404
    assert missing.json() == {"code": 1001,
                              "message": "User p1@example.com does not exist or does not belong to this account."}
    assert api.call("DELETE", f"/webinars/{wid}/panelists").status_code == 204
    assert api.call("GET", f"/webinars/{wid}/panelists").json() == {"total_records": 0, "panelists": []}


def test_interpreters_are_made_panelists(api: Api) -> None:
    wid = api.create(INTERPRETED).json()["id"]
    emails = [p["email"] for p in api.call("GET", f"/webinars/{wid}/panelists").json()["panelists"]]
    assert emails == ["interp1@example.com", "interp2@example.com"]
    settings = api.call("GET", f"/webinars/{wid}").json()["settings"]
    assert settings["language_interpretation"] == INTERPRETED["settings"]["language_interpretation"]


def test_interpreters_added_by_patch_become_panelists(api: Api) -> None:
    wid = api.create().json()["id"]
    api.call("PATCH", f"/webinars/{wid}", json={"settings": INTERPRETED["settings"]})
    assert api.call("GET", f"/webinars/{wid}/panelists").json()["total_records"] == 2


def test_interpretation_silently_dropped_without_the_feature(clock: FakeClock, api: Api) -> None:
    api.sandbox.set_feature("language_interpretation", False)
    resp = api.create(INTERPRETED)
    assert resp.status_code == 201
    assert resp.json()["settings"]["language_interpretation"] == {"enable": False, "interpreters": []}
    wid = resp.json()["id"]
    assert api.call("GET", f"/webinars/{wid}").json()["settings"]["language_interpretation"]["enable"] is False
    assert api.call("GET", f"/webinars/{wid}/panelists").json()["total_records"] == 0


def test_business_plan_allows_300(clock: FakeClock) -> None:
    assert ZoomSandbox(clock, plan="business").options.panelist_cap == 300
