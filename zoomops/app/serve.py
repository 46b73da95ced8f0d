"""`zoomops serve` assembled: one App (settings, clock, one Zoom client), the SQLite service store in the state
directory (or PostgreSQL, with the runners' ledgers in it), one APScheduler BackgroundScheduler for the lifecycle
pass and every live event's cues (on separate executors), one pool for the events' Zoom calls (each event's in
order), the lease keeper on its own thread, the HTTP API and console, metrics, JSON logs.

`speed` and `start_at` run the whole service in compressed time (tests, benchmarks): its clock reads `start_at`
at wall instant `wall_origin` and runs `speed` times faster; runners play at the same speed. Instances of one
compressed rehearsal need the same three values. Leases stay on wall time (the database's clock)."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor as JobPool
from apscheduler.schedulers.background import BackgroundScheduler

from zoomops.app.context import App
from zoomops.app.serviceextras import AppEventExtras, proxy_auth
from zoomops.app.serviceops import AppEventOps, SharedLedger
from zoomops.app.settings import state_dir
from zoomops.board.hosting import BoardHost
from zoomops.common.clock import Clock
from zoomops.common.switching import prefer_short_switches
from zoomops.runner.timebase import ScaledClock, TimeBase
from zoomops.runner.wakeups import WakeupScheduler
from zoomops.service.auth import TOKENS_FILE, Tokens
from zoomops.service.lifecycle import Service, ServiceOptions
from zoomops.service.metrics import ServiceMetrics
from zoomops.service.server import ServiceServer
from zoomops.service.store import ServiceStore, SqliteServiceStore
from zoomops.service.web import ServiceWeb

log = logging.getLogger("zoomops.service")

# The shared scheduler's executors. "service" runs the lifecycle pass (it may wait on Zoom for long) on its own
# worker, so a slow pass never holds a worker that fires cues. "cues" runs every live event's wake-ups: each
# event's run one at a time (its lane), so a wake-up takes one worker for the time of a ledger write and an
# announcement (well under a millisecond of CPU under the GIL; more workers add no speed). More than one lets
# events whose ledger write blocks (a PostgreSQL ledger waiting on its network, a slow disk) not delay the rest:
# with 8, seven events can be stuck at once before an eighth waits. Threads start only when every started one
# is busy, so a quiet fleet holds one or two, however many events are live.
CUE_WORKERS = 8
# Zoom calls of every live event, each event's in order (its lane); a call holds its thread while it waits on
# the one paced client, whose budget bounds the calls anyway. 16: sixteen events can wait on Zoom at once
# before another event's call queues behind them; threads start only when needed.
ACTION_WORKERS = 16


@dataclass
class ServeConfig:
    directory: Path
    listen: str = "127.0.0.1"
    port: int = 8750
    poll_seconds: float = 5.0
    holder: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    drift_every: timedelta = timedelta(minutes=15)
    auto_apply_lead: timedelta | None = None
    database: str | None = field(default=None, repr=False)  # a PostgreSQL DSN (may hold a password); None: SQLite
    lease_ttl: timedelta = timedelta(seconds=3)  # a lease not renewed for this long passes to another instance
    lease_renew: timedelta = timedelta(seconds=1)
    lease_margin: timedelta = timedelta(seconds=1)  # a runner stops acting this long before its lease can pass
    speed: float = 1.0  # compressed time (with start_at): see the module's docstring
    start_at: datetime | None = None
    wall_origin: datetime | None = None  # None: when assembled
    public_url: str = ""  # the address people use for the service (links in the API); '': relative links


@dataclass
class Assembled:
    """Everything one `serve` process runs; `start()` then `stop()`."""

    app: App
    service: Service
    ops: AppEventOps
    web: ServiceWeb
    server: ServiceServer
    scheduler: BackgroundScheduler  # the lifecycle pass ("service") and every runner's jobs ("cues")
    config: ServeConfig
    healthy: threading.Event = field(default_factory=threading.Event)
    actions: ThreadPoolExecutor | None = None  # every runner's Zoom calls, each event in its own lane
    _stopping: threading.Event = field(default_factory=threading.Event)
    _passing: threading.Lock = field(default_factory=threading.Lock)
    _keeper: threading.Thread | None = None

    def tick(self) -> None:
        with self._passing:  # a pass never starts once stopping began (it could start runners again)
            if self._stopping.is_set():
                return
            try:
                self.service.tick()
                self.healthy.set()
            except Exception:
                self.healthy.clear()
                log.exception("service pass failed")

    def keep_leases(self) -> None:
        """Every `lease_renew` on its own thread, so that no pass (waiting on Zoom) ever delays a renewal."""
        every = self.config.lease_renew.total_seconds()
        while not self._stopping.wait(every):
            try:
                self.service.keep_leases()
            except Exception:
                log.exception("lease keeping failed")

    def start(self) -> None:
        prefer_short_switches()  # a cue's thread waits at most 0.5 ms, not 5, for the lock behind a computing one
        self.scheduler.start()  # first: the runners the first pass starts fire from their first cue on
        self.tick()  # the first pass before serving: /readyz is true from the first answer
        self._keeper = threading.Thread(target=self.keep_leases, name="zoomops-leases", daemon=True)
        self._keeper.start()
        self.scheduler.add_job(self.tick, "interval", seconds=self.config.poll_seconds, id="service-pass",
                               executor="service", max_instances=1, coalesce=True)
        self.server.start()

    def stop(self) -> None:
        """No more passes, then the runners (each removes its own jobs), then the shared scheduler, once."""
        with self._passing:  # waits for a pass under way
            self._stopping.set()
        if self._keeper is not None:
            self._keeper.join(timeout=10)
        self.server.stop()
        self.service.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.actions is not None:
            self.actions.shutdown(wait=True)
        self.ops.close()
        self.service.store.close()
        self.app.close()


def assemble(app: App, config: ServeConfig) -> Assembled:
    """Build the service from one App; nothing runs until `start()`."""
    if app.state is None:
        app.state = state_dir(app.settings, config.directory / "schedule")  # <DIR>/.zoomops unless configured
    proxy = proxy_auth(app.settings)  # a bad proxy address stops the start before anything is opened
    wall = compress_time(app, config)
    metrics = ServiceMetrics(speed=config.speed if wall is not None else 1.0)  # cue lateness in wall time
    scheduler = shared_scheduler()
    actions = ThreadPoolExecutor(max_workers=ACTION_WORKERS, thread_name_prefix="zoomops-actions")
    ops = AppEventOps(app, on_event=metrics.runner_event, shared_ledger=shared_ledgers(config.database),
                      scheduler=WakeupScheduler(scheduler, "cues"), action_pool=actions)
    app.client().add_call_observer(metrics.zoom_call)
    store = open_store(config.database, app.state_dir)
    options = ServiceOptions(config.holder, drift_every=config.drift_every, auto_apply_lead=config.auto_apply_lead,
                             briefing_lead=timedelta(days=app.settings.serve_briefing_days),
                             lease_ttl=config.lease_ttl, lease_renew=config.lease_renew,
                             lease_margin=config.lease_margin)
    host = BoardHost(config.public_url)  # each live event's board under /events/{key}/ on this server
    extras = AppEventExtras(app, ops, host=host, public_url=config.public_url)
    service = Service(config.directory, store, ops, app.clock, options, extras=extras, wall=wall, heap=app.heap)
    tokens = Tokens.load_or_create(app.state_dir)
    healthy = threading.Event()
    web = ServiceWeb(service, tokens, metrics, ops.budget, ready=healthy.is_set, board_links=extras.links,
                     proxy=proxy, report_file=extras.report_file, boards=host.serve, runner_fenced=extras.runner_fenced)
    server = ServiceServer(web.app(), config.listen, config.port, guest=host)
    return Assembled(app, service, ops, web, server, scheduler, config, healthy, actions)


def shared_scheduler() -> BackgroundScheduler:
    """The one scheduler of a `serve` process: the lifecycle pass on "service", every runner's jobs on "cues"."""
    return BackgroundScheduler(timezone="UTC", executors={"service": JobPool(max_workers=1),
                                                          "cues": JobPool(max_workers=CUE_WORKERS)})


