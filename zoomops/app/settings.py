"""The one configuration object: environment over `.env` (in the cwd) over `config/zoomops.yaml`, read once.

`load_settings` is the only place zoomops reads the process environment or looks for `.env`;
`state_dir` is the only place the state directory is decided.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.i18n.catalog import SOURCE_LANGUAGE, normalise_language
from zoomops.schedule.defaults import Defaults, defaults_file, load_defaults
from zoomops.schedule.textfile import max_input_bytes
from zoomops.zoom.config import ZoomConfig

ENV_FILE = Path(".env")
STATE_DIR_NAME = ".zoomops"
NOTIFY_FORMATS = ("generic", "zoom", "slack")


class Settings(BaseSettings, ZoomConfig):
    """Zoom's settings (the fields of `ZoomConfig`) and zoomops' own; secrets are `SecretStr`.

    Each field is read from the environment variable named by its alias, else from `.env`; an empty value
    counts as unset. `defaults` holds the organisation defaults of `config/zoomops.yaml`.
    """

    model_config = SettingsConfigDict(
        env_file=ENV_FILE, env_file_encoding="utf-8", env_ignore_empty=True, case_sensitive=True,
        extra="ignore", frozen=True, populate_by_name=True,
    )

    state_dir: Path | None = Field(default=None, alias="ZOOMOPS_STATE_DIR")
    config_file: Path | None = Field(default=None, alias="ZOOMOPS_CONFIG")
    notify_url: SecretStr | None = Field(default=None, alias="ZOOMOPS_NOTIFY_URL")  # chat webhook URLs hold a key
    notify_format: str = Field(default="generic", alias="ZOOMOPS_NOTIFY_FORMAT")
    # a channel per audience (each falls back to ZOOMOPS_NOTIFY_URL, the everyone channel)
    notify_url_tech_host: SecretStr | None = Field(default=None, alias="ZOOMOPS_NOTIFY_URL_TECH_HOST")
    notify_url_moderators: SecretStr | None = Field(default=None, alias="ZOOMOPS_NOTIFY_URL_MODERATORS")
    notify_url_interpreters: SecretStr | None = Field(default=None, alias="ZOOMOPS_NOTIFY_URL_INTERPRETERS")
    notify_secret: SecretStr | None = Field(default=None, alias="ZOOMOPS_NOTIFY_SECRET")
    language: str = Field(default=SOURCE_LANGUAGE, alias="ZOOMOPS_LANG")  # of messages; `--lang` overrides
    notify_language: str | None = Field(default=None, alias="ZOOMOPS_NOTIFY_LANGUAGE")  # of chat; default: language
    smtp_host: str | None = Field(default=None, alias="ZOOMOPS_SMTP_HOST")  # `zoomops send`
    smtp_port: int = Field(default=587, ge=1, le=65535, alias="ZOOMOPS_SMTP_PORT")
    smtp_security: Literal["starttls", "ssl", "none"] = Field(default="starttls", alias="ZOOMOPS_SMTP_SECURITY")
    smtp_user: str | None = Field(default=None, alias="ZOOMOPS_SMTP_USER")
    smtp_password: SecretStr | None = Field(default=None, alias="ZOOMOPS_SMTP_PASSWORD")
    smtp_from: str | None = Field(default=None, alias="ZOOMOPS_SMTP_FROM")
    max_input_mb: str | None = Field(default=None, alias="ZOOMOPS_MAX_INPUT_MB")  # input files; unusable: 10 MB
    roster_dirs: str | None = Field(default=None, alias="ZOOMOPS_ROSTER_DIRS")  # more folders rosters may be in
    # `zoomops serve`: briefings mailed this many days before each event (when SMTP is set); a reverse proxy's
    # authenticated-user header trusted from these addresses only, mapped to roles (comma-separated names, `*`)
    serve_briefing_days: float = Field(default=7.0, ge=0, le=365, alias="ZOOMOPS_SERVE_BRIEFING_DAYS")
    proxy_addresses: str | None = Field(default=None, alias="ZOOMOPS_PROXY_ADDRESSES")
    proxy_user_header: str = Field(default="X-Forwarded-User", alias="ZOOMOPS_PROXY_USER_HEADER")
    proxy_organizers: str = Field(default="", alias="ZOOMOPS_PROXY_ORGANIZERS")
    proxy_viewers: str = Field(default="", alias="ZOOMOPS_PROXY_VIEWERS")
    defaults: Defaults = Field(default_factory=Defaults, exclude=True, repr=False)

    @field_validator("language", "notify_language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        # UnknownLanguage is a ValueError: an input error naming the variable
        return normalise_language(value) if value is not None else None

    @field_validator("notify_format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value not in NOTIFY_FORMATS:
            raise ValueError(f"must be generic, zoom or slack, not {value!r}")
        return value


def load_settings(schedule_path: Path | None = None, *, env_file: Path | None = ENV_FILE) -> Settings:
    """Read the environment, `.env` and the defaults file once; bad values are input errors (exit 2)."""
    try:
        settings = Settings(_env_file=env_file)
    except ValidationError as exc:
        raise InputError(environment_diagnostics(exc)) from None
    defaults = load_defaults(defaults_file(settings.config_file, schedule_path),
                             max_input_bytes(settings.max_input_mb))
    return settings.model_copy(update={"defaults": defaults})


def environment_diagnostics(exc: ValidationError) -> list[Diagnostic]:
    """One `environment: VARIABLE: what is wrong` per bad value (the value itself is never repeated)."""
    return [
        Diagnostic("environment", 0, 0, str(err["loc"][0]) if err["loc"] else "",
                   err["msg"].removeprefix("Value error, "))
        for err in exc.errors()
    ]


def state_dir(settings: Settings, schedule_path: Path | None) -> Path:
    """Where state lives (not created): `ZOOMOPS_STATE_DIR`, else `.zoomops/` beside the schedule, else in the cwd."""
    if settings.state_dir is not None:
        return settings.state_dir.expanduser()
    if schedule_path is not None:
        return schedule_path.resolve().parent / STATE_DIR_NAME
    return Path.cwd() / STATE_DIR_NAME
