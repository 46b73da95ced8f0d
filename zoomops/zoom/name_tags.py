"""Session-branding name tags of a webinar: `GET /webinars/{id}/branding`, `POST|PATCH …/branding/name_tags`.

They need `settings.enable_session_branding`; a webinar holds at most 20. Panelists wear one through the
`name_tag_id` of `POST /webinars/{id}/panelists`, with their own `name_tag_name|pronouns|description`.
"""

from __future__ import annotations

from pydantic import Field

from zoomops.zoom.client import WebinarId, ZoomClient, path_id
from zoomops.zoom.models import ResponseModel
from zoomops.zoom.ratelimit import Category
from zoomops.zoom.settings_base import RequestModel

NAME_MAX = 50


class NameTagIn(RequestModel):
    """Body of the name-tag POST (all four required) and PATCH (only what changes)."""

    name: str | None = Field(default=None, max_length=NAME_MAX)
    text_color: str | None = None
    accent_color: str | None = None
    background_color: str | None = None
    is_default: bool | None = None
    set_default_for_all_panelists: bool | None = None


class NameTag(ResponseModel):
    id: str
    name: str | None = None
    text_color: str | None = None
    accent_color: str | None = None
    background_color: str | None = None
    is_default: bool | None = None


class Branding(ResponseModel):
    name_tags: list[NameTag] = Field(default_factory=list)


class NameTags:
    def __init__(self, client: ZoomClient) -> None:
        self.client = client

    def list(self, webinar_id: WebinarId) -> list[NameTag]:
        response = self.client.call("GET", f"webinars/{path_id(webinar_id)}/branding", Category.LIGHT,
                                    frozenset({200}))
        return Branding.model_validate(response.json()).name_tags

    def create(self, webinar_id: WebinarId, tag: NameTagIn) -> NameTag:
        """POST (201); `name` and the three colours are required by the spec."""
        body = tag.to_body()
        missing = [k for k in ("name", "text_color", "accent_color", "background_color") if k not in body]
        if missing:
            raise ValueError(f"a new name tag needs {', '.join(missing)}")
        response = self.client.call("POST", f"webinars/{path_id(webinar_id)}/branding/name_tags", Category.MEDIUM,
                                    frozenset({201}), json=body)
        return NameTag.model_validate(response.json())

    def update(self, webinar_id: WebinarId, tag_id: str, change: NameTagIn) -> None:
        self.client.call("PATCH", f"webinars/{path_id(webinar_id)}/branding/name_tags/{path_id(tag_id)}",
                         Category.MEDIUM, frozenset({204}), json=change.to_body())
