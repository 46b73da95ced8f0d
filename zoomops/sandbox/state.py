"""The sandbox's durable state (account, users, webinars, tokens, daily counters) and its JSON file store.

The store is safe for several processes: each request holds an exclusive `fcntl.flock` on
`<state>.lock` while it loads, changes and atomically rewrites (`os.replace`) the state file.
Per-second rate-limit buckets and fault counters are per process and are not stored.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from zoomops.common.diagnostics import OperationalError

DEFAULT_HOST_EMAIL = "host@example.com"


@dataclass
class Account:
    """The Server-to-Server OAuth app and the account it belongs to."""

    account_id: str = "sbxAccount0000000000001"
    client_id: str = "sbxClientId000000000001"
    client_secret: str = "sbx-client-secret-0000000000000001"
    plan: str = "pro"
    features: dict[str, bool] = field(default_factory=lambda: {"language_interpretation": True})
    scopes: str = ("meeting:read:admin meeting:write:admin user:read:admin webinar:read:admin webinar:write:admin"
                   " report:read:admin recording:read:admin")


@dataclass
class SandboxState:
    """Everything a later process must see: what `zoomops apply` created, `zoomops status` reads."""

    account: Account = field(default_factory=Account)
    users: list[dict[str, Any]] = field(default_factory=list)
    webinars: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    daily_counts: dict[str, int] = field(default_factory=dict)
    id_counter: int = 0
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SandboxState:
        data = dict(raw)
        data["account"] = Account(**data.get("account", {}))
        return cls(**data)


def _well_formed(state: SandboxState) -> bool:
    """Every stored field has the type of its default (a hand-edited or damaged file may not)."""
    fresh = SandboxState()
    return all(
        isinstance(getattr(state, name), type(getattr(fresh, name)))
        for name in ("users", "webinars", "tokens", "daily_counts", "id_counter", "seed")
    ) and isinstance(state.account.features, dict)


class StateStore:
    """A JSON file holding a `SandboxState`, guarded by an exclusive lock file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")

    @contextmanager
    def locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = self.lock_path.open("a")
        except FileExistsError:
            msg = f"cannot use sandbox state {self.path}: {self.path.parent} is not a directory"
            raise OperationalError(msg) from None
        except OSError as exc:
            raise OperationalError(f"cannot use sandbox state {self.path}: {exc.strerror or exc}") from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def load(self) -> SandboxState | None:
        """The stored state, None if there is none yet; a damaged file is an OperationalError naming it."""
        if not self.path.exists():
            return None
        try:
            raw = json.loads(self.path.read_text("utf-8"))
        except ValueError:  # not UTF-8 or not JSON
            raise self._damaged("not JSON") from None
        try:
            state = SandboxState.from_dict(raw)
        except (ValueError, TypeError, AttributeError):
            state = None
        if state is None or not _well_formed(state):
            raise self._damaged("not a sandbox state")
        return state

    def _damaged(self, why: str) -> OperationalError:
        return OperationalError(f"sandbox state {self.path} is damaged ({why}): delete it to start an empty sandbox")

    def save(self, state: SandboxState) -> None:
        """Write to a temporary file in the same directory, then rename over the old one.

        No fsync: readers never see a half-written file; durability across power loss is not needed.
        """
        fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(state.to_dict(), out, indent=1, sort_keys=True)
        os.replace(tmp, self.path)