def compress_time(app: App, config: ServeConfig) -> Clock | None:
    """With `speed` and `start_at`, the App's clock becomes the compressed one; returns the wall clock (for the
    leases), or None when time is not compressed."""
    if config.start_at is None:
        return None
    wall = app.clock
    origin = config.wall_origin or wall.now()
    app.clock = ScaledClock(wall, TimeBase(config.speed, config.start_at.astimezone(UTC), origin.astimezone(UTC)))
    return wall


def shared_ledgers(database: str | None) -> SharedLedger | None:
    """On PostgreSQL, every runner's ledger is its event's rows in the same database, written under its fence."""
    if database is None:
        return None
    # Lazy: psycopg and libpq load only for a PostgreSQL store.
    from zoomops.service.pgledger import PostgresLedger

    return lambda key, fence: PostgresLedger(database, key, fence)


def open_store(database: str | None, state: Path) -> ServiceStore:
    """PostgreSQL when a DSN is given, else SQLite in the state directory."""
    if database is None:
        return SqliteServiceStore(state)
    # Lazy: psycopg and libpq load only for a PostgreSQL store.
    from zoomops.service.pgstore import PostgresServiceStore

    return PostgresServiceStore(database)


def run_until_signalled(assembled: Assembled, say: Callable[[str], None]) -> None:
    """Serve until SIGTERM or Ctrl-C; the handler only asks, the main thread stops everything."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    assembled.start()
    say(f"zoomops serve: {assembled.config.directory} — console and API on {assembled.server.url} "
        f"(tokens in {assembled.app.state_dir / TOKENS_FILE}, mode 0600), holder {assembled.config.holder}")
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        assembled.stop()
