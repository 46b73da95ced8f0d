"""Bench the Zoom client against the sandbox served over HTTP on 127.0.0.1.

1. Per-call overhead: ZoomClient.get_webinar vs a bare `requests` GET (+ .json()) of the same endpoint
   (same server, keep-alive sessions, calls interleaved one by one, median of per-round medians).
   The sandbox's own QPS limiter is switched off for this part and the client's pacer has no
   effective limit, so both sides measure transport + client code only. Target: ratio <= 1.2.
2. Sustained rate at Pro limits: the sandbox enforces Zoom's Pro per-second limits; the client paces
   with its default Pro pacer from several threads (Light: get_webinar, Medium: list_panelists).
   Target: zero 429 responses.

Run: .venv/bin/python bench/bench_client.py [--calls 300] [--rounds 5] [--seconds 4]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import requests

from zoomops.app.connect import build_session, open_client
from zoomops.common.clock import SystemClock
from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.server import SandboxServer
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.config import ZoomConfig
from zoomops.zoom.models import PanelistIn, WebinarCreate
from zoomops.zoom.ratelimit import Category, Pacer

RATIO_TARGET = 1.2


class NoQps:
    """Stand-in for the sandbox's per-second limiter during the overhead measurement."""

    def charge(self, label: str) -> None:
        return None


def serve(sandbox: ZoomSandbox) -> SandboxServer:
    """The sandbox server (its handler sets TCP_NODELAY itself)."""
    return SandboxServer(sandbox)


def connect(server: SandboxServer, state_dir: Path, pacer: Pacer | None) -> ZoomClient:
    env = {
        **server.sandbox.credentials().env(),
        "ZOOM_API_URL": f"{server.url}/v2",
        "ZOOM_OAUTH_URL": f"{server.url}/oauth/token",
    }
    config = ZoomConfig.model_validate(env)
    session = build_session(config, SystemClock())
    session.pacer = pacer
    return open_client(config, state_dir=state_dir, clock=SystemClock(), session=session, stderr=io.StringIO())


def make_webinar(client: ZoomClient) -> int:
    webinar = client.create_webinar(
        "me", WebinarCreate(topic="bench", type=5, start_time="2030-01-01T09:00:00Z", duration=60)
    )
    client.add_panelists(webinar.id, [PanelistIn(email=f"p{i}@example.com", name=f"P{i}") for i in range(10)])
    return webinar.id


def timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(first: Callable[[], None], second: Callable[[], None], calls: int) -> tuple[float, float]:
    """Median seconds per call of each, alternating A B / B A so neither always runs first."""
    a: list[float] = []
    b: list[float] = []
    for i in range(calls):
        if i % 2:
            b.append(timed(second))
            a.append(timed(first))
        else:
            a.append(timed(first))
            b.append(timed(second))
    return statistics.median(a), statistics.median(b)


def overhead(calls: int, rounds: int, state_dir: Path) -> tuple[float, float]:
    """Median seconds per call: (ZoomClient, bare requests)."""
    sandbox = ZoomSandbox(SystemClock())
    sandbox.qps = NoQps()  # type: ignore[assignment]
    unlimited = Pacer({cat: (10**9, 1.0) for cat in Category}, SystemClock())
    with serve(sandbox) as server:
        client = connect(server, state_dir / "overhead", unlimited)
        webinar_id = make_webinar(client)
        token = client.session.tokens.token().value
        bare = requests.Session()
        url = f"{server.url}/v2/webinars/{webinar_id}"
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        timeout = client.session.timeout

        def bare_call() -> None:
            response = bare.get(url, headers=headers, timeout=timeout)
            response.raise_for_status()
            response.json()

        def client_call() -> None:
            client.get_webinar(webinar_id)

        interleaved(client_call, bare_call, 50)  # warm up both connections
        rounds_ = [interleaved(client_call, bare_call, calls) for _ in range(rounds)]
        return statistics.median(r[0] for r in rounds_), statistics.median(r[1] for r in rounds_)


def sustained(seconds: float, state_dir: Path) -> tuple[Counter[str], Counter[str], Counter[int], float]:
    """Run Light and Medium calls from 6 threads at the client's Pro pacing; count statuses."""
    sandbox = ZoomSandbox(SystemClock(), plan="pro")
    with serve(sandbox) as server:
        client = connect(server, state_dir / "sustained", Pacer.for_plan("pro", SystemClock()))
        webinar_id = make_webinar(client)
        statuses: Counter[int] = Counter()
        kinds: Counter[str] = Counter()
        steady: Counter[str] = Counter()  # calls finished after the first second (the initial burst)
        lock = threading.Lock()

        def hook(method: str, path: str, status: int | None) -> None:
            with lock:
                statuses[status or 0] += 1

        client.add_call_hook(hook)
        stop = time.monotonic() + seconds

        def worker(kind: str) -> None:
            while time.monotonic() < stop:
                if kind == "Light":
                    client.get_webinar(webinar_id)
                else:
                    client.list_panelists(webinar_id)
                with lock:
                    kinds[kind] += 1
                    steady[kind] += time.monotonic() - start >= 1.0

        start = time.monotonic()
        threads = [threading.Thread(target=worker, args=(k,)) for k in ["Light"] * 4 + ["Medium"] * 2]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return kinds, steady, statuses, time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ours, bare = overhead(args.calls, args.rounds, Path(tmp))
        kinds, steady, statuses, elapsed = sustained(args.seconds, Path(tmp))
    ratio = ours / bare
    too_many = statuses.get(429, 0)
    print("Zoom client bench (sandbox over HTTP on 127.0.0.1)")
    print(f"{'measure':<38}{'value':>14}{'target':>12}")
    print(f"{'bare requests GET /webinars/{id}':<38}{bare * 1e6:>11.0f} us{'':>12}")
    print(f"{'ZoomClient.get_webinar':<38}{ours * 1e6:>11.0f} us{'':>12}")
    print(f"{'overhead ratio (client / bare)':<38}{ratio:>13.2f}x{'<= 1.20x':>12}")
    print(f"{'per-call overhead':<38}{(ours - bare) * 1e6:>11.0f} us{'':>12}")
    for kind, limit in (("Light", 30), ("Medium", 20)):
        print(f"{f'{kind}: average incl. burst':<38}{kinds[kind] / elapsed:>10.1f} r/s{'':>12}")
        print(
            f"{f'{kind}: steady after 1 s (Pro {limit}/s)':<38}{steady[kind] / (elapsed - 1):>10.1f} r/s"
            f"{f'<= {limit}':>12}"
        )
    print(f"{'total average over ' + format(elapsed, '.1f') + ' s':<38}{sum(kinds.values()) / elapsed:>10.1f} r/s")
    print(f"{'429 responses':<38}{too_many:>14}{'0':>12}")
    ok = ratio <= RATIO_TARGET and too_many == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
