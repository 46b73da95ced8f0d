"""Durable provisioning state in SQLite: which Zoom webinar belongs to which schedule part, and an intent log."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zoomops.common.clock import Clock
from zoomops.common.statedir import damaged_database, ensure_state_dir

RECOVERY = "move it aside and run `zoomops plan`: webinars are found again by their zoomops-event marker"

SCHEMA = """
CREATE TABLE IF NOT EXISTS webinars (
    event_id   TEXT NOT NULL,
    key        TEXT NOT NULL,
    webinar_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event_id, key)
);
CREATE TABLE IF NOT EXISTS intents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT NOT NULL,
    key         TEXT NOT NULL,
    operation   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'unknown')),
    detail      TEXT NOT NULL DEFAULT '{}',
    started_at  TEXT NOT NULL,
    finished_at TEXT
);
"""


@dataclass(frozen=True)
class Intent:
    id: int
    event_id: str
    key: str
    operation: str
    status: str
    detail: dict[str, Any]


class ProvisionStore:
    """The state directory's `provision.sqlite`. One connection per store; safe to reopen."""

    def __init__(self, state_dir: Path, clock: Clock) -> None:
        ensure_state_dir(state_dir)
        self.path = state_dir / "provision.sqlite"
        self.clock = clock
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise damaged_database(self.path, exc, RECOVERY) from None

    def close(self) -> None:
        self._db.close()

    def _now(self) -> str:
        return self.clock.now().isoformat()

    # ---- webinar ids ----
    def webinar_id(self, event_id: str, key: str) -> int | None:
        row = self._db.execute(
            "SELECT webinar_id FROM webinars WHERE event_id = ? AND key = ?", (event_id, key)
        ).fetchone()
        return int(row[0]) if row else None

    def webinars(self, event_id: str) -> dict[str, int]:
        rows = self._db.execute("SELECT key, webinar_id FROM webinars WHERE event_id = ? ORDER BY key", (event_id,))
        return {k: int(w) for k, w in rows}

    def remember(self, event_id: str, key: str, webinar_id: int) -> None:
        now = self._now()
        self._db.execute(
            "INSERT INTO webinars VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(event_id, key) DO UPDATE SET "
            "webinar_id = excluded.webinar_id, updated_at = excluded.updated_at",
            (event_id, key, webinar_id, now, now),
        )

    def forget(self, event_id: str, key: str) -> None:
        self._db.execute("DELETE FROM webinars WHERE event_id = ? AND key = ?", (event_id, key))

    # ---- intent log ----
    def begin(self, event_id: str, key: str, operation: str, detail: dict[str, Any] | None = None) -> int:
        cur = self._db.execute(
            "INSERT INTO intents (event_id, key, operation, status, detail, started_at) "
            "VALUES (?, ?, ?, 'pending', ?, ?)",
            (event_id, key, operation, json.dumps(detail or {}), self._now()),
        )
        return int(cur.lastrowid or 0)

    def finish(self, intent_id: int, status: str, detail: dict[str, Any] | None = None) -> None:
        if detail is None:
            self._db.execute(
                "UPDATE intents SET status = ?, finished_at = ? WHERE id = ?", (status, self._now(), intent_id)
            )
        else:
            self._db.execute(
                "UPDATE intents SET status = ?, detail = ?, finished_at = ? WHERE id = ?",
                (status, json.dumps(detail), self._now(), intent_id),
            )

    def open_intents(self, event_id: str) -> list[Intent]:
        """Intents that never finished or whose outcome is unknown: reconcile these before acting."""
        rows = self._db.execute(
            "SELECT id, event_id, key, operation, status, detail FROM intents "
            "WHERE event_id = ? AND status IN ('pending', 'unknown') ORDER BY id",
            (event_id,),
        )
        return [Intent(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    def intents(self, event_id: str) -> list[Intent]:
        rows = self._db.execute(
            "SELECT id, event_id, key, operation, status, detail FROM intents WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return [Intent(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    def budget_used_since(self, since_iso: str) -> int:
        """Create/update calls zoomops made since an instant (Zoom counts them per host per UTC day)."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM intents WHERE operation IN ('create', 'update') AND status != 'failed' "
            "AND started_at >= ?",
            (since_iso,),
        ).fetchone()
        return int(row[0])
