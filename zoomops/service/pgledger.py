"""The runner's ledger in PostgreSQL (`RunnerLedger`), keyed by event, so that any `serve` instance holding the
event's lease continues the same ledger: a takeover on another machine neither repeats nor loses a cue.

Every claim (a cue and its Zoom action, one unique key each: event key + cue id), every step of an action
(sending, settled), every adjustment, webhook delivery and meta write is one transaction that first locks the
event's lease row (`FOR SHARE`) and checks that it is still this instance's token, not expired on the
database's clock; otherwise nothing is written and `LeaseLost` is raised. A cue already claimed (ON CONFLICT DO
NOTHING) answers False: it is not fired again. Before going to the database at all, the local `Fence` refuses
once the last renewal is older than the lease minus a margin, so an instance cut off from the database stops
acting before its lease can pass. Losing the database means stopping, never going on from memory: unlike the
SQLite `Ledger`, this one never falls behind (`problem` stays None).

Reads come from a copy loaded at open and kept up to date by this instance's own writes: only the lease holder
writes, so the copy is the ledger while the lease is held.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from zoomops.runner.ledger import ActionRecord, Firing, FiringStatus, LeaseLost, Ledger
from zoomops.service.fence import Fence
from zoomops.show.delay import Adjustment

T = TypeVar("T")
CONNECT_TIMEOUT = 2  # seconds (libpq's connect_timeout: its minimum is 2)

SCHEMA = """
CREATE TABLE IF NOT EXISTS zoomops_firings (
    event_key    TEXT NOT NULL,
    cue_id       TEXT NOT NULL,
    seq          BIGSERIAL,
    planned      TEXT NOT NULL,
    effective    TEXT NOT NULL,
    fired_at     TEXT NOT NULL,
    lateness_ms  INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('fired', 'missed', 'skipped')),
    note         TEXT,
    outcome      TEXT,
    announced_at TEXT,
    fence        BIGINT NOT NULL,
    holder       TEXT NOT NULL,
    claimed_db_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (event_key, cue_id)
);
CREATE TABLE IF NOT EXISTS zoomops_actions (
    event_key     TEXT NOT NULL,
    cue_id        TEXT NOT NULL,
    seq           BIGSERIAL,
    action        TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('claimed', 'sending', 'settled')),
    claimed_at    TEXT NOT NULL,
    sending_at    TEXT,
    settled_at    TEXT,
    outcome       TEXT,
    fence         BIGINT NOT NULL,
    sending_fence BIGINT,
    sending_db_at TIMESTAMPTZ,
    settled_fence BIGINT,
    PRIMARY KEY (event_key, cue_id)
);
CREATE TABLE IF NOT EXISTS zoomops_adjustments (
    seq        BIGSERIAL PRIMARY KEY,
    event_key  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('delay', 'anchor', 'skip')),
    seconds    DOUBLE PRECISION NOT NULL DEFAULT 0,
    position   TEXT,
    cue_id     TEXT,
    made_at    TEXT NOT NULL,
    source     TEXT NOT NULL,
    forced     BOOLEAN NOT NULL DEFAULT FALSE,
    fence      BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS zoomops_deliveries (
    event_key   TEXT NOT NULL,
    key         TEXT NOT NULL,
    event       TEXT NOT NULL,
    event_ts    BIGINT,
    received_at TEXT NOT NULL,
    PRIMARY KEY (event_key, key)
);
CREATE TABLE IF NOT EXISTS zoomops_meta (
    event_key TEXT NOT NULL,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (event_key, key)
);
"""
# The fencing check every write makes first, in its own transaction: the lease row locked against a takeover
# until the write commits (a takeover then sees the write), and judged on the database's clock.
HOLDS = ("SELECT 1 FROM zoomops_leases WHERE key = %s AND holder = %s AND token = %s "
         "AND expires_at > clock_timestamp() FOR SHARE")


def connect_string(dsn: str) -> str:
    """The DSN with a connect timeout (CONNECT_TIMEOUT) and, over TCP, keepalives and a user timeout that notice a
    dead peer in seconds, not minutes (values the DSN sets itself win)."""
    given = conninfo_to_dict(dsn)
    wanted = {"connect_timeout": CONNECT_TIMEOUT, "keepalives": 1, "keepalives_idle": 2, "keepalives_interval": 1,
              "keepalives_count": 3, "tcp_user_timeout": 5000}
    return make_conninfo(dsn, **{k: v for k, v in wanted.items() if k not in given})


def connect(dsn: str) -> psycopg.Connection[Any]:
    """An autocommit connection with `connect_string`'s timeouts."""
    return psycopg.connect(connect_string(dsn), autocommit=True)


