"""Reports rendered in a child process, for a process whose threads fire cues (`zoomops serve`).

Reading the ledger, building, drawing (matplotlib) and rendering one report takes about 0.4 s of CPU, all of it
holding the interpreter lock: on the fleet bench (40 events a day, 1000x), py-spy --gil found report writing in
40 % of the samples where the lock was held, the largest share, while the live events' cues waited for it. Here
Zoom is still asked in the calling process (its one paced client, its rate-limit budget); the child gets the
schedule, the state directory and Zoom's records, and writes the files. One child, started on first use
(spawn: nothing of the parent's threads or locks is inherited) and kept. A child that dies (killed while idle,
or during a report) is replaced and the report rendered again, once; a second death, or a child that hangs
(killed), fails the report with `ReportFailed` (the service tries again later). The child exits by itself
within a second of its parent being killed outright.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from zoomops.common.diagnostics import OperationalError
from zoomops.report.make import ZoomSource, fetch, render_report
from zoomops.report.zoomdata import ZoomData
from zoomops.show.model import Schedule

PARENT_CHECK_SECONDS = 1.0  # how often the child looks whether its parent is still there
TIMEOUT_SECONDS = 300.0  # a report that takes longer is given up (the service tries again later)


class ReportFailed(OperationalError):
    """The child process died or did not answer in time; nothing is known to be written."""


class ReportWorker:
    """Writes reports in one child process; `close()` stops it."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def write(self, schedule: Schedule, state_dir: Path, out_dir: Path, *, now: datetime, zoom: ZoomSource | None,
              zoom_absent: str | None = None) -> list[Path]:
        """Ask Zoom here, render in the child; the files written. A child that dies is replaced and the report
        rendered once more (writing the files again is harmless); a second death, or a hang, is `ReportFailed`."""
        job = _Job(schedule, state_dir, out_dir, now, fetch(zoom), zoom_absent)
        for attempt in (1, 2):
            pool = self._started()
            try:
                return pool.submit(_render, job).result(self.timeout)
            except BrokenProcessPool as exc:  # at submit (found dead) or while it ran
                self._discard(pool)
                if attempt == 2:
                    raise ReportFailed("the report's child process died twice") from exc
            except TimeoutError as exc:
                self._discard(pool)
                raise ReportFailed(f"the report's child process did not answer in {self.timeout:g} s") from exc
        raise AssertionError("unreachable")

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            spawn = multiprocessing.get_context("spawn")
            self._pool = self._pool or ProcessPoolExecutor(max_workers=1, mp_context=spawn, initializer=_watch_parent,
                                                           initargs=(os.getpid(),))
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        """Forget a pool whose child died or hangs; a hung child is killed (the executor has no public way)."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _watch_parent(parent: int) -> None:
    """In the child: exit once the parent is gone. A parent killed outright (SIGKILL, OOM) cannot stop its child,
    and the child, waiting on a queue whose other end it holds itself, would never notice."""
    threading.Thread(target=_exit_when_orphaned, args=(parent,), name="zoomops-report-parent", daemon=True).start()


def _exit_when_orphaned(parent: int, every: float = PARENT_CHECK_SECONDS) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


@dataclass(frozen=True)
class _Job:
    """One report, as the child gets it (pickled)."""

    schedule: Schedule
    state_dir: Path
    out_dir: Path
    now: datetime
    data: ZoomData | None
    zoom_absent: str | None


def _render(job: _Job) -> list[Path]:
    """In the child: the report's files (the Report itself stays there)."""
    return render_report(job.schedule, job.state_dir, job.out_dir, now=job.now, data=job.data,
                         zoom_absent=job.zoom_absent)[1]
