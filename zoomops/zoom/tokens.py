"""The access token value object and its on-disk cache (`token.json`, mode 0600) in the state dir."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from zoomops.common.private import write_private

TOKEN_FILE = "token.json"


@dataclass(frozen=True)
class AccessToken:
    """A Server-to-Server OAuth token; its value never appears in repr or str."""

    value: str = field(repr=False)
    expires_at: datetime
    scopes: frozenset[str] = frozenset()
    api_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"access_token": self.value, "expires_at": self.expires_at.isoformat(),
                "scope": " ".join(sorted(self.scopes)), "api_url": self.api_url}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> AccessToken:
        return cls(value=str(raw["access_token"]), expires_at=datetime.fromisoformat(raw["expires_at"]),
                   scopes=frozenset(str(raw.get("scope") or "").split()), api_url=raw.get("api_url"))


def cache_key(account_id: str, client_id: str, client_secret: str, oauth_url: str) -> str:
    """Which credentials a cached token belongs to, storing none of them: a changed (or wrong) secret never
    reuses the token another secret obtained."""
    secret = hashlib.sha256(client_secret.encode()).hexdigest()
    return hashlib.sha256(f"{oauth_url}|{account_id}|{client_id}|{secret}".encode()).hexdigest()[:32]


class TokenStore:
    """Tokens shared by every zoomops process using the same state dir, keyed by `cache_key`."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / TOKEN_FILE

    def load(self, key: str) -> AccessToken | None:
        try:
            entry = json.loads(self.path.read_text(encoding="utf-8")).get(key)
            return AccessToken.from_dict(entry) if isinstance(entry, dict) else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, key: str, token: AccessToken) -> None:
        """Write atomically with owner-only permissions; a read-only state dir is not fatal."""
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            entries = self._entries()
            entries[key] = token.to_dict()
            self._write(entries)

    def _entries(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write(self, entries: dict[str, Any]) -> None:
        tmp = self.path.with_name(f".{TOKEN_FILE}.{os.getpid()}.tmp")
        write_private(tmp, json.dumps(entries))
        os.replace(tmp, self.path)
