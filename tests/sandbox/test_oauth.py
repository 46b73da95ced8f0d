"""Server-to-Server OAuth token endpoint and bearer checks on API calls."""

from __future__ import annotations

import requests

from tests.sandbox.sandbox_helpers import Api


def _token(api: Api, data: dict[str, str] | None = None, auth: tuple[str, str] | None = None) -> requests.Response:
    form = {"grant_type": "account_credentials", "account_id": api.creds.account_id} if data is None else data
    return api.session.post(api.creds.oauth_url, data=form,
                            auth=auth if auth is not None else (api.creds.client_id, api.creds.client_secret))


def test_token_response_shape(api: Api) -> None:
    body = _token(api).json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope", "api_url"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert "webinar:write:admin" in body["scope"].split(" ")
    assert body["api_url"] == "https://sandbox.zoomops.invalid"


def test_grant_in_query_string_also_works(api: Api) -> None:
    resp = api.session.post(api.creds.oauth_url, params={"grant_type": "account_credentials",
                                                         "account_id": api.creds.account_id},
                            auth=(api.creds.client_id, api.creds.client_secret))
    assert resp.status_code == 200


def test_wrong_secret_is_401_code_4702(api: Api) -> None:
    resp = _token(api, auth=(api.creds.client_id, "wrong"))
    assert resp.status_code == 401
    assert resp.json() == {"reason": "Invalid client.", "error": "invalid_client", "code": 4702}


def test_missing_basic_auth_is_400_code_4706(api: Api) -> None:
    resp = api.session.post(api.creds.oauth_url, data={"grant_type": "account_credentials"})
    assert resp.status_code == 400
    assert resp.json()["code"] == 4706
    assert resp.json()["reason"] == "Client ID or client secret is missing."


def test_unsupported_grant_is_400_code_4705(api: Api) -> None:
    resp = _token(api, data={"grant_type": "client_credentials", "account_id": api.creds.account_id})
    assert resp.status_code == 400
    assert resp.json() == {"reason": "Grant type is not supported from token endpoint.",
                           "error": "unsupported_grant_type", "code": 4705}


def test_wrong_account_is_rejected(api: Api) -> None:
    resp = _token(api, data={"grant_type": "account_credentials", "account_id": "someone-else"})
    assert resp.status_code == 400
    assert resp.json()["code"] == 4700


def test_missing_or_unknown_bearer_is_401_code_124(api: Api) -> None:
    for headers in ({"Authorization": "Bearer nope"}, {"Authorization": ""}):
        resp = api.session.get(api.creds.api_url + "/users/me", headers=headers)
        assert resp.status_code == 401
        assert resp.json() == {"code": 124, "message": "Invalid access token."}


def test_token_expires_after_one_hour(api: Api) -> None:
    api.clock.advance(3599)
    assert api.call("GET", "/users/me").status_code == 200
    api.clock.advance(1)
    resp = api.call("GET", "/users/me")
    assert resp.status_code == 401
    assert resp.json()["code"] == 124
    api.fetch_token()
    assert api.call("GET", "/users/me").status_code == 200
