"""`zoomops doctor` names the scopes only `zoomops report` needs, without failing the rest of zoomops."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import responses
from click.testing import CliRunner

from zoomops.cli.main import cli
from zoomops.zoom.scopes import check_report_scopes

ENV = {"ZOOM_ACCOUNT_ID": "acct", "ZOOM_CLIENT_ID": "cid", "ZOOM_CLIENT_SECRET": "REPORT-SECRET",
       "ZOOM_API_URL": None, "ZOOM_OAUTH_URL": None, "ZOOM_PLAN": None, "ZOOM_HOST_USER": "host@example.com"}
CORE = "webinar:read:admin webinar:write:admin meeting:write:admin user:read:admin"


def doctor(tmp_path: Path, scope: str, *args: str) -> tuple[int, str]:
    with responses.RequestsMock() as mock:
        mock.post("https://zoom.us/oauth/token", json={"access_token": "tok-" + "x" * 30, "token_type": "bearer",
                                                       "expires_in": 3600, "scope": scope})
        mock.get("https://api.zoom.us/v2/users/host@example.com",
                 json={"id": "u1", "email": "host@example.com", "status": "active"})
        with contextlib.chdir(tmp_path):
            result = CliRunner().invoke(cli, ["doctor", *args], env={**ENV, "ZOOMOPS_STATE_DIR": str(tmp_path)})
    return result.exit_code, result.stdout


def test_doctor_names_the_report_scopes_when_missing(tmp_path: Path) -> None:
    code, out = doctor(tmp_path, CORE)
    assert code == 0  # everything but the report works
    assert ("missing for `zoomops report` (attendance, Q&A, polls, recording start; the as-run part works "
            "without): report:read:admin, recording:read:admin") in out
    code, out = doctor(tmp_path, CORE, "--json")
    assert json.loads(out)["missing_report_scopes"] == ["report:read:admin", "recording:read:admin"]


def test_doctor_is_quiet_when_the_report_scopes_are_granted(tmp_path: Path) -> None:
    code, out = doctor(tmp_path, CORE + " report:read:admin recording:read")
    assert code == 0 and "zoomops report" not in out


def test_granular_report_scopes_count() -> None:
    checks = check_report_scopes({"report:read:list_webinar_participants:admin",
                                  "cloud_recording:read:list_recording_files:admin"})
    assert [(c.needed, c.covered_by) for c in checks] == [
        ("report:read:admin", "report:read:list_webinar_participants:admin"),
        ("recording:read:admin", "cloud_recording:read:list_recording_files:admin")]
