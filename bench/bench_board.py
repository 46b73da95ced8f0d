"""Board bench: SSE viewers of the live board during a 500 events x 40 cues run, side by side with the same run
without viewers (and without the server).

.venv/bin/python bench/bench_board.py [--viewers 1000] [--window 10] [--events 500] [--cues 40] [--rounds 1]

The runner, its server and the board run in this process (as in `zoomops run`), the server hands each viewer's
stream to the board's relay (a child process, `zoomops/board/relay.py`); the viewers are asyncio clients in a
separate process (so they do not share this one's GIL), each decoding its own event stream (only the head of
each message is parsed, to keep the client cheap on a machine it shares with the server). For
each run: cue lateness (actual - effective, real APScheduler and clock), and with viewers: how many connected
and how fast, whether every viewer received every update in order (no gap in `seq`, the last one equal to the
board's last), and the update delay (from the first runner event of a burst to a viewer's receipt); the CPU
time of the runner's process, the relay and the viewers' process, and the load average beside each run.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_runner import FORUM, GcProbe, LatenessProbe, synthetic  # noqa: E402

from zoomops.board.hub import BoardHub  # noqa: E402
from zoomops.board.web import bind  # noqa: E402
from zoomops.common.clock import SystemClock  # noqa: E402
from zoomops.common.gcpolicy import HeapPolicy  # noqa: E402
from zoomops.common.switching import LIVE_SWITCH_SECONDS  # noqa: E402
from zoomops.runner.actions import NoActions  # noqa: E402
from zoomops.runner.engine import Runner  # noqa: E402
from zoomops.runner.notify import FanOut  # noqa: E402
from zoomops.schedule.loader import load_schedule  # noqa: E402

CPYTHON_SWITCH_SECONDS = 0.005  # CPython's default switch interval
LEAD = 8.0  # seconds from now to the first cue (the runner starts meanwhile, as in bench_runner)
CONNECTING = 2.0  # seconds from the first cue: lateness is also reported for this part and the rest apart
CLIENT_START = 1.0  # the viewers' process is launched this long before the first cue: they connect as cues fire


# ---------------------------------------------------------------- the runner's side
def run(viewers: int, window: float, events: int, per_event: int, serve: bool, client_nice: int = 0,
        heap: HeapPolicy | None = None) -> dict[str, Any]:
    """One run of `events` x `per_event` cues over `window` seconds; with the server and `viewers` viewers; with
    `heap`, the collector's policy applied where `zoomops run` applies it (app/live.py) and its switch interval."""
    gc.unfreeze()  # each run starts from CPython's default (a frozen heap of an earlier run would hide its objects)
    sys.setswitchinterval(LIVE_SWITCH_SECONDS if heap is not None else CPYTHON_SWITCH_SECONDS)
    with GcProbe() as probe_gc:
        result = _run(viewers, window, events, per_event, serve, client_nice, heap)
    result["gc"] = probe_gc.pauses
    return result


def _run(viewers: int, window: float, events: int, per_event: int, serve: bool, client_nice: int,
         heap: HeapPolicy | None) -> dict[str, Any]:
    schedule = load_schedule(FORUM).schedule
    with tempfile.TemporaryDirectory() as tmp:
        cpu_start = os.times()
        cpu_before = cpu_start.user + cpu_start.system
        first = time.monotonic() + LEAD
        cues = synthetic(events, per_event, SystemClock().now() + timedelta(seconds=LEAD), window)
        probe = LatenessProbe(len(cues))
        hub = BoardHub()
        targets = (probe, hub) if serve else (probe,)
        runner = Runner(schedule, Path(tmp), SystemClock(), NoActions(), FanOut(*targets), cues=cues, gap_list=[])
        server = board = None
        if serve:
            server, board = bind(runner, schedule, Path(tmp), runner.clock, hub=hub, port=0)
        if heap is not None:
            heap.settle()
        runner.start()
        client = None
        if server is not None and board is not None:
            server.start()
        if heap is not None:
            heap.settle()
        if server is not None and board is not None and viewers:
            time.sleep(max(0.0, first - CLIENT_START - time.monotonic()))
            url = board.urls()["view"].replace("/board?", "/board/events?")
            client = subprocess.Popen(
                [sys.executable, __file__, "--client", url, "--viewers", str(viewers),
                 "--client-nice", str(client_nice), "--timeout", str(LEAD + window + 40)],
                stdout=subprocess.PIPE, text=True,
            )
        probe.done.wait(LEAD + window + 60)
        cpu = os.times()
        result: dict[str, Any] = {
            "lateness": _percentiles(probe.lateness_ms), "missed": probe.missed, "load": os.getloadavg()[0],
            # the cues are evenly spread and recorded in firing order: the first CONNECTING s are when viewers connect
            "early": _percentiles(probe.lateness_ms[: int(len(probe.lateness_ms) * CONNECTING / window)]),
            "later": _percentiles(probe.lateness_ms[int(len(probe.lateness_ms) * CONNECTING / window) :]),
            "cpu": round(cpu.user + cpu.system - cpu_before, 2),
        }
        if client is not None:
            out, _ = client.communicate(timeout=LEAD + window + 60)
            result["viewers"] = json.loads(out)
        if server is not None:
            server.stop()  # then the relay has exited and reported what it dropped
            result["final_seq"] = hub.seq
            result["published"] = hub.published
            result["dropped"] = hub.dropped
            result["relay_cpu"] = hub.relay.stats.get("cpu_seconds") if hub.relay is not None else None
        runner.stop()
    return result


