"""Registrants bench: 10,000 registrants imported from a CSV over HTTP at Pro limits with 100 ms latency.

Run: .venv/bin/python bench/bench_registrants.py [--people 10000] [--latency 0.1]

The sandbox is served on 127.0.0.1 with 100 ms injected latency per API call and Zoom's Pro rate limits
(HEAVY 10 requests/s, answered with 429 beyond). The floor is what Zoom's HEAVY rate allows:
ceil(people / 30) batches / 10 per second. Side by side:
  (a) zoomops import: batches of 30, a few in flight, paced at 90 % of HEAVY;
  (b) baseline: the same batches one after another (no overlap of latency and pacing);
  (c) baseline: one `POST /webinars/{id}/registrants` per person (LIGHT), measured on 100 and scaled;
  (d) an import interrupted at 45 % (Ctrl-C stand-in), then resumed: duplicates submitted must be 0.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zoomops.app.connect import build_session  # noqa: E402
from zoomops.common.clock import SystemClock  # noqa: E402
from zoomops.provision.people_file import read_people  # noqa: E402
from zoomops.provision.registrants import RegistrantImporter  # noqa: E402
from zoomops.sandbox.app import ZoomSandbox  # noqa: E402
from zoomops.sandbox.faults import FaultPlan  # noqa: E402
from zoomops.sandbox.server import SandboxServer  # noqa: E402
from zoomops.zoom.auth import Credentials  # noqa: E402
from zoomops.zoom.client import ZoomClient, path_id  # noqa: E402
from zoomops.zoom.config import ZoomConfig  # noqa: E402
from zoomops.zoom.models import WebinarCreate  # noqa: E402
from zoomops.zoom.ratelimit import PLAN_LIMITS, Category  # noqa: E402
from zoomops.zoom.tokens import TokenStore  # noqa: E402

HOST = "host@example.com"


def write_csv(path: Path, n: int) -> None:
    lines = ["\ufeffEmail,First name,Last name"]
    lines += [f"person{i:05d}@example.org,First{i},Last{i}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def http_client(server: SandboxServer, state: Path) -> ZoomClient:
    creds = server.sandbox.credentials()
    config = ZoomConfig.model_validate({"ZOOM_ACCOUNT_ID": creds.account_id, "ZOOM_CLIENT_ID": creds.client_id,
                                        "ZOOM_CLIENT_SECRET": creds.client_secret, "ZOOM_API_URL": creds.api_url,
                                        "ZOOM_OAUTH_URL": creds.oauth_url, "ZOOM_PLAN": "pro"})
    session = build_session(config, SystemClock())
    session.use_credentials(Credentials(creds.account_id, creds.client_id, SecretStr(creds.client_secret)),
                            oauth_url=creds.oauth_url, api_url=creds.api_url, api_url_explicit=True,
                            store=TokenStore(state))
    return ZoomClient(session)


def new_webinar(client: ZoomClient) -> int:
    body = WebinarCreate.model_validate({"topic": "Bench", "type": 5, "start_time": "2030-01-01T00:00:00Z",
                                         "duration": 60, "settings": {"approval_type": 0}})
    return int(client.create_webinar(HOST, body).id)


class Interrupt(Exception):
    """Stands for Ctrl-C in the middle of an import."""


def run(people: int, latency: float) -> None:
    n_batches = math.ceil(people / 30)
    heavy_rate = PLAN_LIMITS["pro"][Category.HEAVY][0]
    floor = n_batches / heavy_rate
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "people.csv"
        write_csv(csv_path, people)
        started = time.perf_counter()
        rows = read_people(csv_path).rows
        read_s = time.perf_counter() - started
        sandbox = ZoomSandbox(SystemClock(), plan="pro", faults=FaultPlan.simple(latency=latency))
        with SandboxServer(sandbox).start() as server:
            client = http_client(server, Path(tmp))
            client.get_user("me")

            def timed(workers: int) -> tuple[float, int, int]:
                wid = new_webinar(client)
                time.sleep(1.2)  # let the HEAVY bucket refill between runs
                t0 = time.perf_counter()
                result = RegistrantImporter(client, wid, workers=workers).run(rows)
                elapsed = time.perf_counter() - t0
                record = sandbox.webinar_record(wid)
                dupes = sum(v - 1 for v in record["registration_submissions"].values())
                return elapsed, result.registered, dupes

            ours, registered, dupes = timed(workers=4)
            sequential, _, _ = timed(workers=1)

            wid = new_webinar(client)
            sample = rows[:100]
            t0 = time.perf_counter()
            for p in sample:
                client.call("POST", f"webinars/{path_id(wid)}/registrants", Category.LIGHT, frozenset({201}),
                            json={"email": p.email, "first_name": p.first_name, "last_name": p.last_name})
            per_person = (time.perf_counter() - t0) / len(sample) * people

            wid = new_webinar(client)
            time.sleep(1.2)
            done = {"n": 0}
            stop_at = int(people * 0.45)

            def stop_midway(n: int) -> None:
                done["n"] += n
                if done["n"] >= stop_at:
                    raise Interrupt

            t0 = time.perf_counter()
            with contextlib.suppress(Interrupt):
                RegistrantImporter(client, wid, progress=stop_midway).run(rows)
            first_part = time.perf_counter() - t0
            before = len(sandbox.webinar_record(wid)["registrants"])
            t0 = time.perf_counter()
            resumed = RegistrantImporter(client, wid).run(rows)
            resume_s = time.perf_counter() - t0
            record = sandbox.webinar_record(wid)
            resume_dupes = sum(v - 1 for v in record["registration_submissions"].values())
            total = len(record["registrants"])

    print(f"registrants bench: {people} people from CSV, Pro limits (HEAVY {heavy_rate}/s), {latency * 1000:.0f} ms "
          f"latency per call, sandbox over HTTP on 127.0.0.1")
    print(f"  read CSV: {read_s:.2f} s")
    print(f"  floor at Zoom's HEAVY rate: {n_batches} batches / {heavy_rate} per s = {floor:.1f} s")
    print(f"  zoomops import (4 in flight):  {ours:6.1f} s = {ours / floor:.2f}x the floor "
          f"({registered} registered, {dupes} duplicate submissions)")
    print(f"  baseline, sequential batches:  {sequential:6.1f} s = {sequential / floor:.2f}x the floor")
    print(f"  baseline, one POST per person: {per_person:6.1f} s = {per_person / floor:.2f}x the floor "
          f"(measured on 100, scaled)")
    print(f"  interrupted after {before} registered ({first_part:.1f} s), resumed in {resume_s:.1f} s: "
          f"{resumed.already_registered} skipped, {resumed.registered} registered, {total} in Zoom, "
          f"{resume_dupes} duplicate submissions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    run(args.people, args.latency)


if __name__ == "__main__":
    main()
