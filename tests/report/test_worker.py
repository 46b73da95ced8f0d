"""The service's report writer: the same files as `zoomops report`, rendered in a child process that is replaced
when it dies."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.report.conftest import ForumRun, kst
from zoomops.report.make import make_report
from zoomops.report.worker import ReportFailed, ReportWorker


@pytest.fixture
def worker() -> Iterator[ReportWorker]:
    w = ReportWorker(timeout=120)
    yield w
    w.close()


def _child(worker: ReportWorker) -> object:
    processes = list(getattr(worker._pool, "_processes", {}).values())
    assert len(processes) == 1
    return processes[0]


def test_the_child_writes_exactly_the_files_of_zoomops_report(forum_run: ForumRun, tmp_path: Path,
                                                             worker: ReportWorker) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    _report, expected = make_report(forum_run.schedule, forum_run.state, here, now=kst(15, 0), zoom=None,
                                    zoom_absent="no webinar")
    written = worker.write(forum_run.schedule, forum_run.state, there, now=kst(15, 0), zoom=None,
                           zoom_absent="no webinar")
    assert [p.relative_to(there) for p in written] == [p.relative_to(here) for p in expected]
    for mine, theirs in zip(written, expected, strict=True):
        assert mine.read_bytes() == theirs.read_bytes(), mine.name
    assert _child(worker).pid != os.getpid()  # type: ignore[attr-defined]


def test_a_child_killed_while_idle_is_replaced(forum_run: ForumRun, tmp_path: Path, worker: ReportWorker) -> None:
    worker.write(forum_run.schedule, forum_run.state, tmp_path / "one", now=kst(15, 0), zoom=None)
    first = _child(worker)
    first.kill()  # type: ignore[attr-defined]  # the OOM killer, say
    first.join(10)  # type: ignore[attr-defined]
    written = worker.write(forum_run.schedule, forum_run.state, tmp_path / "two", now=kst(15, 0), zoom=None)
    assert (tmp_path / "two" / "report.html") in written
    assert _child(worker).pid != first.pid  # type: ignore[attr-defined]


def test_a_child_that_hangs_is_killed_and_the_report_fails(forum_run: ForumRun, tmp_path: Path) -> None:
    worker = ReportWorker(timeout=0.001)  # no report renders in a millisecond: it counts as hung
    try:
        with pytest.raises(ReportFailed, match=r"did not answer in 0\.001 s"):
            worker.write(forum_run.schedule, forum_run.state, tmp_path / "one", now=kst(15, 0), zoom=None)
        assert worker._pool is None  # the next report starts a new child
    finally:
        worker.close()


PARENT = """
import os, sys
from zoomops.report.worker import ReportWorker
worker = ReportWorker()
print(worker._started().submit(os.getpid).result(60), flush=True)
sys.stdin.read()
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # exited (a zombie until whoever adopted it reaps it)


def test_the_child_exits_when_its_parent_is_killed_outright() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert child != parent.pid and not _gone(child)
        parent.kill()  # SIGKILL: no chance to stop its pool
        parent.wait(10)
        for _ in range(200):  # it looks every second: give it up to 20
            if _gone(child):
                break
            time.sleep(0.1)
        assert _gone(child)
    finally:
        parent.kill()
