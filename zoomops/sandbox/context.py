"""What a handler gets: the state, the clock, the request's parameters and body, and lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from zoomops.common.clock import Clock
from zoomops.sandbox.errors import ZoomError, webinar_not_found
from zoomops.sandbox.ids import IdFactory
from zoomops.sandbox.state import SandboxState

WEB_BASE = "https://sandbox.zoomops.invalid"


@dataclass
class Options:
    """Behaviour switches of one sandbox instance."""

    live_events_for_webinars: bool = False
    panelist_cap: int = 100
    web_base: str = WEB_BASE


@dataclass
class Ctx:
    """One request in flight."""

    state: SandboxState
    clock: Clock
    ids: IdFactory
    options: Options
    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None

    def param(self, name: str) -> str:
        """A path parameter, decoded twice (Zoom wants UUIDs with `/` double-encoded)."""
        return unquote(unquote(self.params[name]))

    def record(self, webinar_id: str) -> dict[str, Any]:
        """The live (not deleted) webinar record by numeric id or UUID, else 404 code 3001."""
        found = self.state.webinars.get(webinar_id)
        if found is None:
            found = next((r for r in self.state.webinars.values() if r["webinar"]["uuid"] == webinar_id), None)
        if found is None or found["deleted"]:
            raise webinar_not_found(webinar_id)
        return found

    def find_user(self, user_id: str) -> dict[str, Any] | None:
        """A user by id, email (any case) or `me` (the account owner, the first user)."""
        if user_id == "me":
            return self.state.users[0] if self.state.users else None
        lowered = user_id.lower()
        return next((u for u in self.state.users if u["id"] == user_id or u["email"].lower() == lowered), None)

    def require_user(self, user_id: str, message: str) -> dict[str, Any]:
        user = self.find_user(user_id)
        if user is None:
            raise ZoomError(404, 1001, message.replace("{userId}", user_id).replace("$userId", user_id))
        return user
