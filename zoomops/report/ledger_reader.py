"""Read the runner's ledger (runner.sqlite) read-only, tolerant of columns added later.

The report never writes to the ledger and never holds it open: one read-only connection, a few SELECTs of the
columns it knows (new columns, e.g. for two-phase actions, are ignored), closed at once.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from zoomops.common.diagnostics import OperationalError

LEDGER_FILE = "runner.sqlite"


@dataclass(frozen=True)
class FiringRow:
    """One cue as the runner recorded it: fired, missed or skipped, when, and the action's outcome."""

    cue_id: str
    planned: datetime
    effective: datetime
    at: datetime
    status: str
    note: str | None
    outcome: dict[str, Any] | None


@dataclass(frozen=True)
class AdjustmentRow:
    """A delay, an anchor (the real start) or a skip, with who made it and when."""

    seq: int
    kind: str
    seconds: float
    position: str | None
    cue_id: str | None
    made_at: datetime
    source: str
    forced: bool = False  # a negative delay allowed to pull a published start early (`--allow-early`)


@dataclass
class LedgerData:
    """Everything the report needs from the ledger."""

    firings: dict[str, FiringRow] = field(default_factory=dict)
    adjustments: list[AdjustmentRow] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def read_ledger(state_dir: Path) -> LedgerData:
    """The ledger of `state_dir`; an OperationalError naming the file if it is missing or not a ledger."""
    path = state_dir / LEDGER_FILE
    if not path.is_file():
        raise OperationalError(f"no runner ledger at {path}: run (or rehearse) the event first")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise OperationalError(f"cannot open the runner ledger {path}: {exc}") from None
    try:
        return LedgerData(_firings(db), _adjustments(db), _meta(db))
    except (sqlite3.Error, ValueError, KeyError) as exc:
        raise OperationalError(f"the runner ledger {path} is damaged or not a ledger: {exc}") from None
    finally:
        db.close()


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _select(db: sqlite3.Connection, table: str, wanted: tuple[str, ...], order: str) -> list[dict[str, Any]]:
    have = _columns(db, table)
    if not have:
        return []
    cols = [c for c in wanted if c in have]
    rows = db.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}").fetchall()
    return [dict(zip(cols, r, strict=True)) for r in rows]


def _firings(db: sqlite3.Connection) -> dict[str, FiringRow]:
    wanted = ("cue_id", "planned", "effective", "fired_at", "status", "note", "outcome")
    out: dict[str, FiringRow] = {}
    for r in _select(db, "firings", wanted, "fired_at, rowid"):
        outcome = r.get("outcome")
        out[r["cue_id"]] = FiringRow(
            r["cue_id"], datetime.fromisoformat(r["planned"]), datetime.fromisoformat(r["effective"]),
            datetime.fromisoformat(r["fired_at"]), r["status"], r.get("note"),
            json.loads(outcome) if outcome else None,
        )
    return out


def _adjustments(db: sqlite3.Connection) -> list[AdjustmentRow]:
    wanted = ("seq", "kind", "seconds", "position", "cue_id", "made_at", "source", "forced")
    return [
        AdjustmentRow(int(r["seq"]), r["kind"], float(r.get("seconds") or 0.0), r.get("position"), r.get("cue_id"),
                      datetime.fromisoformat(r["made_at"]), r.get("source") or "", bool(r.get("forced")))
        for r in _select(db, "adjustments", wanted, "seq")
    ]


def _meta(db: sqlite3.Connection) -> dict[str, Any]:
    if not _columns(db, "meta"):
        return {}
    return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