def _percentiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    if not values:
        return {"n": 0, "p50": 0.0, "p99": 0.0, "max": 0.0}
    q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
    return {"n": len(values), "p50": statistics.median(values), "p99": q[98], "max": values[-1]}


# ---------------------------------------------------------------- the viewers' side (a separate process)
class Viewer:
    def __init__(self) -> None:
        self.connected_after: float | None = None
        self.first_seq: int | None = None
        self.last_seq: int | None = None
        self.gaps = 0
        self.updates = 0
        self.delays: list[float] = []
        self.finished = False
        self.error: str | None = None


class Stream(asyncio.Protocol):
    """One viewer's connection: the GET, the HTTP head, then HTTP chunks holding SSE events, decoded as the
    bytes arrive (no coroutine step per message: with a thousand viewers the client must stay cheap)."""

    def __init__(self, viewer: Viewer, started: float, request: bytes, done: asyncio.Future[None]) -> None:
        self.viewer, self.started, self.request, self.done = viewer, started, request, done
        self.buffer = b""
        self.events = b""
        self.head_seen = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.head_seen:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not self.buffer.startswith(b"HTTP/1.1 200"):
                self._stop(self.buffer.split(b"\r\n", 1)[0].decode(errors="replace"))
                return
            self.buffer, self.head_seen = self.buffer[end + 4 :], True
        while (line := self.buffer.find(b"\r\n")) >= 0:
            size = int(self.buffer[:line], 16)
            if size == 0:
                self._stop(None)
                return
            if len(self.buffer) < line + size + 4:
                break
            self.events += self.buffer[line + 2 : line + 2 + size]
            self.buffer = self.buffer[line + size + 4 :]
        while (sep := self.events.find(b"\n\n")) >= 0:
            on_event(self.events[:sep], self.viewer, self.started)
            self.events = self.events[sep + 2 :]
        if self.viewer.finished:
            self._stop(None)

    def _stop(self, error: str | None) -> None:
        if error is not None:
            self.viewer.error = error
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.viewer.finished and self.viewer.error is None:
            self.viewer.error = type(exc).__name__ if exc is not None else "closed before the end"
        if not self.done.done():
            self.done.set_result(None)


async def watch(url: str, viewer: Viewer, started: float) -> None:
    """One viewer: GET the event stream and read it until the run ends."""
    rest = url.split("://", 1)[1]
    hostport, path = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    request = f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nAccept: text/event-stream\r\n\r\n".encode()
    try:
        await loop.create_connection(lambda: Stream(viewer, started, request, done), host, int(port))
    except OSError as exc:
        viewer.error = f"connect: {exc}"
        return
    await done


HEAD = re.compile(rb'^\{"seq": (\d+), "t": ([0-9.e+-]+)')  # the hub puts seq and t first in every message


def on_event(raw: bytes, viewer: Viewer, started: float) -> None:
    """One event: the state (on connect) or a patch; ticks are only counted as bytes. Only the head of a
    message is parsed (seq, t) and the end is found by a byte search: the client stays cheap, so that it
    takes as little of the machine's two cores from the server as it can."""
    name, _, data = raw.partition(b"\ndata: ")
    if not (name.endswith(b"event: patch") or name.endswith(b"event: state")):
        return  # retry, hello, tick
    head = HEAD.match(data)
    if head is None:
        viewer.error = "message without seq and t"
        return
    seq = int(head[1])
    ended = b'"finished": true' in data
    if name.endswith(b"event: state"):
        viewer.connected_after = time.monotonic() - started
        viewer.first_seq = viewer.last_seq = seq
        viewer.finished = ended
    else:
        if viewer.last_seq is not None and seq != viewer.last_seq + 1:
            viewer.gaps += 1
        viewer.last_seq = seq
        viewer.updates += 1
        viewer.delays.append(time.time() - float(head[2]))
        viewer.finished = viewer.finished or ended


