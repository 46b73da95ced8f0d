"""Faults inside the runner, driven by a FakeClock: a crash between claim and settle, a ledger that cannot be
written, deleted, replaced or damaged, a second runner for the same event."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from zoomops.common.clock import FakeClock
from zoomops.common.diagnostics import OperationalError
from zoomops.runner.actions import LiveState, RecordingExecutor
from zoomops.runner.engine import Runner
from zoomops.runner.ledger import LEDGER_FILE, Ledger
from zoomops.runner.lock import RunnerBusy
from zoomops.runner.notify import MemoryNotifier
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues

FULL = "database or disk is full"


def z(hhmm: str, day: int = 6, sec: int = 0) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2022, 9, day, int(h), int(m), sec, tzinfo=UTC)


class Rig:
    def __init__(self, schedule: Schedule, state: Path, at: datetime, executor: RecordingExecutor | None = None,
                 **kw: Any) -> None:
        self.clock = FakeClock(at)
        self.executor = executor or RecordingExecutor()
        self.notes = MemoryNotifier()
        self.runner = Runner(schedule, state, self.clock, self.executor, self.notes, threaded=False, **kw)

    def cue_events(self, **match: Any) -> list[dict[str, Any]]:
        return [e for e in self.notes.events if e["type"] == "cue" and all(e.get(k) == v for k, v in match.items())]

    def runs(self, state: str) -> list[dict[str, Any]]:
        return [e for e in self.notes.events if e["type"] == "run" and e["state"] == state]


def file_rows(state: Path) -> dict[str, str]:
    with sqlite3.connect(state / LEDGER_FILE) as db:
        return dict(db.execute("SELECT cue_id, status FROM firings").fetchall())


def crashed_ledger(schedule: Schedule, state: Path, cue: str, action: str, *, sending: bool,
                   announced: bool) -> None:
    """What a SIGKILL leaves behind at a given point of claim -> announce -> send -> settle of `cue`'s action,
    after a run that went well up to then."""
    at = next(c.at for c in compile_cues(schedule) if c.id == cue)
    rig = Rig(schedule, state, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(at - timedelta(seconds=1))
    rig.runner.stop()
    ledger = Ledger.in_dir(state)
    ledger.claim(cue, at, at, at, "fired", action=action)
    if announced:
        ledger.announced(cue, at)
    if sending:
        ledger.sending(cue, at)
    ledger.close()


def test_crash_before_the_request_sends_it_once_and_reannounces(tiny: Schedule, tmp_path: Path) -> None:
    crashed_ledger(tiny, tmp_path, "close", "end_webinar", sending=False, announced=False)
    rig = Rig(tiny, tmp_path, z("00:20", sec=30), RecordingExecutor(state=LiveState("ended")))
    rig.runner.start()
    assert rig.executor.calls == [("close", "end_webinar")]  # never sent: sent now, whatever Zoom shows
    [late] = rig.cue_events(cue="close")
    assert late["late"] is True and late["status"] == "fired" and late["lateness_ms"] == 30_000
    assert late["note"] == "re-delivered after a restart: claimed at 09:20:00"
    assert [e["summary"] for e in rig.runs("redelivered")] == [
        "1 announcement(s) claimed before a crash re-delivered late: close"]
    assert rig.runner.report()["actions"]["close"] == {"status": "ok", "detail": ""}
    rig.runner.stop()
    assert Ledger.in_dir(tmp_path).unannounced() == []  # the marks reach the file at the latest on stop


def test_crash_while_sending_zoom_shows_it_done_so_it_is_not_resent(tiny: Schedule, tmp_path: Path) -> None:
    crashed_ledger(tiny, tmp_path, "close", "end_webinar", sending=True, announced=True)
    rig = Rig(tiny, tmp_path, z("00:20", sec=30), RecordingExecutor(state=LiveState("ended", "stopped")))
    rig.runner.start()
    assert rig.executor.calls == [] and rig.cue_events(cue="close") == []  # announced before the crash
    [action] = [e for e in rig.notes.events if e["type"] == "action"]
    assert action == {"type": "action", "cue": "close", "action": "end_webinar", "reconciled": True, "outcome": {
        "status": "ok", "detail": "reconciled after a restart: Zoom already shows webinar ended; not sent again"}}
    assert [e["summary"] for e in rig.runs("reconciled")] == [
        "1 Zoom action(s) left open by a crash reconciled with Zoom: close (sending)"]
    rig.runner.stop()


@pytest.mark.parametrize("state", [LiveState("started", "started", "paused"), None])
def test_crash_while_sending_zoom_not_done_or_cannot_say_sends_it(tiny: Schedule, tmp_path: Path,
                                                                   state: LiveState | None) -> None:
    crashed_ledger(tiny, tmp_path, "b01.recording-resume", "recording_resume", sending=True, announced=True)
    rig = Rig(tiny, tmp_path, z("00:15", sec=10), RecordingExecutor(state=state))
    rig.runner.start()
    assert rig.executor.calls == [("b01.recording-resume", "recording_resume")]
    rig.runner.advance_to(z("01:00"))
    assert rig.executor.calls.count(("b01.recording-resume", "recording_resume")) == 1
    assert Ledger.in_dir(tmp_path).unsettled() == []
    rig.runner.stop()


def test_every_action_settles_with_its_steps_in_the_ledger(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("01:00"))
    actions = Ledger.in_dir(tmp_path).actions()
    assert {cid: (a.action, a.state) for cid, a in actions.items()} == {
        "preflight": ("preflight", "settled"), "b01.recording-pause": ("recording_pause", "settled"),
        "b01.recording-resume": ("recording_resume", "settled"), "close": ("end_webinar", "settled")}
    assert [c for c, _ in rig.executor.calls] == list(actions)
    rig.runner.stop()


class DiskFull:
    """Makes the ledger's file writes fail like a full disk (memory keeps working) until `fixed`."""

    def __init__(self, ledger: Ledger) -> None:
        self.fixed = False
        self.failures = 0
        self._write, self._copy = ledger._file_write, ledger._file_copy
        ledger._file_write = self.write  # type: ignore[method-assign]
        ledger._file_copy = self.copy  # type: ignore[method-assign]

    def write(self, writes: Sequence[Any]) -> None:
        if not self.fixed:
            self.failures += 1
            raise sqlite3.OperationalError(FULL)
        self._write(writes)

    def copy(self) -> None:
        if not self.fixed:
            raise sqlite3.OperationalError(FULL)
        self._copy()


