"""The one assembly point: from the configuration, the schedule, the Zoom client (or the embedded sandbox),
the provisioning store, the runner's executor and its notifiers. Every command builds one `App`."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from zoomops.app.settings import Settings, load_settings, state_dir
from zoomops.common.clock import Clock, SystemClock
from zoomops.common.gcpolicy import HeapPolicy
from zoomops.i18n.translate import prefer_language
from zoomops.schedule.loader import LoadedSchedule, load_schedule
from zoomops.schedule.textfile import max_input_bytes
from zoomops.zoom.config import ZoomConfig

if TYPE_CHECKING:
    from zoomops.app.connect import Connection
    from zoomops.board.hub import BoardHub
    from zoomops.provision.context import ProvisionContext
    from zoomops.runner.notify import ChatRouter, ConsoleView, FanOut
    from zoomops.runner.zoom_executor import WebinarRouter
    from zoomops.sandbox.control import SandboxControl
    from zoomops.zoom.client import ZoomClient
    from zoomops.zoom.session import ZoomSession

REHEARSAL_DIR = "rehearsal"  # `zoomops rehearse` keeps its own state here, inside the state directory


@dataclass
class App:
    """One command's configuration and what it builds from it, each part built on first use and kept.

    `zoom` replaces the settings' Zoom part (a rehearsal passes `ZoomConfig()`: always the sandbox);
    `state` replaces the state directory; `session` is the HTTP session to use (tests).
    """

    settings: Settings
    schedule_path: Path | None = None
    clock: Clock = field(default_factory=SystemClock)
    zoom: ZoomConfig | None = None
    state: Path | None = None
    session: ZoomSession | None = None
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    heap: HeapPolicy = field(default_factory=HeapPolicy)  # the collector's policy of this process (one per process)
    _loaded: dict[bool, LoadedSchedule] = field(default_factory=dict, init=False, repr=False)
    _connection: Connection | None = field(default=None, init=False, repr=False)
    _contexts: list[ProvisionContext] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def open(cls, schedule_path: Path | None = None, *, clock: Clock | None = None,
             session: ZoomSession | None = None) -> App:
        """The app of one command: its settings read once (environment, `.env`, `config/zoomops.yaml`), and
        its messages in the configured language unless the command line chose one (`--lang`)."""
        settings = load_settings(schedule_path)
        prefer_language(settings.language)
        return cls(settings, schedule_path, clock or SystemClock(), session=session)

    # ---- configuration ------------------------------------------------------------------------
    @property
    def zoom_config(self) -> ZoomConfig:
        return self.zoom if self.zoom is not None else self.settings

    @property
    def state_dir(self) -> Path:
        """Where this command keeps state (not created here)."""
        return self.state if self.state is not None else state_dir(self.settings, self.schedule_path)

    @property
    def roster_dirs(self) -> tuple[Path, ...]:
        """Folders besides the schedule's own a roster CSV may be read from (ZOOMOPS_ROSTER_DIRS, `:`-separated)."""
        raw = self.settings.roster_dirs or ""
        return tuple(Path(p) for p in raw.split(os.pathsep) if p.strip())

    def rehearsal(self) -> App:
        """The same configuration on the embedded sandbox only, with its state in `<state dir>/rehearsal`."""
        return App(self.settings, self.schedule_path, self.clock, zoom=ZoomConfig(),
                   state=self.state_dir / REHEARSAL_DIR, stderr=self.stderr, heap=self.heap)

    # ---- the schedule -------------------------------------------------------------------------
    def load(self, *, for_provisioning: bool = False) -> LoadedSchedule:
        """The schedule, loaded once per strictness (provisioning requires emails of people on stage)."""
        if for_provisioning not in self._loaded:
            if self.schedule_path is None:
                raise ValueError("this command has no schedule file")
            self._loaded[for_provisioning] = load_schedule(
                self.schedule_path, for_provisioning=for_provisioning,
                panelist_cap=self.settings.defaults.panelist_cap, roster_dirs=self.roster_dirs,
                max_bytes=max_input_bytes(self.settings.max_input_mb))
        return self._loaded[for_provisioning]

    # ---- Zoom -----------------------------------------------------------------------------------
    def connection(self) -> Connection:
        if self._connection is None:
            # Lazy: requests, the client and the sandbox cost ~0.2 s that `validate`/`timeline` must not pay.
            from zoomops.app.connect import connect

            self._connection = connect(self.zoom_config, state_dir=self.state_dir, clock=self.clock,
                                       session=self.session, stderr=self.stderr)
        return self._connection

    def client(self) -> ZoomClient:
        """The Zoom client (or the sandbox's, without credentials); a partial credential set is an input error."""
        return self.connection().client

    def sandbox(self) -> SandboxControl | None:
        """The embedded sandbox's controls, when the client talks to it."""
        return self.connection().sandbox

    def host(self, loaded: LoadedSchedule) -> str:
        """The webinars' host user: the schedule's, else ZOOM_HOST_USER, else the app's owner (`me`)."""
        return loaded.schedule.event.host or self.zoom_config.host_user or "me"

    def provision(self, loaded: LoadedSchedule | None = None, *, for_provisioning: bool = True) -> ProvisionContext:
        """Schedule, defaults, client and provisioning store for plan/apply/status/teardown (and the runner)."""
        # Lazy: SQLite and the provisioning modules load only for commands that reach Zoom.
        from zoomops.provision.context import ProvisionContext
        from zoomops.provision.state import ProvisionStore

        loaded = loaded or self.load(for_provisioning=for_provisioning)
        client, mode = self.client(), self.zoom_config.mode
        host = self.host(loaded)
        if (control := self.sandbox()) is not None:
            ensure_sandbox_host(client, control, host, self.stderr)
        ctx = ProvisionContext(loaded, self.settings.defaults, self.state_dir, self.clock, client,
                               ProvisionStore(self.state_dir, self.clock), host, mode)
        self._contexts.append(ctx)
        return ctx

    # ---- the runner -----------------------------------------------------------------------------
    def executor(self, ctx: ProvisionContext) -> WebinarRouter:
        """Zoom actions for the run: the webinars provisioning recorded, and the T-60 pre-flight check."""
        # Lazy: the runner's modules load only for `run` and `rehearse`.
        from zoomops.provision.preflight import preflight
        from zoomops.runner.zoom_executor import WebinarRouter

        ids = ctx.store.webinars(ctx.loaded.schedule.event.id)
        return WebinarRouter(ctx.loaded.schedule, ctx.client, ids, preflight=lambda: preflight(ctx),
                             sandbox=self.sandbox())

    def chat(self, tag: str | None = None) -> ChatRouter | None:
        """The team chat (ZOOMOPS_NOTIFY_URL for everyone, _URL_TECH_HOST, _URL_MODERATORS,
        _URL_INTERPRETERS per audience, _FORMAT, _SECRET), or None when no URL is set; `tag` starts every post."""
        # Lazy: the runner's modules load only for `run` and `rehearse`.
        from zoomops.runner.notify import ChatRouter, ChatWebhook

        s = self.settings
        secret = s.notify_secret.get_secret_value() if s.notify_secret else None
        language = s.notify_language or s.language
        urls = {"everyone": s.notify_url, "tech_host": s.notify_url_tech_host,
                "moderators": s.notify_url_moderators, "interpreters": s.notify_url_interpreters}
        channels = {
            name: ChatWebhook(url.get_secret_value(), s.notify_format, secret, language=language, tag=tag)
            for name, url in urls.items() if url is not None
        }
        return ChatRouter(channels) if channels else None

    def notifier(self, state: Path, console: ConsoleView, hub: BoardHub, *, chat: bool = True,
                 tag: str | None = None) -> FanOut:
        """Where runner events go: the JSON-lines log in `state`, the console, the chat (unless `chat` is
        False; `tag` marks its posts), the board."""
        # Lazy: the runner's modules load only for `run` and `rehearse`.
        from zoomops.runner.notify import FanOut, JsonlLog

        router = self.chat(tag) if chat else None
        return FanOut(JsonlLog(state), console, *([router] if router else []), hub)

    def close(self) -> None:
        """Close the stores this app opened."""
        for ctx in self._contexts:
            ctx.close()
        self._contexts.clear()


def ensure_sandbox_host(client: ZoomClient, control: SandboxControl, host: str, stderr: TextIO) -> None:
    """The sandbox account starts with one user; add the schedule's host the first time it is used."""
    # Lazy: loaded with the client (see `App.connection`).
    from zoomops.zoom.errors import ZoomNotFound

    if host == "me":
        return
    try:
        client.get_user(host)
    except ZoomNotFound:
        control.add_user(host)
        print(f"zoomops: sandbox: added host user {host} to the sandbox account", file=stderr)