async def viewers_main(url: str, count: int, timeout: float) -> dict[str, Any]:
    started = time.monotonic()
    viewers = [Viewer() for _ in range(count)]
    tasks = [asyncio.create_task(watch(url, v, started)) for v in viewers]
    _done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    connected = [v for v in viewers if v.connected_after is not None]
    delays = [d * 1000 for v in viewers for d in v.delays]
    return {
        "viewers": count,
        "connected": len(connected),
        "connect_max_s": max((v.connected_after or 0.0 for v in connected), default=None),
        "finished": sum(1 for v in viewers if v.finished),
        "with_gaps": sum(1 for v in viewers if v.gaps),
        "last_seqs": sorted({v.last_seq for v in viewers if v.last_seq is not None}),
        "updates_per_viewer": sorted({v.updates for v in viewers}),
        "errors": sorted({v.error for v in viewers if v.error}),
        "delay_ms": _percentiles(delays),
        "timed_out": len(pending),
        "cpu": round(sum(os.times()[:2]), 2),
    }


# ---------------------------------------------------------------- report
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--window", type=float, default=10.0, help="seconds the cues are spread over")
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--cues", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=1, help="repeat the three runs, side by side, this often")
    parser.add_argument("--client-nice", type=int, default=0,
                        help="niceness of the viewers' process (a diagnostic: real viewers are not on this machine)")
    parser.add_argument("--process", choices=("zoomops", "cpython"), default="zoomops",
                        help="zoomops: the collector's policy and switch interval of `zoomops run` "
                             "(common/gcpolicy.py, common/switching.py); cpython: CPython's defaults")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        os.nice(args.client_nice)
        print(json.dumps(asyncio.run(viewers_main(args.client, args.viewers, args.timeout))))
        return
    runs: list[tuple[str, dict[str, Any]]] = []
    heap = HeapPolicy() if args.process == "zoomops" else None
    for n in range(1, args.rounds + 1):  # the three side by side, round after round (the machine is shared)
        tag = f" #{n}" if args.rounds > 1 else ""
        runs.append((f"runner alone (no server){tag}", run(0, args.window, args.events, args.cues, False, heap=heap)))
        runs.append((f"server and board, no viewer{tag}",
                     run(0, args.window, args.events, args.cues, True, heap=heap)))
        runs.append((f"server and board, {args.viewers} viewers{tag}",
                     run(args.viewers, args.window, args.events, args.cues, True, args.client_nice, heap)))
    report(runs, args)


def report(runs: list[tuple[str, dict[str, Any]]], args: argparse.Namespace) -> None:
    total = args.events * args.cues
    print(f"{args.events} events x {args.cues} cues = {total} cues over {args.window:g} s "
          f"({total / args.window:.0f} cues/s); cue lateness in ms, actual - effective"
          + (f"; the viewers' process at niceness {args.client_nice}" if args.client_nice else ""))
    print(f"{'run':<39} {'fired':>6} {'missed':>6} {'p50':>7} {'p99':>7} {'max':>7} {'CPU s':>6} {'load':>5}")
    for label, r in runs:
        lat = r["lateness"]
        print(f"{label:<39} {lat['n']:>6} {r['missed']:>6} {lat['p50']:>7.2f} {lat['p99']:>7.2f} {lat['max']:>7.2f} "
              f"{r['cpu']:>6.2f} {r['load']:>5.2f}")
    print("(CPU s: the runner's process over the run; load: the machine's 1-minute load average at its end)")
    print(f"full collections (gc generation 2) during each run; process settings: {args.process}")
    for label, r in runs:
        pauses = r["gc"]
        print(f"  {label:<39} {len(pauses):>3} collections, {sum(pauses):7.1f} ms in all, "
              f"longest {max(pauses, default=0.0):6.1f} ms")
    print(f"p99 / max in the first {CONNECTING:g} s of cues (the viewers connect then) and after:")
    for label, r in runs:
        e, later = r["early"], r["later"]
        print(f"  {label:<39} first {CONNECTING:g} s {e['p99']:7.2f} / {e['max']:7.2f}   "
              f"after {later['p99']:7.2f} / {later['max']:7.2f}")
    for label, r in runs:
        v = r.get("viewers")
        if not v:
            continue
        d = v["delay_ms"]
        print(f"\n{label}: {v['connected']}/{v['viewers']} connected, the last after {v['connect_max_s']:.2f} s; "
              f"{r['published']} board updates published (final seq {r['final_seq']}), {r['dropped']} viewers dropped")
        print(f"  every viewer got every update: {v['with_gaps'] == 0 and v['last_seqs'] == [r['final_seq']]} "
              f"(viewers with a gap: {v['with_gaps']}, last seq seen: {v['last_seqs']}, "
              f"updates per viewer: {v['updates_per_viewer']}, saw the end: {v['finished']})")
        print(f"  update delay (first runner event of a burst -> viewer): p50 {d['p50']:.0f} ms, "
              f"p99 {d['p99']:.0f} ms, max {d['max']:.0f} ms over {d['n']} deliveries; errors: {v['errors'] or 'none'}")
        print(f"  CPU: the relay (child process, niceness 10) {r['relay_cpu']} s, the viewers' process {v['cpu']} s")

if __name__ == "__main__":
    main()