def test_disk_full_announces_every_cue_from_memory_and_records_them_once_it_recovers(
        tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:03"))
    assert rig.runner.ledger is not None
    disk = DiskFull(rig.runner.ledger)
    before = set(file_rows(tmp_path))
    rig.runner.advance_to(z("00:12"))
    [degraded] = rig.runs("degraded")
    assert degraded["reason"] == f"{tmp_path / LEDGER_FILE} cannot be written: {FULL}"
    assert degraded["summary"].startswith(f"DEGRADED: {tmp_path / LEDGER_FILE} cannot be written: {FULL}. Cues go on")
    assert rig.runner.status()["degraded"]["reason"] == degraded["reason"]
    due = [c.id for c in compile_cues(tiny) if z("00:03") < c.at <= z("00:12")]
    assert [e["cue"] for e in rig.cue_events(status="fired") if e["cue"] in due] == due  # all announced
    assert ("b01.recording-pause", "recording_pause") in rig.executor.calls
    assert set(file_rows(tmp_path)) == before  # nothing reached the file
    disk.fixed = True
    rig.runner.advance_to(z("00:12", sec=3))  # the next try, 2 s (wall) later
    [recovered] = rig.runs("recovered")
    assert recovered["summary"] == "ledger up to date again: everything since 2022-09-06T00:04:00+00:00 is recorded"
    assert file_rows(tmp_path) == {cid: f.status for cid, f in rig.runner.ledger.firings().items()}
    assert rig.runner.status()["degraded"] is None
    rig.runner.advance_to(z("01:00"))
    rig.runner.stop()
    assert len(file_rows(tmp_path)) == len(compile_cues(tiny))


def test_a_ledger_still_behind_at_stop_loses_only_what_could_not_be_written(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:03"))
    assert rig.runner.ledger is not None
    DiskFull(rig.runner.ledger)
    rig.runner.advance_to(z("01:00"))
    assert rig.runner.finished and len(rig.cue_events(status="fired")) == len(compile_cues(tiny))
    rig.runner.stop()  # still full: the file keeps what it had, and says nothing false


def test_a_ledger_deleted_under_the_runner_is_noticed_and_recreated_from_memory(
        tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:05"))
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / (LEDGER_FILE + suffix)).unlink(missing_ok=True)
    rig.runner.run_pending()
    [degraded] = rig.runs("degraded")
    assert degraded["reason"] == f"{tmp_path / LEDGER_FILE} was deleted under the runner"
    assert len(rig.runs("recovered")) == 1  # recreated at once from memory
    memory = {cid: f.status for cid, f in rig.runner.ledger.firings().items()}  # type: ignore[union-attr]
    assert file_rows(tmp_path) == memory and len(memory) > 5
    rig.runner.stop()
    replay = Rig(tiny, tmp_path, z("00:05", sec=1))  # a restart fires nothing twice
    replay.runner.start()
    assert [e["cue"] for e in replay.cue_events(status="fired")] == []
    replay.runner.stop()


def test_a_ledger_replaced_under_the_runner_is_left_alone_and_reported(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    rig.runner.start()
    rig.runner.advance_to(z("00:05"))
    other = tmp_path / "other"
    other.mkdir()
    Ledger.in_dir(other).close()
    os.replace(other / LEDGER_FILE, tmp_path / LEDGER_FILE)
    for suffix in ("-wal", "-shm"):  # the old file's journal would be read into the new one otherwise
        (tmp_path / (LEDGER_FILE + suffix)).unlink(missing_ok=True)
    rig.runner.advance_to(z("00:12"))
    [degraded] = rig.runs("degraded")
    assert degraded["reason"] == f"{tmp_path / LEDGER_FILE} was replaced by another file under the runner"
    assert rig.runs("recovered") == [] and file_rows(tmp_path) == {}  # the replacement is not overwritten
    assert len(rig.cue_events(status="fired")) == len([c for c in compile_cues(tiny) if c.at <= z("00:12")])
    rig.runner.stop()


def test_a_damaged_ledger_at_start_is_one_clear_error(tiny: Schedule, tmp_path: Path) -> None:
    (tmp_path / LEDGER_FILE).write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    for _ in range(2):  # the locks are released: the same answer again, not "another runner"
        rig = Rig(tiny, tmp_path, z("23:50", day=5))
        with pytest.raises(OperationalError) as err:
            rig.runner.start()
        assert type(err.value) is OperationalError
        assert str(err.value).startswith(f"{tmp_path / LEDGER_FILE} is damaged (not a SQLite database): move it aside")


def test_one_runner_per_event_whatever_the_state_directory(tiny: Schedule, tmp_path: Path) -> None:
    locks = tmp_path / "locks"
    locks.mkdir()
    one = Rig(tiny, tmp_path / "a", z("23:50", day=5), account="acct-1", lock_dir=locks)
    one.runner.start()
    two = Rig(tiny, tmp_path / "b", z("23:50", day=5), account="acct-1", lock_dir=locks)
    with pytest.raises(RunnerBusy) as err:
        two.runner.start()
    assert f"pid {os.getpid()}, state in {tmp_path / 'a'}) is already running event tiny-forum" in str(err.value)
    other_account = Rig(tiny, tmp_path / "c", z("23:50", day=5), account="acct-2", lock_dir=locks)
    other_account.runner.start()  # another Zoom account: another event as far as Zoom is concerned
    other_account.runner.stop()
    one.runner.stop()
    two.runner.start()
    two.runner.stop()
    shutil.rmtree(locks)
