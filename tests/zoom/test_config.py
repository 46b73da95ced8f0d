"""ZoomConfig: environment and .env, mode detection, defaults, secrets kept out of every rendering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zoomops.common.diagnostics import InputError
from zoomops.zoom.config import load_zoom_config

FULL = {"ZOOM_ACCOUNT_ID": "acct", "ZOOM_CLIENT_ID": "cid", "ZOOM_CLIENT_SECRET": "TOP-SECRET-1",
        "ZOOM_WEBHOOK_SECRET_TOKEN": "HOOK-SECRET-2"}


def test_no_credentials_is_sandbox_with_defaults() -> None:
    config = load_zoom_config({}, env_file=None)
    assert config.mode == "sandbox"
    assert (config.api_url, config.oauth_url) == ("https://api.zoom.us/v2", "https://zoom.us/oauth/token")
    assert (config.plan, config.connect_timeout, config.read_timeout) == ("pro", 5.0, 30.0)
    assert config.host_user is None and config.state_dir is None
    assert config.api_url_explicit is False


def test_all_credentials_is_zoom() -> None:
    config = load_zoom_config({**FULL, "ZOOM_PLAN": "Business", "ZOOM_READ_TIMEOUT": "12.5",
                               "ZOOM_HOST_USER": "host@example.com", "ZOOMOPS_STATE_DIR": "/tmp/x"}, env_file=None)
    assert config.mode == "zoom"
    assert config.plan == "business"
    assert config.read_timeout == 12.5
    assert config.host_user == "host@example.com"
    assert config.state_dir == Path("/tmp/x")


@pytest.mark.parametrize("drop", [["ZOOM_CLIENT_SECRET"], ["ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID"]])
def test_partial_credentials_name_what_is_missing(drop: list[str]) -> None:
    env = {k: v for k, v in FULL.items() if k not in drop}
    config = load_zoom_config(env, env_file=None)
    with pytest.raises(InputError) as info:
        _ = config.mode
    [diag] = info.value.diagnostics
    assert diag.field == ", ".join(drop)
    assert f"missing {', '.join(drop)}" in diag.message
    assert "TOP-SECRET-1" not in str(info.value)


def test_empty_values_count_as_unset() -> None:
    assert load_zoom_config({"ZOOM_ACCOUNT_ID": "", "ZOOM_CLIENT_ID": ""}, env_file=None).mode == "sandbox"


def test_dotenv_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ZOOM_ACCOUNT_ID=from-file\nZOOM_CLIENT_ID=cid\nZOOM_CLIENT_SECRET=s\n"
                        "ZOOM_API_URL=https://api-eu.zoom.us/v2/\n")
    config = load_zoom_config({"ZOOM_ACCOUNT_ID": "from-env"}, env_file=env_file)
    assert config.account_id == "from-env"
    assert config.client_id == "cid"
    assert config.api_url == "https://api-eu.zoom.us/v2"
    assert config.api_url_explicit is True


def test_invalid_values_are_input_errors() -> None:
    with pytest.raises(InputError) as info:
        load_zoom_config({"ZOOM_PLAN": "enterprise-ultra"}, env_file=None)
    assert info.value.diagnostics[0].field == "ZOOM_PLAN"
    with pytest.raises(InputError):
        load_zoom_config({"ZOOM_CONNECT_TIMEOUT": "-1"}, env_file=None)


def test_secrets_never_rendered() -> None:
    config = load_zoom_config(FULL, env_file=None)
    renderings = [repr(config), str(config), str(config.model_dump()), json.dumps(config.model_dump(mode="json"))]
    for text in renderings:
        assert "TOP-SECRET-1" not in text
        assert "HOOK-SECRET-2" not in text
    assert config.client_secret.get_secret_value() == "TOP-SECRET-1"
