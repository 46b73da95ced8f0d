"""Provisioning bench: HTTP calls for the forum, and wall time to provision 1,000 panelists over HTTP.

Run: .venv/bin/python bench/bench_provision.py [--skip-slow]

(a) In-process sandbox, every HTTP request counted at the transport (token included):
    zoomops apply from nothing, the same with a per-panelist loop, and a re-apply of the unchanged forum.
(b) Real HTTP to the sandbox server on 127.0.0.1 with 100 ms injected latency per API call, at the Pro
    plan's rate limits: zoomops (batches of 30, a few in flight, paced per category) against a sequential
    loop of 30-panelist batches and a per-panelist loop (run on 100 panelists and scaled to 1,000, marked).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zoomops.app.connect import build_session  # noqa: E402
from zoomops.common.clock import FakeClock, SystemClock  # noqa: E402
from zoomops.provision.apply import PANELIST_WORKERS, Applier  # noqa: E402
from zoomops.provision.context import ProvisionContext  # noqa: E402
from zoomops.provision.desired import desired_webinars  # noqa: E402
from zoomops.provision.plan import Planner  # noqa: E402
from zoomops.provision.state import ProvisionStore  # noqa: E402
from zoomops.sandbox.adapter import SandboxAdapter  # noqa: E402
from zoomops.sandbox.app import ZoomSandbox  # noqa: E402
from zoomops.sandbox.credentials import SANDBOX_ORIGIN  # noqa: E402
from zoomops.sandbox.faults import FaultPlan  # noqa: E402
from zoomops.sandbox.server import SandboxServer  # noqa: E402
from zoomops.schedule.defaults import Defaults  # noqa: E402
from zoomops.schedule.loader import load_schedule  # noqa: E402
from zoomops.zoom.auth import Credentials  # noqa: E402
from zoomops.zoom.client import ZoomClient  # noqa: E402
from zoomops.zoom.config import ZoomConfig  # noqa: E402
from zoomops.zoom.models import WebinarCreate  # noqa: E402
from zoomops.zoom.tokens import TokenStore  # noqa: E402

FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
HOST = "host@example.com"


class CountingAdapter(SandboxAdapter):
    """Counts every request that reaches the sandbox, the OAuth token request included."""

    def __init__(self, sandbox: ZoomSandbox) -> None:
        super().__init__(sandbox)
        self.count: Counter[str] = Counter()

    def send(self, request, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.count[request.method or "GET"] += 1
        return super().send(request, *args, **kwargs)


def counted_client(sandbox: ZoomSandbox, clock: FakeClock, state: Path) -> tuple[ZoomClient, CountingAdapter]:
    session = build_session(ZoomConfig(), clock)
    adapter = CountingAdapter(sandbox)
    session.mount(f"{SANDBOX_ORIGIN}/", adapter)
    creds = sandbox.credentials()
    session.use_credentials(
        Credentials(creds.account_id, creds.client_id, SecretStr(creds.client_secret)),
        oauth_url=creds.oauth_url,
        api_url=creds.api_url,
        api_url_explicit=True,
        store=TokenStore(state),
    )
    return ZoomClient(session), adapter


def forum_calls() -> list[tuple[str, int, int]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        sandbox = ZoomSandbox(clock)
        client, adapter = counted_client(sandbox, clock, Path(tmp))
        loaded = load_schedule(FORUM, for_provisioning=True)
        store = ProvisionStore(Path(tmp), clock)
        desired = desired_webinars(loaded.schedule, Defaults())
        Applier(client, store, HOST).apply(Planner(client, store, HOST).plan(desired))
        rows.append(
            (
                "zoomops apply, forum from nothing",
                sum(adapter.count.values()),
                sum(v for k, v in adapter.count.items() if k != "GET"),
            )
        )
        adapter.count.clear()
        plan = Planner(client, store, HOST).plan(desired)
        Applier(client, store, HOST).apply(plan) if plan.has_changes else None
        rows.append(
            (
                "zoomops re-apply, unchanged forum",
                sum(adapter.count.values()),
                sum(v for k, v in adapter.count.items() if k != "GET"),
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        sandbox = ZoomSandbox(clock)
        client, adapter = counted_client(sandbox, clock, Path(tmp))
        [w] = desired_webinars(load_schedule(FORUM).schedule, Defaults())
        created = client.create_webinar(HOST, WebinarCreate.model_validate(w.body))
        for p in w.panelists:
            client.add_panelists(created.id, [{"email": p.email, "name": p.name}])
        client.get_webinar(created.id)
        client.list_panelists(created.id)
        rows.append(
            (
                "per-panelist loop (baseline)",
                sum(adapter.count.values()),
                sum(v for k, v in adapter.count.items() if k != "GET"),
            )
        )
    return rows


def big_schedule(path: Path, n: int) -> None:
    people = "\n".join(f"  - {{id: p{i:04d}, name: Panelist {i}, email: p{i:04d}@example.org}}" for i in range(n))
    speakers = ", ".join(f"p{i:04d}" for i in range(n))
    path.write_text(
        "event: {id: big-panel, title: Big panel, dates: [2022-09-06], timezone: Asia/Seoul}\n"
        f"people:\n{people}\n"
        "blocks:\n  - {kind: session, title: Panel, start: '09:00', end: '10:00', items: "
        f"[{{kind: discussion, minutes: 60, speakers: [{speakers}]}}]}}\n"
    )


def http_client(server: SandboxServer, state: Path) -> ZoomClient:
    creds = server.sandbox.credentials()
    config = ZoomConfig.model_validate(
        {
            "ZOOM_ACCOUNT_ID": creds.account_id,
            "ZOOM_CLIENT_ID": creds.client_id,
            "ZOOM_CLIENT_SECRET": creds.client_secret,
            "ZOOM_API_URL": creds.api_url,
            "ZOOM_OAUTH_URL": creds.oauth_url,
            "ZOOM_PLAN": "pro",
        }
    )
    session = build_session(config, SystemClock())
    session.use_credentials(
        Credentials(creds.account_id, creds.client_id, SecretStr(creds.client_secret)),
        oauth_url=creds.oauth_url,
        api_url=creds.api_url,
        api_url_explicit=True,
        store=TokenStore(state),
    )
    return ZoomClient(session)


def timed_http(mode: str, n: int, latency: float) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        sandbox = ZoomSandbox(
            SystemClock(), plan="pro", panelist_cap=max(n, 100), faults=FaultPlan.simple(latency=latency)
        )
        with SandboxServer(sandbox).start() as server:
            client = http_client(server, Path(tmp))
            path = Path(tmp) / "big.yaml"
            big_schedule(path, n)
            defaults = Defaults(panelist_cap=max(n, 100))
            loaded = load_schedule(path, for_provisioning=True, panelist_cap=defaults.panelist_cap)
            [w] = desired_webinars(loaded.schedule, defaults)
            client.get_user("me")  # token fetched before timing
            store = ProvisionStore(Path(tmp), SystemClock())
            start = time.perf_counter()
            if mode == "zoomops":
                ctx = ProvisionContext(loaded, defaults, Path(tmp), SystemClock(), client, store, HOST, "sandbox")
                Applier(client, store, HOST).apply(Planner(client, store, HOST).plan(ctx.desired))
            else:
                created = client.create_webinar(HOST, WebinarCreate.model_validate(w.body))
                size = 30 if mode == "batches" else 1
                people = [{"email": p.email, "name": p.name} for p in w.panelists]
                for i in range(0, len(people), size):
                    client.add_panelists(created.id, people[i : i + size])
                client.get_webinar(created.id)
                client.list_panelists(created.id)
            return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-slow", action="store_true", help="skip the per-panelist HTTP baseline")
    parser.add_argument("--panelists", type=int, default=1000)
    args = parser.parse_args()

    print("(a) HTTP requests for the forum (18 panelists, 3 interpreters), token included")
    print(f"  {'run':<40}{'requests':>10}{'writes':>8}")
    rows = forum_calls()
    for name, total, writes in rows:
        print(f"  {name:<40}{total:>10}{writes:>8}")
    print(f"  ratio baseline/zoomops requests: {rows[2][1] / rows[0][1]:.1f}x")

    n = args.panelists
    print(f"\n(b) {n} panelists over HTTP on 127.0.0.1, 100 ms latency per API call, Pro limits")
    ours = timed_http("zoomops", n, 0.1)
    seq = timed_http("batches", n, 0.1)
    label = f"zoomops apply (batches of 30, {PANELIST_WORKERS} in flight)"
    print(f"  {label:<48}{ours:>8.2f} s   1.00x")
    print(f"  {'sequential batch loop (baseline)':<48}{seq:>8.2f} s   {seq / ours:.2f}x")
    if not args.skip_slow:
        sample = 100
        per = timed_http("single", sample, 0.1) * n / sample
        print(f"  {'per-panelist loop (100 measured, x' + str(n // sample) + ')':<48}{per:>8.2f} s   {per / ours:.2f}x")


if __name__ == "__main__":
    main()