class PostgresLedger:
    """One event's ledger in the shared database, written under `fence`."""

    def __init__(self, dsn: str, event_key: str, fence: Fence,
                 connector: Callable[[str], psycopg.Connection[Any]] = connect) -> None:
        self.event_key = event_key
        self.fence = fence
        self.problem: str | None = None  # never behind: a write that cannot reach the database raises LeaseLost
        self.on_change: Callable[[str | None], None] | None = None
        self._dsn = dsn
        self._connector = connector
        self._lock = threading.RLock()
        self._firings: dict[str, tuple[int, Firing]] = {}  # cue id: (seq, firing)
        self._actions: dict[str, ActionRecord] = {}
        self._adjustments: list[dict[str, Any]] = []
        self._meta: dict[str, Any] = {}
        try:
            self._db = connector(dsn)
            self._load()
        except psycopg.Error as exc:
            raise LeaseLost(_unreachable(exc)) from None

    def __repr__(self) -> str:
        return f"PostgresLedger({self.event_key!r}, {self.fence!r})"  # never the DSN: it may hold a password

    # ---- the single-machine ledger's housekeeping: nothing to do here ----
    def close(self) -> None:
        with self._lock:
            self._db.close()

    def flush(self) -> None:
        return None

    def verify(self) -> None:
        return None

    def catch_up(self) -> bool:
        return True

    # ---- writes, each under the fence ----
    def _fenced(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        with self._lock:
            self.fence.check()
            try:
                db = self._connection()
                with db.transaction():
                    if db.execute(HOLDS, (self.event_key, self.fence.holder, self.fence.token)).fetchone() is None:
                        why = (f"the database refused a write under token {self.fence.token}: the lease of "
                               f"{self.event_key} expired or passed to another instance")
                        self.fence.lose(why)
                        raise LeaseLost(why)
                    return work(db)
            except psycopg.Error as exc:
                raise LeaseLost(_unreachable(exc)) from None

    def _connection(self) -> psycopg.Connection[Any]:
        if self._db.closed or self._db.broken:
            self._db.close()
            self._db = self._connector(self._dsn)
        return self._db

    def claim(self, cue_id: str, planned: datetime, effective: datetime, at: datetime, status: FiringStatus,
              note: str | None = None, *, action: str | None = None) -> bool:
        """Claim the cue (and its action, same transaction) under the fence; False if it is already claimed."""
        lateness = round((at - effective).total_seconds() * 1000)
        announced = None if status == "fired" else at.isoformat()
        token = self.fence.token

        def work(db: psycopg.Connection[Any]) -> int | None:
            row = db.execute(
                "INSERT INTO zoomops_firings (event_key, cue_id, planned, effective, fired_at, lateness_ms, status, "
                "note, announced_at, fence, holder) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (event_key, cue_id) DO NOTHING RETURNING seq",
                (self.event_key, cue_id, planned.isoformat(), effective.isoformat(), at.isoformat(), lateness,
                 status, note, announced, token, self.fence.holder)).fetchone()
            if row is None:
                return None
            if action is not None and status == "fired":
                self._insert_action(db, cue_id, action, at)
            return int(row[0])

        seq = self._fenced(work)
        if seq is None:
            return False
        firing = Firing(cue_id, planned, effective, at, lateness, status, note, None, status != "fired")
        self._firings[cue_id] = (seq, firing)
        if action is not None and status == "fired":
            self._actions[cue_id] = ActionRecord(cue_id, action, "claimed", None)
        return True

    def _insert_action(self, db: psycopg.Connection[Any], cue_id: str, action: str, at: datetime) -> bool:
        row = db.execute(
            "INSERT INTO zoomops_actions (event_key, cue_id, action, state, claimed_at, fence) "
            "VALUES (%s, %s, %s, 'claimed', %s, %s) ON CONFLICT (event_key, cue_id) DO NOTHING RETURNING seq",
            (self.event_key, cue_id, action, at.isoformat(), self.fence.token)).fetchone()
        return row is not None

    def announced(self, cue_id: str, at: datetime) -> None:
        """The announcement went out: recorded at once, not fenced (it happened; refusing the mark would only make
        the next holder announce it again). A database out of reach leaves it unrecorded: re-delivered late."""
        with self._lock:
            entry = self._firings.get(cue_id)
            if entry is not None:
                seq, f = entry
                self._firings[cue_id] = (seq, _with(f, announced=True))
            try:
                self._connection().execute(
                    "UPDATE zoomops_firings SET announced_at = %s WHERE event_key = %s AND cue_id = %s",
                    (at.isoformat(), self.event_key, cue_id))
            except psycopg.Error:
                return

    def sending(self, cue_id: str, at: datetime) -> None:
        """The action's request is about to go out, under the fence: refused (LeaseLost) means do not send it."""
        self._fenced(lambda db: db.execute(
            "UPDATE zoomops_actions SET state = 'sending', sending_at = %s, sending_fence = %s, "
            "sending_db_at = clock_timestamp() WHERE event_key = %s AND cue_id = %s AND state != 'settled'",
            (at.isoformat(), self.fence.token, self.event_key, cue_id)))
        record = self._actions.get(cue_id)
        if record is not None and record.state != "settled":
            self._actions[cue_id] = ActionRecord(cue_id, record.action, "sending", None)

    def settle(self, cue_id: str, outcome: dict[str, Any], at: datetime) -> None:
        text = json.dumps(outcome)

        def work(db: psycopg.Connection[Any]) -> None:
            db.execute("UPDATE zoomops_actions SET state = 'settled', settled_at = %s, outcome = %s, "
                       "settled_fence = %s WHERE event_key = %s AND cue_id = %s",
                       (at.isoformat(), text, self.fence.token, self.event_key, cue_id))
            db.execute("UPDATE zoomops_firings SET outcome = %s WHERE event_key = %s AND cue_id = %s",
                       (text, self.event_key, cue_id))

        self._fenced(work)
        record = self._actions.get(cue_id)
        if record is not None:
            self._actions[cue_id] = ActionRecord(cue_id, record.action, "settled", outcome)
        if (entry := self._firings.get(cue_id)) is not None:
            self._firings[cue_id] = (entry[0], _with(entry[1], outcome=outcome))

    def claim_action(self, cue_id: str, action: str, at: datetime) -> None:
        if self._fenced(lambda db: self._insert_action(db, cue_id, action, at)):
            self._actions[cue_id] = ActionRecord(cue_id, action, "claimed", None)

    def add_adjustment(self, kind: str, made_at: datetime, source: str, *, seconds: float = 0.0,
                       position: str | None = None, cue_id: str | None = None, forced: bool = False) -> int:
        row = self._fenced(lambda db: db.execute(
            "INSERT INTO zoomops_adjustments (event_key, kind, seconds, position, cue_id, made_at, source, forced, "
            "fence) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING seq",
            (self.event_key, kind, seconds, position, cue_id, made_at.isoformat(), source, forced,
             self.fence.token)).fetchone())
        seq = int(row[0]) if row else 0
        self._adjustments.append({"seq": seq, "kind": kind, "seconds": seconds, "position": position,
                                  "cue_id": cue_id, "made_at": made_at.isoformat(), "source": source,
                                  "forced": forced})
        return seq

    def first_delivery(self, key: str, event: str, event_ts: int | None, received_at: datetime) -> bool:
        row = self._fenced(lambda db: db.execute(
            "INSERT INTO zoomops_deliveries (event_key, key, event, event_ts, received_at) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (event_key, key) DO NOTHING RETURNING key",
            (self.event_key, key, event, event_ts, received_at.isoformat())).fetchone())
        return row is not None

    def set_meta(self, key: str, value: Any) -> None:
        self._fenced(lambda db: db.execute(
            "INSERT INTO zoomops_meta (event_key, key, value) VALUES (%s, %s, %s) "
            "ON CONFLICT (event_key, key) DO UPDATE SET value = EXCLUDED.value",
            (self.event_key, key, json.dumps(value))))
        self._meta[key] = value

    # ---- reads, from the copy ----
    def firings(self) -> dict[str, Firing]:
        with self._lock:
            entries = sorted(self._firings.values(), key=lambda e: (e[1].fired_at.isoformat(), e[0]))
        return {f.cue_id: f for _seq, f in entries}

    def unannounced(self) -> list[Firing]:
        return [f for f in self.firings().values() if f.status == "fired" and not f.announced]

    def latest(self, count: int) -> list[Firing]:
        """The last `count` firings, oldest first (the order of `firings()`, without sorting every row)."""
        with self._lock:
            entries = heapq.nlargest(count, self._firings.values(), key=lambda e: (e[1].fired_at.isoformat(), e[0]))
        return [f for _seq, f in reversed(entries)]

    def actions(self) -> dict[str, ActionRecord]:
        with self._lock:
            return dict(self._actions)

    def unsettled(self) -> list[ActionRecord]:
        return [a for a in self.actions().values() if a.state != "settled"]

    def adjustments(self) -> list[Adjustment]:
        with self._lock:
            rows = [a for a in self._adjustments if a["kind"] in ("delay", "anchor") and a["position"] is not None]
        return [Adjustment(a["kind"], a["seconds"], a["position"], datetime.fromisoformat(a["made_at"]), a["seq"],
                           bool(a["forced"])) for a in rows]

    def adjustment_log(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(a) for a in self._adjustments]

    def get_meta(self, key: str) -> Any:
        with self._lock:
            return self._meta.get(key)

    # ---- a copy for the report ----
    def export_sqlite(self, path: Path) -> None:
        """Write this copy as a single-machine ledger file at `path` (replaced whole, atomically): what `zoomops
        report` and the service's report read. Webhook deliveries are not copied (the report does not read them)."""
        part = path.with_name(f".{path.name}.part")
        for stale in (part, part.with_name(part.name + "-wal"), part.with_name(part.name + "-shm")):
            stale.unlink(missing_ok=True)
        Ledger(part).close()  # the file's schema, as the runner writes it
        with self._lock, contextlib.closing(sqlite3.connect(part)) as db, db:
            db.executemany(
                "INSERT INTO firings (cue_id, planned, effective, fired_at, lateness_ms, status, note, outcome, "
                "announced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(f.cue_id, f.planned.isoformat(), f.effective.isoformat(), f.fired_at.isoformat(), f.lateness_ms,
                  f.status, f.note, json.dumps(f.outcome) if f.outcome is not None else None,
                  f.fired_at.isoformat() if f.announced else None) for f in self.firings().values()])
            db.executemany(
                "INSERT INTO actions (cue_id, action, state, claimed_at, outcome) VALUES (?, ?, ?, ?, ?)",
                [(a.cue_id, a.action, a.state, self._firings[a.cue_id][1].fired_at.isoformat()
                  if a.cue_id in self._firings else "", json.dumps(a.outcome) if a.outcome is not None else None)
                 for a in self._actions.values()])
            db.executemany(
                "INSERT INTO adjustments (seq, kind, seconds, position, cue_id, made_at, source, forced) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(a["seq"], a["kind"], a["seconds"], a["position"], a["cue_id"], a["made_at"], a["source"],
                  int(a["forced"])) for a in self._adjustments])
            db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                           [(k, json.dumps(v)) for k, v in self._meta.items()])
        os.replace(part, path)

    # ---- loading ----
    def _load(self) -> None:
        db, key = self._db, (self.event_key,)
        for r in db.execute("SELECT seq, cue_id, planned, effective, fired_at, lateness_ms, status, note, outcome, "
                            "announced_at FROM zoomops_firings WHERE event_key = %s ORDER BY seq", key):
            self._firings[r[1]] = (int(r[0]), Firing(
                r[1], datetime.fromisoformat(r[2]), datetime.fromisoformat(r[3]), datetime.fromisoformat(r[4]),
                r[5], r[6], r[7], json.loads(r[8]) if r[8] else None, r[6] != "fired" or r[9] is not None))
        for r in db.execute("SELECT cue_id, action, state, outcome FROM zoomops_actions WHERE event_key = %s "
                            "ORDER BY seq", key):
            self._actions[r[0]] = ActionRecord(r[0], r[1], r[2], json.loads(r[3]) if r[3] else None)
        names = ("seq", "kind", "seconds", "position", "cue_id", "made_at", "source", "forced")
        for r in db.execute(f"SELECT {', '.join(names)} FROM zoomops_adjustments WHERE event_key = %s ORDER BY seq",
                            key):
            self._adjustments.append({**dict(zip(names, r, strict=True)), "seq": int(r[0]), "forced": bool(r[7])})
        for r in db.execute("SELECT key, value FROM zoomops_meta WHERE event_key = %s", key):
            self._meta[r[0]] = json.loads(r[1])


def _with(f: Firing, *, announced: bool | None = None, outcome: dict[str, Any] | None = None) -> Firing:
    return Firing(f.cue_id, f.planned, f.effective, f.fired_at, f.lateness_ms, f.status, f.note,
                  outcome if outcome is not None else f.outcome, f.announced if announced is None else announced)


def _unreachable(exc: psycopg.Error) -> str:
    """Why the database could not take a write (the error's class only: libpq's text may name hosts)."""
    return f"the database cannot be reached ({type(exc).__name__}): this instance cannot prove it holds the lease"
