"""Account users: the default host, new users, and `GET /users/{userId}`."""

from __future__ import annotations

from typing import Any

from zoomops.sandbox.context import Ctx
from zoomops.sandbox.errors import USER_NOT_FOUND_GET
from zoomops.sandbox.ids import IdFactory
from zoomops.sandbox.state import DEFAULT_HOST_EMAIL, SandboxState


def new_user(state: SandboxState, ids: IdFactory, email: str, *, created_at: str,
             first_name: str = "Sandbox", last_name: str = "Host", timezone: str = "UTC") -> dict[str, Any]:
    """A licensed user of the sandbox account (type 2), as `GET /users/{userId}` shows it."""
    user = {
        "id": ids.short_id(), "email": email, "first_name": first_name, "last_name": last_name,
        "display_name": f"{first_name} {last_name}", "type": 2, "role_name": "Owner" if not state.users else "Member",
        "pmi": int("8" + ids.digits(9)), "timezone": timezone, "language": "en-US", "status": "active",
        "verified": 1, "account_id": state.account.account_id, "created_at": created_at,
        "user_created_at": created_at, "login_types": [100],
    }
    state.users.append(user)
    return user


def get_user(ctx: Ctx) -> tuple[int, Any]:
    user = ctx.require_user(ctx.param("userId"), USER_NOT_FOUND_GET)
    return 200, dict(user)


def ensure_default_user(state: SandboxState, ids: IdFactory, created_at: str) -> None:
    """Every sandbox account starts with one host, `host@example.com`, who is also `me`."""
    if not state.users:
        new_user(state, ids, DEFAULT_HOST_EMAIL, created_at=created_at)
