"""A live run, assembled: the runner, its control server with the board, the notifiers; `run` and `rehearse`
both play the event through `run_session`. `rehearsal_setup` provisions a rehearsal on the sandbox."""

from __future__ import annotations

import shutil
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from zoomops.app.context import App
from zoomops.board.hub import BoardHub
from zoomops.board.links import LINKS_FILE
from zoomops.board.web import BoardOptions, announce, bind, keep_port
from zoomops.common.statedir import ensure_state_dir
from zoomops.common.switching import prefer_short_switches
from zoomops.provision.apply import Applier
from zoomops.provision.context import ProvisionContext
from zoomops.provision.plan import Planner
from zoomops.runner.engine import Runner
from zoomops.runner.lock import InstanceLock
from zoomops.runner.notify import ConsoleView
from zoomops.runner.server import ControlServer
from zoomops.runner.zoom_executor import WebinarRouter
from zoomops.schedule.loader import LoadedSchedule
from zoomops.show.model import Schedule
from zoomops.zoom.models import Livestream

Say = Callable[[str], None]
STREAM = {"stream_url": "rtmp://sandbox.zoomops.invalid/live", "stream_key": "rehearsal",
          "page_url": "https://sandbox.zoomops.invalid/watch"}


def run_session(app: App, schedule: Schedule, state: Path, executor: WebinarRouter, *, speed: float,
                start_at: datetime | None, port: int | None, webinar_id: int | None, as_json: bool, say: Say,
                on_started: Callable[[Runner, ControlServer], None] | None = None,
                listen: str = "127.0.0.1", board_options: BoardOptions | None = None, notify: bool = True,
                rehearsal: bool = False) -> dict[str, Any]:
    """Start the runner and its server (control API, board, webhook) on `listen`, show the live view until the
    run ends, return the report."""
    console = ConsoleView(stream=sys.stderr) if as_json else ConsoleView()
    hub = BoardHub()
    # A rehearsal reaches the team chat only when asked (--notify), each post tagged as such.
    notifier = app.notifier(state, console, hub, chat=notify, tag="[REHEARSAL]" if rehearsal else None)
    runner = Runner(schedule, state, app.clock, executor, notifier, speed, start_at=start_at)
    runner.acquire_lock()  # before anything a running runner owns is written (control and view tokens)
    # Bind first: a port in use must stop us before any cue fires; serve only once the runner holds its lock.
    opts = board_options or BoardOptions()
    server, board = bind(runner, schedule, state, app.clock, host=listen, port=port,
                         webhook_secret=app.settings.webhook_secret, webinar_id=webinar_id, hub=hub,
                         public_url=opts.public_url, certfile=opts.certfile, keyfile=opts.keyfile)
    app.heap.settle()  # the schedule, its cues and the board's state are built: out of the collector's walk
    prefer_short_switches()  # a cue's thread waits at most 0.5 ms, not 5, for the lock behind a computing thread
    try:
        runner.start()
    except BaseException:
        server.discard()
        raise
    try:
        server.start()
    except BaseException:
        server.discard()
        runner.stop()
        raise
    app.heap.settle()  # what the start added (the ledger's state, the server): a short walk, young objects only
    keep_port(board)
    for line in announce(server, board, qr=opts.qr):
        say(line)
    if on_started is not None:
        on_started(runner, server)
    console.begin(runner.status)
    # The handler only asks; the loop below stops everything from the main thread. Stopping inside the
    # handler could wait on a lock the interrupted main thread holds (the console's), and hang.
    stop_requested = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.set())
    try:
        while not runner.wait(0.5) and not stop_requested.is_set():
            pass
    except KeyboardInterrupt:
        say("zoomops: interrupted; state is in the ledger, `zoomops run` again resumes")
    finally:
        report = runner.report()
        server.stop()
        runner.stop()
        notifier.close()
    return dict(report)


def fresh_state_dir(path: Path) -> Path:
    """The rehearsal keeps its own state; a new rehearsal starts clean (refused while one is running)."""
    if path.is_dir():
        lock = InstanceLock(path)
        lock.acquire()  # raises RunnerBusy (exit 1) if a rehearsal is running here
        lock.release()
        links = path / LINKS_FILE  # the board's links (tokens, port) outlive a rehearsal
        kept = links.read_bytes() if links.is_file() else None
        shutil.rmtree(path)
        ensure_state_dir(path)
        if kept is not None:
            links.write_bytes(kept)
            links.chmod(0o600)
    return ensure_state_dir(path)


def rehearsal_setup(app: App, loaded: LoadedSchedule) -> tuple[ProvisionContext, str]:
    """Provision `loaded` on the rehearsal app's sandbox, start its webinars (the host joined the practice
    session, so live actions can run) and say what was done."""
    ctx = app.provision(loaded)
    control = app.sandbox()
    assert control is not None  # a rehearsal app has no credentials: always the sandbox
    result = Applier(ctx.client, ctx.store, ctx.host).apply(Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired))
    for webinar_id in result.webinar_ids.values():
        if loaded.schedule.run.actions.livestream:
            ctx.client.update_livestream(webinar_id, Livestream.model_validate(STREAM))
        control.start_webinar(webinar_id)
    calls = sum(ctx.client.calls.values())
    return ctx, (f"provisioned {result.webinar_ids} on the sandbox ({result.added} panelists, {calls} API calls), "
                 f"state in {ctx.state_dir}")
