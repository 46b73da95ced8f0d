"""The service's tokens and roles: `service-tokens.json` in the state directory (0600), one organizer token
(approve, reject, apply) and one viewer token (read); made on first start, compared in constant time, never
logged or shown except by `zoomops serve --show-tokens` to the owner of the state directory."""

from __future__ import annotations

import hmac
import json
import secrets
from enum import IntEnum
from pathlib import Path

from zoomops.common.private import write_private

TOKENS_FILE = "service-tokens.json"


class Role(IntEnum):
    """What a token may do; a higher role may do what a lower one may."""

    VIEWER = 1
    ORGANIZER = 2


class Tokens:
    """The tokens of each role (several per role allowed: rotate by adding one, then removing the old)."""

    def __init__(self, by_role: dict[Role, list[str]]) -> None:
        self._by_role = by_role

    def __repr__(self) -> str:
        return f"Tokens({ {r.name.lower(): len(t) for r, t in self._by_role.items()} })"

    @classmethod
    def load_or_create(cls, state_dir: Path) -> Tokens:
        path = state_dir / TOKENS_FILE
        if not path.is_file():
            fresh = {"organizer": [secrets.token_urlsafe(32)], "viewer": [secrets.token_urlsafe(32)]}
            write_private(path, json.dumps(fresh, indent=2) + "\n")
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({Role[name.upper()]: [str(t) for t in tokens] for name, tokens in data.items()})

    def role(self, presented: str | None) -> Role | None:
        """The role of a presented token, or None; every stored token is compared (constant time each)."""
        if not presented:
            return None
        found: Role | None = None
        for role, tokens in self._by_role.items():
            for token in tokens:
                if hmac.compare_digest(token.encode(), presented.encode()):
                    found = role if found is None else max(found, role)
        return found

    def first(self, role: Role) -> str:
        return self._by_role[role][0]
