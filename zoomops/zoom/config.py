"""Zoom connection settings (each field named after its environment variable); decides sandbox vs real Zoom.

The values are read once per command by `zoomops.app.settings` (environment, `.env`); this module reads nothing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.i18n.translate import _

Mode = Literal["sandbox", "zoom"]
Plan = Literal["pro", "business", "free"]

DEFAULT_API_URL = "https://api.zoom.us/v2"
DEFAULT_OAUTH_URL = "https://zoom.us/oauth/token"
CREDENTIAL_VARS = ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET")


class ZoomConfig(BaseModel):
    """Every Zoom-related setting; secrets are `SecretStr` and never printed. `ZoomConfig()` is the sandbox."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    account_id: str | None = Field(default=None, alias="ZOOM_ACCOUNT_ID")
    client_id: str | None = Field(default=None, alias="ZOOM_CLIENT_ID")
    client_secret: SecretStr | None = Field(default=None, alias="ZOOM_CLIENT_SECRET")
    api_url: str = Field(default=DEFAULT_API_URL, alias="ZOOM_API_URL")
    oauth_url: str = Field(default=DEFAULT_OAUTH_URL, alias="ZOOM_OAUTH_URL")
    webhook_secret_token: SecretStr | None = Field(default=None, alias="ZOOM_WEBHOOK_SECRET_TOKEN")
    plan: Plan = Field(default="pro", alias="ZOOM_PLAN")
    connect_timeout: float = Field(default=5.0, gt=0, alias="ZOOM_CONNECT_TIMEOUT")
    read_timeout: float = Field(default=30.0, gt=0, alias="ZOOM_READ_TIMEOUT")
    host_user: str | None = Field(default=None, alias="ZOOM_HOST_USER")

    @field_validator("plan", mode="before")
    @classmethod
    def _plan_lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("api_url", "oauth_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def api_url_explicit(self) -> bool:
        """True when ZOOM_API_URL was set, so the token's regional `api_url` must not replace it."""
        return "api_url" in self.model_fields_set

    @property
    def webhook_secret(self) -> str | None:
        """The app's webhook Secret Token (verifies `x-zm-signature`), or None when webhooks are not set up."""
        return self.webhook_secret_token.get_secret_value() if self.webhook_secret_token else None

    @property
    def mode(self) -> Mode:
        """`sandbox` with no credentials, `zoom` with all three; a partial set is an input error."""
        present = {
            "ZOOM_ACCOUNT_ID": bool(self.account_id),
            "ZOOM_CLIENT_ID": bool(self.client_id),
            "ZOOM_CLIENT_SECRET": bool(self.client_secret and self.client_secret.get_secret_value()),
        }
        if not any(present.values()):
            return "sandbox"
        missing = [name for name, ok in present.items() if not ok]
        if missing:
            raise InputError([_missing_diagnostic(missing)])
        return "zoom"


def _missing_diagnostic(missing: list[str]) -> Diagnostic:
    return Diagnostic(
        file="environment",
        line=0,
        col=0,
        field=", ".join(missing),
        message=_("missing {missing}: set all of {all} to use Zoom, or none of them to use the embedded sandbox")
        .format(missing=", ".join(missing), all=", ".join(CREDENTIAL_VARS)),
    )
