"""One runner per event and per state directory: exclusive `fcntl.flock`s the kernel releases if the process dies.

`EventLock` is keyed by the Zoom account and the event id (a hash names a file in a per-user runtime
directory), so a second runner for the same event is refused whatever its state directory; `InstanceLock`
guards the state directory itself (its ledger).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import IO

from zoomops.common.diagnostics import OperationalError

LOCK_FILE = "runner.lock"


class RunnerBusy(OperationalError):
    """Another runner already holds this state directory or this event."""


def runtime_dir() -> Path:
    """Where per-user locks live: `<temp dir>/zoomops-<uid>` (TMPDIR is honoured), owner-only."""
    path = Path(tempfile.gettempdir()) / f"zoomops-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


class _FileLock:
    """An exclusive, non-blocking flock on one file, holding a JSON note about its holder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def try_acquire(self, note: dict[str, object]) -> dict[str, object] | None:
        """None when acquired (the note is written), else what the holder wrote."""
        if self._fh is not None:
            return None
        fh = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            text = fh.read().strip()
            fh.close()
            return _holder(text)
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(note))
        fh.flush()
        self._fh = fh
        return None

    def release(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


def _holder(text: str) -> dict[str, object]:
    try:
        data = json.loads(text)
    except ValueError:
        return {"pid": text or "?"}  # a lock file written by an older zoomops: just the pid
    return data if isinstance(data, dict) else {"pid": "?"}


class InstanceLock:
    """Held for the runner's lifetime on `<state dir>/runner.lock`."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOCK_FILE
        self._lock = _FileLock(self.path)

    def acquire(self) -> None:
        holder = self._lock.try_acquire({"pid": os.getpid()})
        if holder is not None:
            raise RunnerBusy(
                f"another zoomops runner (pid {holder.get('pid', '?')}) is already running on {self.path.parent}; "
                "stop it first, or use `zoomops delay/next/skip` to talk to it"
            )

    def release(self) -> None:
        self._lock.release()


class EventLock:
    """Held for the runner's lifetime: one per (Zoom account, event id), whatever the state directory."""

    def __init__(self, event_id: str, account: str, state_dir: Path, lock_dir: Path | None = None) -> None:
        self.event_id = event_id
        self.state_dir = state_dir
        key = hashlib.sha256(f"{account}\x00{event_id}".encode()).hexdigest()[:24]
        self.path = (lock_dir or runtime_dir()) / f"event-{key}.lock"
        self._lock = _FileLock(self.path)

    def acquire(self) -> None:
        holder = self._lock.try_acquire({"pid": os.getpid(), "event": self.event_id, "state_dir": str(self.state_dir)})
        if holder is not None:
            raise RunnerBusy(
                f"another zoomops runner (pid {holder.get('pid', '?')}, state in {holder.get('state_dir', '?')}) "
                f"is already running event {self.event_id} on this Zoom account; two runners would send every "
                "Zoom action twice: stop it first, or use `zoomops delay/next/skip` to talk to it"
            )

    def release(self) -> None:
        self._lock.release()
