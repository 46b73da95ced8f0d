"""`zoomops doctor`: exit codes 0/1/2, text and JSON, and the scope rule."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
import responses
from click.testing import CliRunner

from zoomops.cli.main import cli
from zoomops.zoom.scopes import check_scopes, covering_scope

from .conftest import token_json

NO_CREDS = {"ZOOM_ACCOUNT_ID": None, "ZOOM_CLIENT_ID": None, "ZOOM_CLIENT_SECRET": None, "ZOOM_API_URL": None,
            "ZOOM_OAUTH_URL": None, "ZOOM_HOST_USER": None, "ZOOM_PLAN": None}
REAL = {**NO_CREDS, "ZOOM_ACCOUNT_ID": "acct", "ZOOM_CLIENT_ID": "cid", "ZOOM_CLIENT_SECRET": "DOCTOR-SECRET"}


def run(tmp_path: Path, env: dict[str, str | None], *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    with contextlib.chdir(tmp_path):
        result = runner.invoke(cli, ["doctor", *args], env={**env, "ZOOMOPS_STATE_DIR": str(tmp_path / "state")})
    return result.exit_code, result.stdout, result.stderr


def test_sandbox_doctor_is_ok(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, NO_CREDS)
    assert code == 0, out + err
    assert "mode:           sandbox" in out
    assert "API base URL:   https://sandbox.zoomops.invalid/v2" in out
    assert "missing scopes: none" in out
    assert "embedded Zoom sandbox" in err


def test_sandbox_doctor_json(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, NO_CREDS, "--json")
    report = json.loads(out)
    assert code == 0
    assert report["ok"] is True and report["mode"] == "sandbox"
    assert report["missing_scopes"] == []
    assert report["host_user"]["lookup"] == "me"


def test_partial_credentials_exit_2(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, {**NO_CREDS, "ZOOM_ACCOUNT_ID": "acct"})
    assert code == 2
    assert "missing ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET" in err


def test_missing_scopes_exit_1(tmp_path: Path) -> None:
    with responses.RequestsMock() as mock:
        mock.post("https://zoom.us/oauth/token", json=token_json(scope="webinar:read:admin user:read:admin"))
        mock.get("https://api.zoom.us/v2/users/host@example.com", json={"id": "u1", "email": "host@example.com",
                                                                        "status": "active"})
        code, out, _ = run(tmp_path, {**REAL, "ZOOM_HOST_USER": "host@example.com"}, "--json")
    report = json.loads(out)
    assert code == 1
    assert report["mode"] == "zoom"
    assert report["missing_scopes"] == ["webinar:write:admin", "meeting:write:admin"]
    assert report["host_user"]["email"] == "host@example.com"
    assert "DOCTOR-SECRET" not in out


def test_refused_token_exit_1_without_secret(tmp_path: Path) -> None:
    with responses.RequestsMock() as mock:
        mock.post("https://zoom.us/oauth/token", status=401,
                  json={"reason": "Invalid client.", "error": "invalid_client", "code": 4702})
        code, out, err = run(tmp_path, REAL)
    assert code == 1
    assert "error: token: Zoom POST /oauth/token: HTTP 401 code 4702: token request refused" in err
    assert "DOCTOR-SECRET" not in out + err


@pytest.mark.parametrize(("need", "granted", "covered"), [
    ("webinar:write:admin", {"webinar:write:admin"}, "webinar:write:admin"),
    ("webinar:write:admin", {"webinar:write"}, "webinar:write"),
    ("webinar:write:admin", {"webinar:write:webinar:admin", "webinar:read:admin"}, "webinar:write:webinar:admin"),
    ("webinar:write:admin", {"webinar:read:admin", "webinar:update:webinar:admin"}, None),
    ("meeting:write:admin", {"meeting:master"}, "meeting:master"),
    ("user:read:admin", {"user:read:user:admin"}, "user:read:user:admin"),
    ("user:read:admin", {"user:write:admin"}, None),
])
def test_scope_rule(need: str, granted: set[str], covered: str | None) -> None:
    assert covering_scope(need, granted) == covered


def test_check_scopes_reports_each_need() -> None:
    checks = check_scopes({"webinar:read:admin", "webinar:write:webinar:admin"})
    assert [(c.needed, c.ok, c.granular) for c in checks] == [
        ("webinar:read:admin", True, False), ("webinar:write:admin", True, True),
        ("meeting:write:admin", False, False), ("user:read:admin", False, False)]
