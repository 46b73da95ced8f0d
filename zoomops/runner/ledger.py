"""The runner's durable memory: which cues fired, every adjustment, webhook deliveries seen (SQLite, WAL)."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from zoomops.common.statedir import damaged_database
from zoomops.show.delay import Adjustment

FiringStatus = Literal["fired", "missed", "skipped"]
LEDGER_FILE = "runner.sqlite"
RECOVERY = "move it aside to start the run afresh (cues it recorded as fired would fire again)"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS firings (
    cue_id TEXT PRIMARY KEY,
    planned TEXT NOT NULL,
    effective TEXT NOT NULL,
    fired_at TEXT NOT NULL,
    lateness_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('fired', 'missed', 'skipped')),
    note TEXT,
    outcome TEXT
);
CREATE TABLE IF NOT EXISTS adjustments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('delay', 'anchor', 'skip')),
    seconds REAL NOT NULL DEFAULT 0,
    position TEXT,
    cue_id TEXT,
    made_at TEXT NOT NULL,
    source TEXT NOT NULL,
    forced INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    key TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    event_ts INTEGER,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Firing:
    """One row of the firings table."""

    cue_id: str
    planned: datetime
    effective: datetime
    fired_at: datetime
    lateness_ms: int
    status: FiringStatus
    note: str | None
    outcome: dict[str, Any] | None


class Ledger:
    """SQLite ledger; every write is its own transaction, safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise damaged_database(path, exc, RECOVERY) from None

    def _migrate(self) -> None:
        """Ledgers written before `forced` existed gain the column (every old adjustment was unforced)."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(adjustments)")}
        if "forced" not in columns:
            self._db.execute("ALTER TABLE adjustments ADD COLUMN forced INTEGER NOT NULL DEFAULT 0")

    @classmethod
    def in_dir(cls, state_dir: Path) -> Ledger:
        return cls(state_dir / LEDGER_FILE)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---- firings ----
    def claim(
        self,
        cue_id: str,
        planned: datetime,
        effective: datetime,
        at: datetime,
        status: FiringStatus,
        note: str | None = None,
    ) -> bool:
        """Record a cue as fired/missed/skipped; False if it already has a row (the idempotency key)."""
        lateness = round((at - effective).total_seconds() * 1000)
        try:
            with self._lock:
                self._db.execute(
                    "INSERT INTO firings (cue_id, planned, effective, fired_at, lateness_ms, status, note)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (cue_id, planned.isoformat(), effective.isoformat(), at.isoformat(), lateness, status, note),
                )
        except sqlite3.IntegrityError:
            return False
        return True

    def record_outcome(self, cue_id: str, outcome: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute("UPDATE firings SET outcome = ? WHERE cue_id = ?", (json.dumps(outcome), cue_id))

    def firings(self) -> dict[str, Firing]:
        with self._lock:
            rows = self._db.execute(
                "SELECT cue_id, planned, effective, fired_at, lateness_ms, status, note, outcome FROM firings"
                " ORDER BY fired_at, rowid"
            ).fetchall()
        return {r[0]: _firing(r) for r in rows}

    # ---- adjustments ----
    def add_adjustment(
        self,
        kind: str,
        made_at: datetime,
        source: str,
        *,
        seconds: float = 0.0,
        position: str | None = None,
        cue_id: str | None = None,
        forced: bool = False,
    ) -> int:
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO adjustments (kind, seconds, position, cue_id, made_at, source, forced)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, seconds, position, cue_id, made_at.isoformat(), source, int(forced)),
            )
            return int(cur.lastrowid or 0)

    def adjustments(self) -> list[Adjustment]:
        """Delays and anchors, in the order they were made (skips live in `firings`)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, kind, seconds, position, made_at, forced FROM adjustments"
                " WHERE kind IN ('delay', 'anchor') AND position IS NOT NULL ORDER BY seq"
            ).fetchall()
        return [Adjustment(r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[0], bool(r[5])) for r in rows]

    def adjustment_log(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, kind, seconds, position, cue_id, made_at, source, forced FROM adjustments ORDER BY seq"
            ).fetchall()
        keys = ("seq", "kind", "seconds", "position", "cue_id", "made_at", "source", "forced")
        return [{**dict(zip(keys, r, strict=True)), "forced": bool(r[7])} for r in rows]

    # ---- webhooks ----
    def first_delivery(self, key: str, event: str, event_ts: int | None, received_at: datetime) -> bool:
        """Remember a webhook delivery; False if this key was seen before (a redelivery or replay)."""
        try:
            with self._lock:
                self._db.execute(
                    "INSERT INTO webhook_deliveries (key, event, event_ts, received_at) VALUES (?, ?, ?, ?)",
                    (key, event, event_ts, received_at.isoformat()),
                )
        except sqlite3.IntegrityError:
            return False
        return True

    # ---- meta ----
    def get_meta(self, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value: Any) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )


def _firing(r: tuple[Any, ...]) -> Firing:
    return Firing(
        r[0],
        datetime.fromisoformat(r[1]),
        datetime.fromisoformat(r[2]),
        datetime.fromisoformat(r[3]),
        r[4],
        r[5],
        r[6],
        json.loads(r[7]) if r[7] else None,
    )
