"""The runner's durable memory: cues claimed and announced, Zoom actions claimed/sent/settled, adjustments,
webhook deliveries seen (SQLite, WAL).

Every write goes first to an in-memory copy (the runner's truth while it runs: reads come from it), then to
the file. When the file cannot be written (disk full, file deleted or replaced under the runner, database
damaged) the ledger is *behind*: `problem` says why, the runner keeps going from memory, and `catch_up()`
copies the whole memory into the file (SQLite's backup API) once it can be written again. A file replaced
by another one is never overwritten: the runner stays behind and says so.

`RunnerLedger` is what the runner needs from a ledger; `Ledger` (this file) is the one for a single machine
(`zoomops run`, `serve` on SQLite). A ledger in a shared database (`serve` on PostgreSQL) claims under a lease and
raises `LeaseLost` instead of writing when the lease is no longer this instance's: the runner then stops acting.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from zoomops.common.statedir import damaged_database
from zoomops.show.delay import Adjustment

FiringStatus = Literal["fired", "missed", "skipped"]
ActionState = Literal["claimed", "sending", "settled"]
LEDGER_FILE = "runner.sqlite"
RECOVERY = "move it aside to start the run afresh (cues it recorded as fired would fire again)"
Write = tuple[str, Sequence[Any]]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS firings (
    cue_id TEXT PRIMARY KEY,
    planned TEXT NOT NULL,
    effective TEXT NOT NULL,
    fired_at TEXT NOT NULL,
    lateness_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('fired', 'missed', 'skipped')),
    note TEXT,
    outcome TEXT,
    announced_at TEXT
);
CREATE INDEX IF NOT EXISTS firings_by_time ON firings (fired_at);  -- latest(): the last rows, not all of them
CREATE TABLE IF NOT EXISTS actions (
    cue_id TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claimed', 'sending', 'settled')),
    claimed_at TEXT NOT NULL,
    sending_at TEXT,
    settled_at TEXT,
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
_COLUMNS = {  # columns added after the first release: (table, column, definition)
    ("adjustments", "forced", "INTEGER NOT NULL DEFAULT 0"),
    ("firings", "announced_at", "TEXT"),
}


@dataclass(frozen=True)
class Firing:
    """One row of the firings table: the cue's claim; `announced` once its announcement went out."""

    cue_id: str
    planned: datetime
    effective: datetime
    fired_at: datetime
    lateness_ms: int
    status: FiringStatus
    note: str | None
    outcome: dict[str, Any] | None
    announced: bool = True


@dataclass(frozen=True)
class ActionRecord:
    """One Zoom action's progress: claimed (not sent), sending (maybe sent), settled (outcome known)."""

    cue_id: str
    action: str
    state: ActionState
    outcome: dict[str, Any] | None


class LeaseLost(Exception):
    """A shared ledger refused a write: this instance no longer holds (or can no longer prove it holds) the event's
    lease. Nothing was recorded; the runner must not act on it (another instance may run the event now)."""


