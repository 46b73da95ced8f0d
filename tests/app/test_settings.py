"""Settings: environment over `.env` over `config/zoomops.yaml`, read once; mode detection, defaults, secrets kept
out of every rendering; the one state-directory rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zoomops.app.settings import Settings, load_settings, state_dir
from zoomops.common.diagnostics import InputError

FULL = {"ZOOM_ACCOUNT_ID": "acct", "ZOOM_CLIENT_ID": "cid", "ZOOM_CLIENT_SECRET": "TOP-SECRET-1",
        "ZOOM_WEBHOOK_SECRET_TOKEN": "HOOK-SECRET-2"}
VARIABLES = {field.alias for field in Settings.model_fields.values() if field.alias}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No zoomops variable from the machine, and a cwd without `.env` or `config/`."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def _settings(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], env_file: Path | None = None) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return load_settings(env_file=env_file)


def test_no_credentials_is_sandbox_with_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _settings(monkeypatch, {})
    assert config.mode == "sandbox"
    assert (config.api_url, config.oauth_url) == ("https://api.zoom.us/v2", "https://zoom.us/oauth/token")
    assert (config.plan, config.connect_timeout, config.read_timeout) == ("pro", 5.0, 30.0)
    assert config.host_user is None and config.state_dir is None and config.webhook_secret is None
    assert config.api_url_explicit is False
    assert (config.notify_url, config.notify_format, config.notify_secret) == (None, "generic", None)
    assert config.defaults.panelist_cap == 100


def test_all_credentials_is_zoom(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _settings(monkeypatch, {**FULL, "ZOOM_PLAN": "Business", "ZOOM_READ_TIMEOUT": "12.5",
                                     "ZOOM_HOST_USER": "host@example.com", "ZOOMOPS_STATE_DIR": "/tmp/x"})
    assert config.mode == "zoom"
    assert config.plan == "business"
    assert config.read_timeout == 12.5
    assert config.host_user == "host@example.com"
    assert config.state_dir == Path("/tmp/x")
    assert config.webhook_secret == "HOOK-SECRET-2"


@pytest.mark.parametrize("drop", [["ZOOM_CLIENT_SECRET"], ["ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID"]])
def test_partial_credentials_name_what_is_missing(monkeypatch: pytest.MonkeyPatch, drop: list[str]) -> None:
    config = _settings(monkeypatch, {k: v for k, v in FULL.items() if k not in drop})
    with pytest.raises(InputError) as info:
        _ = config.mode
    [diag] = info.value.diagnostics
    assert diag.field == ", ".join(drop)
    assert f"missing {', '.join(drop)}" in diag.message
    assert "TOP-SECRET-1" not in str(info.value)


def test_empty_values_count_as_unset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ZOOM_CLIENT_SECRET=\nZOOMOPS_NOTIFY_FORMAT=\n")
    config = _settings(monkeypatch, {"ZOOM_ACCOUNT_ID": "", "ZOOM_CLIENT_ID": ""}, env_file)
    assert config.mode == "sandbox" and config.notify_format == "generic"


def test_dotenv_in_the_cwd_is_read_and_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ZOOM_ACCOUNT_ID=from-file\nZOOM_CLIENT_ID=cid\nZOOM_CLIENT_SECRET=s\n"
                                   "ZOOM_API_URL=https://api-eu.zoom.us/v2/\nZOOMOPS_STATE_DIR=/from/dotenv\n")
    monkeypatch.setenv("ZOOM_ACCOUNT_ID", "from-env")
    config = load_settings()  # the default: `.env` in the cwd
    assert config.account_id == "from-env"
    assert config.client_id == "cid"
    assert config.api_url == "https://api-eu.zoom.us/v2"
    assert config.api_url_explicit is True
    assert state_dir(config, tmp_path / "schedules" / "x.yaml") == Path("/from/dotenv")


def test_invalid_values_are_input_errors_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError) as info:
        _settings(monkeypatch, {"ZOOM_PLAN": "enterprise-ultra", "ZOOM_CONNECT_TIMEOUT": "-1"})
    assert [d.render() for d in info.value.diagnostics] == [
        "environment: ZOOM_PLAN: Input should be 'pro', 'business' or 'free'",
        "environment: ZOOM_CONNECT_TIMEOUT: Input should be greater than 0",
    ]


def test_a_bad_notify_format_is_an_input_error_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError) as err:
        _settings(monkeypatch, {"ZOOMOPS_NOTIFY_URL": "https://hooks.example.org/x", "ZOOMOPS_NOTIFY_FORMAT": "teams"})
    assert [d.render() for d in err.value.diagnostics] == [
        "environment: ZOOMOPS_NOTIFY_FORMAT: must be generic, zoom or slack, not 'teams'"]


def test_secrets_never_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _settings(monkeypatch, {**FULL, "ZOOMOPS_NOTIFY_SECRET": "NOTIFY-SECRET-3"})
    renderings = [repr(config), str(config), str(config.model_dump()), json.dumps(config.model_dump(mode="json"))]
    for text in renderings:
        assert "TOP-SECRET-1" not in text and "HOOK-SECRET-2" not in text and "NOTIFY-SECRET-3" not in text
    assert config.client_secret is not None and config.client_secret.get_secret_value() == "TOP-SECRET-1"


def test_defaults_file_beside_the_schedules_folder_with_positions_in_errors(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "zoomops.yaml").write_text("panelist_cap: 300\ndaily_create_update_budget: 50\n")
    schedule = tmp_path / "schedules" / "event.yaml"
    assert load_settings(schedule, env_file=None).defaults.panelist_cap == 300
    bad = tmp_path / "elsewhere.yaml"
    bad.write_text("panelist_cap: 100\ndaily_create_update_budget: 0\n")
    monkeypatch.setenv("ZOOMOPS_CONFIG", str(bad))
    with pytest.raises(InputError) as info:
        load_settings(schedule, env_file=None)
    [diag] = info.value.diagnostics
    assert (diag.file.endswith("elsewhere.yaml"), diag.line, diag.field) == (True, 2, "daily_create_update_budget")


def test_the_state_directory_rule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    plain = load_settings(env_file=None)
    assert state_dir(plain, tmp_path / "schedules" / "event.yaml") == tmp_path / "schedules" / ".zoomops"
    assert state_dir(plain, None) == tmp_path / ".zoomops"
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", "~/zoomops-state")
    assert state_dir(load_settings(env_file=None), tmp_path / "x.yaml") == Path("~/zoomops-state").expanduser()
