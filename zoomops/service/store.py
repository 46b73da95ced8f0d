"""The service's storage behind one interface (`ServiceStore`): events with their lifecycle, and one lease per
event with a fencing token. `SqliteServiceStore` is the embedded default (`service.sqlite` in the state dir).

`PostgresServiceStore` (pgstore.py) is the second implementation: every method is one transaction, and every
state change of an event names the fencing token it was decided under, so a holder whose lease passed to another
can no longer write. Leases here compare expiry against the caller's (wall) clock; on PostgreSQL against the
database's clock.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from zoomops.common.statedir import damaged_database, ensure_state_dir

STORE_FILE = "service.sqlite"
RECOVERY = "move it aside and restart `zoomops serve`: events are read again from the schedules directory"


class Lifecycle(StrEnum):
    """Where an event is: draft (seen, not yet planned), planned (a plan waits for approval), provisioned
    (Zoom matches the schedule), live (its runner runs), done (after the event), failed (last_error says why)."""

    DRAFT = "draft"
    PLANNED = "planned"
    PROVISIONED = "provisioned"
    LIVE = "live"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class EventRecord:
    """One schedule file as the service knows it."""

    key: str  # the file's name in the schedules directory
    path: str
    content_hash: str
    state: Lifecycle
    last_error: str | None = None
    plan_text: str | None = None
    plan_digest: str | None = None  # what an approval refers to: approving a plan that changed since is refused
    plan_changes: bool = False
    drift: bool = False  # the plan undoes a change someone made in Zoom
    approved_digest: str | None = None
    approved_by: str | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    preflight_at: str | None = None
    checked_at: str | None = None  # last read of Zoom (plan or drift check)
    updated_at: str | None = None


@dataclass(frozen=True)
class Lease:
    """Who runs an event until when; `token` grows by one at every change of holder (fencing)."""

    key: str
    holder: str
    expires_at: datetime
    token: int


class StaleFence(RuntimeError):
    """A write made under a fencing token that is no longer the event's: the lease passed to another holder."""


class ServiceStore(Protocol):
    """What the service needs from storage. Each call is atomic; instants are timezone-aware."""

    def upsert_event(self, key: str, path: str, content_hash: str, now: datetime) -> tuple[EventRecord, bool]:
        """The event's record; a new file or a new content hash resets it to draft (True: it changed)."""
        ...

    def get(self, key: str) -> EventRecord | None: ...

    def events(self) -> list[EventRecord]: ...

    def remove(self, key: str) -> None: ...

    def update(self, key: str, fence: int | None, now: datetime, **fields: object) -> EventRecord:
        """Change fields of an event; with `fence`, only while that token is the event's lease token."""
        ...

    def acquire(self, key: str, holder: str, now: datetime, ttl: timedelta) -> Lease | None:
        """Take or renew the lease; None while another holder's lease has not expired. A new holder gets
        the previous token + 1."""
        ...

    def renew(self, keys: list[str], holder: str, now: datetime, ttl: timedelta) -> dict[str, int]:
        """Extend by `ttl` every lease of `keys` still held by `holder` (expired or not, as long as no one else
        took it: the token is unchanged); {key: token} of those renewed."""
        ...

    def release(self, key: str, holder: str) -> None: ...

    def lease(self, key: str) -> Lease | None: ...

    def close(self) -> None: ...


SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    key            TEXT PRIMARY KEY,
    path           TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('draft','planned','provisioned','live','done','failed')),
    last_error     TEXT,
    plan_text      TEXT,
    plan_digest    TEXT,
    plan_changes   INTEGER NOT NULL DEFAULT 0,
    drift          INTEGER NOT NULL DEFAULT 0,
    approved_digest TEXT,
    approved_by    TEXT,
    starts_at      TEXT,
    ends_at        TEXT,
    preflight_at   TEXT,
    checked_at     TEXT,
    updated_at     TEXT
);
CREATE TABLE IF NOT EXISTS leases (
    key        TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    token      INTEGER NOT NULL
);
"""

FIELDS = ("last_error", "plan_text", "plan_digest", "plan_changes", "drift", "approved_digest", "approved_by",
          "starts_at", "ends_at", "preflight_at", "checked_at", "state")
RESET = {f: None for f in FIELDS if f not in ("state", "plan_changes", "drift")}


class SqliteServiceStore:
    """`service.sqlite` in the state directory; one connection, serialised by a lock, WAL journal."""

    def __init__(self, state_dir: Path) -> None:
        ensure_state_dir(state_dir)
        self.path = state_dir / STORE_FILE
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise damaged_database(self.path, exc, RECOVERY) from None

    # ---- events ----
    def upsert_event(self, key: str, path: str, content_hash: str, now: datetime) -> tuple[EventRecord, bool]:
        with self._lock, self._tx():
            row = self._db.execute("SELECT content_hash FROM events WHERE key = ?", (key,)).fetchone()
            if row is not None and row["content_hash"] == content_hash:
                return self._get(key), False
            if row is None:
                self._db.execute("INSERT INTO events (key, path, content_hash, state, updated_at) "
                                 "VALUES (?, ?, ?, 'draft', ?)", (key, path, content_hash, now.isoformat()))
            else:
                sets = ", ".join(f"{f} = NULL" for f in RESET)
                self._db.execute(f"UPDATE events SET path = ?, content_hash = ?, state = 'draft', plan_changes = 0, "
                                 f"drift = 0, {sets}, updated_at = ? WHERE key = ?",
                                 (path, content_hash, now.isoformat(), key))
            return self._get(key), True

    def get(self, key: str) -> EventRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM events WHERE key = ?", (key,)).fetchone()
        return _record(row) if row is not None else None

    def events(self) -> list[EventRecord]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM events ORDER BY key").fetchall()
        return [_record(r) for r in rows]

    def remove(self, key: str) -> None:
        with self._lock, self._tx():
            self._db.execute("DELETE FROM events WHERE key = ?", (key,))
            self._db.execute("DELETE FROM leases WHERE key = ?", (key,))

    def update(self, key: str, fence: int | None, now: datetime, **fields: object) -> EventRecord:
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValueError(f"not an event field: {sorted(unknown)}")
        values = [str(v) if isinstance(v, Lifecycle) else v for v in fields.values()]
        sets = "".join(f"{name} = ?, " for name in fields)
        with self._lock, self._tx():
            if fence is not None:
                row = self._db.execute("SELECT token FROM leases WHERE key = ?", (key,)).fetchone()
                if row is None or int(row["token"]) != fence:
                    raise StaleFence(f"{key}: fencing token {fence} is no longer the event's")
            done = self._db.execute(f"UPDATE events SET {sets}updated_at = ? WHERE key = ?",
                                    (*values, now.isoformat(), key))
            if done.rowcount != 1:
                raise KeyError(key)
            return self._get(key)

    # ---- leases ----
    def acquire(self, key: str, holder: str, now: datetime, ttl: timedelta) -> Lease | None:
        expires = (now + ttl).isoformat()
        with self._lock, self._tx():
            row = self._db.execute("SELECT * FROM leases WHERE key = ?", (key,)).fetchone()
            if row is None:
                token = 1
                self._db.execute("INSERT INTO leases (key, holder, expires_at, token) VALUES (?, ?, ?, ?)",
                                 (key, holder, expires, token))
            elif row["holder"] == holder or datetime.fromisoformat(row["expires_at"]) <= now:
                token = int(row["token"]) + (0 if row["holder"] == holder else 1)
                self._db.execute("UPDATE leases SET holder = ?, expires_at = ?, token = ? WHERE key = ?",
                                 (holder, expires, token, key))
            else:
                return None
        return Lease(key, holder, now + ttl, token)

    def renew(self, keys: list[str], holder: str, now: datetime, ttl: timedelta) -> dict[str, int]:
        renewed: dict[str, int] = {}
        with self._lock, self._tx():
            for key in keys:
                row = self._db.execute("UPDATE leases SET expires_at = ? WHERE key = ? AND holder = ? RETURNING token",
                                       ((now + ttl).isoformat(), key, holder)).fetchone()
                if row is not None:
                    renewed[key] = int(row["token"])
        return renewed

    def release(self, key: str, holder: str) -> None:
        """Let the lease expire now (its token stays, so the next holder's is still larger)."""
        with self._lock, self._tx():
            self._db.execute("UPDATE leases SET expires_at = ? WHERE key = ? AND holder = ?",
                             (datetime.min.isoformat() + "+00:00", key, holder))

    def lease(self, key: str) -> Lease | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM leases WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return Lease(key, row["holder"], datetime.fromisoformat(row["expires_at"]), int(row["token"]))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---- internals ----
    def _get(self, key: str) -> EventRecord:
        return _record(self._db.execute("SELECT * FROM events WHERE key = ?", (key,)).fetchone())

    def _tx(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error): one writer at a time, also across processes."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type is not None else "COMMIT")


def _record(row: sqlite3.Row) -> EventRecord:
    data = dict(row)
    data["state"] = Lifecycle(data["state"])
    data["plan_changes"] = bool(data["plan_changes"])
    data["drift"] = bool(data["drift"])
    return EventRecord(**data)
