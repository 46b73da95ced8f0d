"""One runner per state directory: an exclusive `fcntl.flock` on `runner.lock`."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from zoomops.common.diagnostics import OperationalError

LOCK_FILE = "runner.lock"


class RunnerBusy(OperationalError):
    """Another runner already holds this state directory."""


class InstanceLock:
    """Held for the runner's lifetime; the kernel releases it if the process dies."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOCK_FILE
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        fh = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            fh.close()
            raise RunnerBusy(
                f"another zoomops runner (pid {holder}) is already running on {self.path.parent}; "
                "stop it first, or use `zoomops delay/next/skip` to talk to it"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
