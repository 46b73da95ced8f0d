"""A lane runs its calls one at a time, in order; lanes on one pool do not wait for each other's calls."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from zoomops.runner.lanes import Lane


def test_a_lane_runs_its_calls_in_order_one_at_a_time() -> None:
    pool = ThreadPoolExecutor(max_workers=4)
    lane = Lane(pool)
    gate = threading.Event()
    seen: list[int] = []
    running = [0]
    most = [0]

    def call(n: int) -> int:
        running[0] += 1
        most[0] = max(most[0], running[0])
        if n == 0:
            gate.wait(10)
        seen.append(n)
        running[0] -= 1
        return n * 10

    futures = [lane.submit(call, n) for n in range(20)]
    gate.set()
    assert [f.result(10) for f in futures] == [n * 10 for n in range(20)]
    assert seen == list(range(20)) and most[0] == 1
    pool.shutdown()


def test_a_blocked_lane_does_not_hold_up_another() -> None:
    pool = ThreadPoolExecutor(max_workers=2)
    slow, quick = Lane(pool), Lane(pool)
    gate = threading.Event()
    blocked = slow.submit(gate.wait, 10)
    queued_behind = slow.submit(lambda: "after the block")
    assert quick.submit(lambda: "done").result(10) == "done"  # while `slow` is still blocked
    assert not blocked.done() and not queued_behind.done()
    gate.set()
    assert queued_behind.result(10) == "after the block"
    pool.shutdown()


def test_run_here_works_the_lane_on_the_calling_thread_or_leaves_it_to_the_one_working_it() -> None:
    lane = Lane()
    order: list[str] = []
    threads: set[str] = set()

    def outer() -> None:
        threads.add(threading.current_thread().name)
        lane.run_here(inner)  # the lane is being worked (by this thread): queued, run after outer returns
        order.append("outer")

    def inner() -> None:
        threads.add(threading.current_thread().name)
        order.append("inner")

    lane.run_here(outer)
    assert order == ["outer", "inner"] and threads == {threading.current_thread().name}


def test_an_error_stays_in_its_call_and_the_lane_goes_on() -> None:
    pool = ThreadPoolExecutor(max_workers=1)
    lane = Lane(pool)
    failing = lane.submit(lambda: 1 / 0)
    assert lane.submit(lambda: "next").result(10) == "next"
    with pytest.raises(ZeroDivisionError):
        failing.result(0)
    pool.shutdown()


def test_shutdown_waits_for_what_is_queued_then_refuses_more() -> None:
    pool = ThreadPoolExecutor(max_workers=1)
    lane = Lane(pool)
    gate = threading.Event()
    done: list[int] = []
    lane.submit(gate.wait, 10)
    lane.submit(done.append, 1)
    threading.Timer(0.05, gate.set).start()
    lane.shutdown(wait=True)
    assert done == [1]
    with pytest.raises(RuntimeError):
        lane.submit(done.append, 2)
    pool.shutdown()


def test_a_failing_call_run_here_does_not_stop_the_lane(caplog: pytest.LogCaptureFixture) -> None:
    lane = Lane()
    ran: list[str] = []
    lane.run_here(lambda: 1 / 0)
    lane.run_here(ran.append, "next")
    assert ran == ["next"] and "a call in a lane failed" in caplog.text