class RunnerLedger(Protocol):
    """What the runner needs from its durable memory (`Ledger` here; a shared-database one at the service floor).

    Writes are idempotent by cue id: `claim` answers False when the cue already has a row (never fire it again).
    A shared ledger may raise `LeaseLost` from any write. `problem`/`on_change`/`verify`/`catch_up` describe a
    ledger that fell behind memory (a single machine's file); a ledger that never falls behind keeps `problem`
    None and answers True from `catch_up`."""

    problem: str | None
    on_change: Callable[[str | None], None] | None

    def close(self) -> None: ...

    def flush(self) -> None: ...

    def verify(self) -> None: ...

    def catch_up(self) -> bool: ...

    def claim(self, cue_id: str, planned: datetime, effective: datetime, at: datetime, status: FiringStatus,
              note: str | None = None, *, action: str | None = None) -> bool: ...

    def announced(self, cue_id: str, at: datetime) -> None: ...

    def unannounced(self) -> list[Firing]: ...

    def firings(self) -> dict[str, Firing]: ...

    def latest(self, count: int) -> list[Firing]: ...

    def sending(self, cue_id: str, at: datetime) -> None: ...

    def settle(self, cue_id: str, outcome: dict[str, Any], at: datetime) -> None: ...

    def claim_action(self, cue_id: str, action: str, at: datetime) -> None: ...

    def actions(self) -> dict[str, ActionRecord]: ...

    def unsettled(self) -> list[ActionRecord]: ...

    def add_adjustment(self, kind: str, made_at: datetime, source: str, *, seconds: float = 0.0,
                       position: str | None = None, cue_id: str | None = None, forced: bool = False) -> int: ...

    def adjustments(self) -> list[Adjustment]: ...

    def adjustment_log(self) -> list[dict[str, Any]]: ...

    def first_delivery(self, key: str, event: str, event_ts: int | None, received_at: datetime) -> bool: ...

    def get_meta(self, key: str) -> Any: ...

    def set_meta(self, key: str, value: Any) -> None: ...


