"""`ServiceStore` on PostgreSQL (psycopg 3): the same events and leases as `SqliteServiceStore`, shared by
`serve` instances on different machines. A lease is taken or renewed in one statement (INSERT … ON CONFLICT …
WHERE the holder is the same or the lease expired), so two instances can never both hold it; expiry is judged
on the database's clock (`clock_timestamp()`), never on the instances' clocks. Every fenced write checks the
lease token in the same transaction (row locked), so a former holder cannot write. The runners' ledgers live in
the same database (`pgledger`). A connection that broke is opened again at the next call."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import dict_row

from zoomops.common.diagnostics import OperationalError
from zoomops.service import pgledger
from zoomops.service.store import FIELDS, RESET, EventRecord, Lease, Lifecycle, StaleFence

SCHEMA_LOCK = 0x7A6F6F6D  # advisory lock id: one instance creates the tables at a time
SCHEMA = """
CREATE TABLE IF NOT EXISTS zoomops_events (
    key            TEXT PRIMARY KEY,
    path           TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('draft','planned','provisioned','live','done','failed')),
    last_error     TEXT,
    plan_text      TEXT,
    plan_digest    TEXT,
    plan_changes   BOOLEAN NOT NULL DEFAULT FALSE,
    drift          BOOLEAN NOT NULL DEFAULT FALSE,
    approved_digest TEXT,
    approved_by    TEXT,
    starts_at      TEXT,
    ends_at        TEXT,
    preflight_at   TEXT,
    checked_at     TEXT,
    updated_at     TEXT
);
CREATE TABLE IF NOT EXISTS zoomops_leases (
    key        TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    token      BIGINT NOT NULL
);
ALTER TABLE zoomops_leases ADD COLUMN IF NOT EXISTS acquired_at TIMESTAMPTZ;
"""
COLUMNS = ("key", "path", "content_hash", *FIELDS, "updated_at")
SELECT = f"SELECT {', '.join(COLUMNS)} FROM zoomops_events"


class PostgresServiceStore:
    """One connection (autocommit; explicit transactions), serialised by a lock."""

    _conn: psycopg.Connection[dict[str, Any]]

    def __init__(self, dsn: str) -> None:
        self._lock = threading.Lock()
        self._dsn = dsn
        try:
            self._db = self._connect()
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                self._db.execute(SCHEMA)
                self._db.execute(pgledger.SCHEMA)
        except psycopg.Error as exc:
            raise OperationalError(f"cannot use the PostgreSQL service store: {type(exc).__name__}") from None

    def __repr__(self) -> str:
        return "PostgresServiceStore()"  # the DSN may hold a password

    @property
    def dsn(self) -> str:
        """For the runners' ledgers (the same database)."""
        return self._dsn

    def _connect(self) -> psycopg.Connection[dict[str, Any]]:
        return psycopg.Connection.connect(pgledger.connect_string(self._dsn), autocommit=True, row_factory=dict_row)

    @property
    def _db(self) -> psycopg.Connection[dict[str, Any]]:
        """The connection, opened again if it broke (the database restarted, the network came back)."""
        if self._conn.closed or self._conn.broken:
            self._conn.close()
            self._conn = self._connect()
        return self._conn

    @_db.setter
    def _db(self, conn: psycopg.Connection[dict[str, Any]]) -> None:
        self._conn = conn

    # ---- events ----
    def upsert_event(self, key: str, path: str, content_hash: str, now: datetime) -> tuple[EventRecord, bool]:
        with self._lock, self._db.transaction():
            row = self._db.execute("SELECT content_hash FROM zoomops_events WHERE key = %s FOR UPDATE",
                                   (key,)).fetchone()
            if row is not None and row["content_hash"] == content_hash:
                return self._get(key), False
            if row is None:
                self._db.execute("INSERT INTO zoomops_events (key, path, content_hash, state, updated_at) "
                                 "VALUES (%s, %s, %s, 'draft', %s)", (key, path, content_hash, now.isoformat()))
            else:
                sets = ", ".join(f"{f} = NULL" for f in RESET)
                self._db.execute(f"UPDATE zoomops_events SET path = %s, content_hash = %s, state = 'draft', "
                                 f"plan_changes = FALSE, drift = FALSE, {sets}, updated_at = %s WHERE key = %s",
                                 (path, content_hash, now.isoformat(), key))
            return self._get(key), True

    def get(self, key: str) -> EventRecord | None:
        with self._lock:
            row = self._db.execute(f"{SELECT} WHERE key = %s", (key,)).fetchone()
        return _record(row) if row is not None else None

    def events(self) -> list[EventRecord]:
        with self._lock:
            rows = self._db.execute(f"{SELECT} ORDER BY key").fetchall()
        return [_record(r) for r in rows]

    def remove(self, key: str) -> None:
        with self._lock, self._db.transaction():
            self._db.execute("DELETE FROM zoomops_events WHERE key = %s", (key,))
            self._db.execute("DELETE FROM zoomops_leases WHERE key = %s", (key,))

    def update(self, key: str, fence: int | None, now: datetime, **fields: object) -> EventRecord:
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValueError(f"not an event field: {sorted(unknown)}")
        values = [str(v) if isinstance(v, Lifecycle) else v for v in fields.values()]
        sets = "".join(f"{name} = %s, " for name in fields)
        with self._lock, self._db.transaction():
            if fence is not None:
                row = self._db.execute("SELECT token FROM zoomops_leases WHERE key = %s FOR SHARE",
                                       (key,)).fetchone()
                if row is None or int(row["token"]) != fence:
                    raise StaleFence(f"{key}: fencing token {fence} is no longer the event's")
            done = self._db.execute(f"UPDATE zoomops_events SET {sets}updated_at = %s WHERE key = %s",
                                    (*values, now.isoformat(), key))
            if done.rowcount != 1:
                raise KeyError(key)
            return self._get(key)

    # ---- leases ----
    def acquire(self, key: str, holder: str, now: datetime, ttl: timedelta) -> Lease | None:
        """`now` is not used: the lease runs `ttl` from the database's clock, and expires by it."""
        with self._lock:
            row = self._db.execute(
                "INSERT INTO zoomops_leases AS l (key, holder, expires_at, token, acquired_at) "
                "VALUES (%s, %s, clock_timestamp() + %s, 1, clock_timestamp()) "
                "ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, "
                "token = l.token + CASE WHEN l.holder = EXCLUDED.holder THEN 0 ELSE 1 END, "
                "acquired_at = CASE WHEN l.holder = EXCLUDED.holder THEN l.acquired_at ELSE clock_timestamp() END "
                "WHERE l.holder = EXCLUDED.holder OR l.expires_at <= clock_timestamp() RETURNING token, expires_at",
                (key, holder, ttl)).fetchone()
        return Lease(key, holder, row["expires_at"], int(row["token"])) if row is not None else None

    def renew(self, keys: list[str], holder: str, now: datetime, ttl: timedelta) -> dict[str, int]:
        """One statement for all of them; `now` is not used (the database's clock is)."""
        with self._lock:
            rows = self._db.execute(
                "UPDATE zoomops_leases SET expires_at = clock_timestamp() + %s "
                "WHERE key = ANY(%s) AND holder = %s RETURNING key, token", (ttl, keys, holder)).fetchall()
        return {r["key"]: int(r["token"]) for r in rows}

    def release(self, key: str, holder: str) -> None:
        with self._lock:
            self._db.execute("UPDATE zoomops_leases SET expires_at = TIMESTAMPTZ '1970-01-01 00:00:00+00' "
                             "WHERE key = %s AND holder = %s",
                             (key, holder))

    def lease(self, key: str) -> Lease | None:
        with self._lock:
            row = self._db.execute("SELECT holder, expires_at, token FROM zoomops_leases WHERE key = %s",
                                   (key,)).fetchone()
        if row is None:
            return None
        return Lease(key, row["holder"], row["expires_at"], int(row["token"]))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _get(self, key: str) -> EventRecord:
        return _record(self._db.execute(f"{SELECT} WHERE key = %s", (key,)).fetchone())


def _record(row: dict[str, Any] | None) -> EventRecord:
    assert row is not None
    data = dict(row)
    data["state"] = Lifecycle(data["state"])
    return EventRecord(**data)