class Ledger:
    """SQLite ledger with an in-memory twin; every write is one transaction, safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self.problem: str | None = None  # why the file is behind memory; None when it holds everything
        self.on_change: Callable[[str | None], None] | None = None  # told when `problem` changes
        self._marks: list[Write] = []  # announcement marks not yet in the file (they ride on the next write)
        try:
            self._disk = _open_file(path)
            self._mem = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            self._disk.backup(self._mem)
        except sqlite3.DatabaseError as exc:
            raise damaged_database(path, exc, RECOVERY) from None
        self._identity = _identity(path)

    @classmethod
    def in_dir(cls, state_dir: Path) -> Ledger:
        return cls(state_dir / LEDGER_FILE)

    def close(self) -> None:
        with self._lock:
            self.flush()
            self._mem.close()
            self._disk.close()

    # ---- writing: memory first, then the file ----
    def _write(self, *writes: Write) -> sqlite3.Cursor:
        """Apply `writes` as one transaction to memory (IntegrityError propagates: the idempotency key), then
        to the file unless it is behind; returns the last memory cursor."""
        with self._lock:
            cur = _transaction(self._mem, writes)
            marks, self._marks = self._marks, []
            if self.problem is None:
                self._to_file([*marks, *writes], retry=marks)
            return cur

    def flush(self) -> None:
        """Write the announcement marks still waiting (the runner's heartbeat and stop call this)."""
        with self._lock:
            marks, self._marks = self._marks, []
            if marks and self.problem is None:
                self._to_file(marks)

    def _to_file(self, writes: Sequence[Write], retry: Sequence[Write] = ()) -> None:
        """One transaction in the file (a replaced or deleted file is noticed by `verify`, memory keeps all)."""
        try:
            self._file_write(writes)
        except sqlite3.IntegrityError:
            if retry:  # the write itself was already in the file; the marks riding on it are not lost
                self._to_file(retry)
        except (sqlite3.Error, OSError) as exc:
            self._fall_behind(f"{self.path} cannot be written: {exc}")

    def _changed_on_disk(self) -> str | None:
        now = _identity(self.path)
        if now is None:
            return f"{self.path} was deleted under the runner"
        if now != self._identity:
            return f"{self.path} was replaced by another file under the runner"
        return None

    def verify(self) -> None:
        """Notice, without writing, a ledger file deleted or replaced under the runner."""
        with self._lock:
            if self.problem is None and (changed := self._changed_on_disk()):
                self._fall_behind(changed)

    def _fall_behind(self, why: str) -> None:
        if self.problem != why:
            self.problem = why
            if self.on_change is not None:
                self.on_change(why)

    def catch_up(self) -> bool:
        """Copy memory into the file if it is behind and can be written now; True when it holds everything.
        A deleted file is created afresh; a replaced one is left alone (someone put it there)."""
        with self._lock:
            if self.problem is None:
                return True
            current = _identity(self.path)
            if current is not None and current != self._identity:
                return False
            try:
                if current is None:
                    self._disk.close()
                    self._disk = _open_file(self.path)
                self._file_copy()
                self._marks.clear()  # memory, marks included, is in the file now
            except (sqlite3.Error, OSError) as exc:
                self._fall_behind(f"{self.path} cannot be written: {exc}")
                return False
            self._identity = _identity(self.path)
            self.problem = None
            if self.on_change is not None:
                self.on_change(None)
            return True

    def _file_write(self, writes: Sequence[Write]) -> None:
        _transaction(self._disk, writes)

    def _file_copy(self) -> None:
        """Make the file hold exactly what memory holds."""
        self._mem.backup(self._disk)
        _check(self._disk)

    # ---- firings ----
    def claim(
        self,
        cue_id: str,
        planned: datetime,
        effective: datetime,
        at: datetime,
        status: FiringStatus,
        note: str | None = None,
        *,
        action: str | None = None,
    ) -> bool:
        """Record a cue as fired/missed/skipped (and claim its action, in the same transaction); False if it
        already has a row (the idempotency key). The announcement is recorded apart: `announced`."""
        lateness = round((at - effective).total_seconds() * 1000)
        writes: list[Write] = [(
            "INSERT INTO firings (cue_id, planned, effective, fired_at, lateness_ms, status, note, announced_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (cue_id, planned.isoformat(), effective.isoformat(), at.isoformat(), lateness, status, note,
             None if status == "fired" else at.isoformat()),
        )]
        if action is not None and status == "fired":
            writes.append((
                "INSERT INTO actions (cue_id, action, state, claimed_at) VALUES (?, ?, 'claimed', ?)",
                (cue_id, action, at.isoformat()),
            ))
        try:
            self._write(*writes)
        except sqlite3.IntegrityError:
            return False
        return True

    def announced(self, cue_id: str, at: datetime) -> None:
        """The cue's announcement went out (console, events.jsonl, chat queue, board). In memory at once; in the
        file with the next write or flush (one transaction per cue at bursts of thousands a second): a crash
        before that re-delivers the announcement, marked late, rather than losing it."""
        write = ("UPDATE firings SET announced_at = ? WHERE cue_id = ?", (at.isoformat(), cue_id))
        with self._lock:
            self._mem.execute(*write)
            self._marks.append(write)

    def unannounced(self) -> list[Firing]:
        """Cues claimed as fired whose announcement never went out (a crash in between)."""
        return [f for f in self.firings().values() if f.status == "fired" and not f.announced]

    def latest(self, count: int) -> list[Firing]:
        """The last `count` firings, oldest first (what `firings()` ends with, without reading every row)."""
        with self._lock:
            rows = self._mem.execute(
                "SELECT cue_id, planned, effective, fired_at, lateness_ms, status, note, outcome, announced_at"
                " FROM firings ORDER BY fired_at DESC, rowid DESC LIMIT ?", (count,)
            ).fetchall()
        return [_firing(r) for r in reversed(rows)]

    def firings(self) -> dict[str, Firing]:
        with self._lock:
            rows = self._mem.execute(
                "SELECT cue_id, planned, effective, fired_at, lateness_ms, status, note, outcome, announced_at"
                " FROM firings ORDER BY fired_at, rowid"
            ).fetchall()
        return {r[0]: _firing(r) for r in rows}

    # ---- actions: claimed -> sending -> settled ----
    def sending(self, cue_id: str, at: datetime) -> None:
        """The action's request is about to go out: from here its effect in Zoom is unknown until settled."""
        self._write(("UPDATE actions SET state = 'sending', sending_at = ? WHERE cue_id = ? AND state != 'settled'",
                     (at.isoformat(), cue_id)))

    def settle(self, cue_id: str, outcome: dict[str, Any], at: datetime) -> None:
        text = json.dumps(outcome)
        self._write(
            ("UPDATE actions SET state = 'settled', settled_at = ?, outcome = ? WHERE cue_id = ?",
             (at.isoformat(), text, cue_id)),
            ("UPDATE firings SET outcome = ? WHERE cue_id = ?", (text, cue_id)),
        )

    def claim_action(self, cue_id: str, action: str, at: datetime) -> None:
        """Claim the action of a cue fired before actions had their own table (a ledger from an older run)."""
        try:
            self._write(("INSERT INTO actions (cue_id, action, state, claimed_at) VALUES (?, ?, 'claimed', ?)",
                         (cue_id, action, at.isoformat())))
        except sqlite3.IntegrityError:
            return

    def record_outcome(self, cue_id: str, outcome: dict[str, Any]) -> None:
        """An outcome without the action protocol (kept for callers that only report)."""
        self._write(("UPDATE firings SET outcome = ? WHERE cue_id = ?", (json.dumps(outcome), cue_id)))

    def actions(self) -> dict[str, ActionRecord]:
        with self._lock:
            rows = self._mem.execute("SELECT cue_id, action, state, outcome FROM actions ORDER BY rowid").fetchall()
        return {r[0]: ActionRecord(r[0], r[1], r[2], json.loads(r[3]) if r[3] else None) for r in rows}

    def unsettled(self) -> list[ActionRecord]:
        return [a for a in self.actions().values() if a.state != "settled"]

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
        cur = self._write((
            "INSERT INTO adjustments (kind, seconds, position, cue_id, made_at, source, forced)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, seconds, position, cue_id, made_at.isoformat(), source, int(forced)),
        ))
        return int(cur.lastrowid or 0)

    def adjustments(self) -> list[Adjustment]:
        """Delays and anchors, in the order they were made (skips live in `firings`)."""
        with self._lock:
            rows = self._mem.execute(
                "SELECT seq, kind, seconds, position, made_at, forced FROM adjustments"
                " WHERE kind IN ('delay', 'anchor') AND position IS NOT NULL ORDER BY seq"
            ).fetchall()
        return [Adjustment(r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[0], bool(r[5])) for r in rows]

    def adjustment_log(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._mem.execute(
                "SELECT seq, kind, seconds, position, cue_id, made_at, source, forced FROM adjustments ORDER BY seq"
            ).fetchall()
        keys = ("seq", "kind", "seconds", "position", "cue_id", "made_at", "source", "forced")
        return [{**dict(zip(keys, r, strict=True)), "forced": bool(r[7])} for r in rows]

    # ---- webhooks ----
    def first_delivery(self, key: str, event: str, event_ts: int | None, received_at: datetime) -> bool:
        """Remember a webhook delivery; False if this key was seen before (a redelivery or replay)."""
        try:
            self._write(("INSERT INTO webhook_deliveries (key, event, event_ts, received_at) VALUES (?, ?, ?, ?)",
                         (key, event, event_ts, received_at.isoformat())))
        except sqlite3.IntegrityError:
            return False
        return True

    # ---- meta ----
    def get_meta(self, key: str) -> Any:
        with self._lock:
            row = self._mem.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value: Any) -> None:
        self._write((
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        ))


def _open_file(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    _check(db)
    db.executescript(_SCHEMA)
    for table, column, definition in _COLUMNS:
        if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
            if column == "announced_at":  # an older runner announced every cue it recorded
                db.execute("UPDATE firings SET announced_at = fired_at")
    return db


def _check(db: sqlite3.Connection) -> None:
    result = db.execute("PRAGMA quick_check").fetchone()
    if not result or result[0] != "ok":
        raise sqlite3.DatabaseError(f"database disk image is malformed ({result[0] if result else 'no answer'})")


def _transaction(db: sqlite3.Connection, writes: Sequence[Write]) -> sqlite3.Cursor:
    if len(writes) == 1:
        return db.execute(*writes[0])
    db.execute("BEGIN IMMEDIATE")
    try:
        cur = None
        for sql, params in writes:
            cur = db.execute(sql, params)
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    assert cur is not None
    return cur


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


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
        r[5] != "fired" or r[8] is not None,
    )
