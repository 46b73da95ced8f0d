"""What `zoomops serve` does around each event besides planning, applying and running it (`EventExtras` of
`zoomops.service`): the briefings mailed over SMTP (the same messages and per-version ledger as `zoomops send`),
the as-run report written when the event is done (as `zoomops report`, rendered in a child process), each live
event's board (the runner's control server with the board mounted, as `zoomops run` serves it, on the service's
listen address and the port kept in the event's `links.json`), and the links the console shows; and the
reverse-proxy authentication read from the configuration object."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import quote

from zoomops.app.context import App
from zoomops.app.serviceops import EVENTS_DIR, AppEventOps, RunnerHandle
from zoomops.app.settings import Settings
from zoomops.board.hub import BoardHub
from zoomops.board.links import VIEWS
from zoomops.board.web import Board, bind, keep_port
from zoomops.briefings.interpreters import interpreter_briefings
from zoomops.briefings.panelists import panelist_briefings
from zoomops.briefings.send import BriefingSender, SentLedger, SmtpSettings
from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.provision.links import join_links
from zoomops.report.make import ZoomSource
from zoomops.report.worker import ReportWorker
from zoomops.runner.notify import FanOut
from zoomops.runner.server import ControlServer
from zoomops.service.auth import ProxyAuth
from zoomops.service.ops import RunHandle
from zoomops.show.rota import build_rota

REPORT_DIR = "report"  # in the event's runner directory, as `zoomops report` writes it beside `zoomops run`'s state


class AppEventExtras:
    """Briefings, reports and links for the service's events, from one App and the service's `AppEventOps`."""

    def __init__(self, app: App, ops: AppEventOps, *, listen: str | None = "127.0.0.1") -> None:
        self.app = app
        self.ops = ops
        self.listen = listen  # where live boards are served; None: no boards
        self._boards: dict[str, tuple[ControlServer, Board]] = {}
        self._lock = threading.Lock()
        self.reports = ReportWorker()  # rendering holds the interpreter lock ~0.4 s a report: not beside live cues

    def close(self) -> None:
        self.reports.close()

    def smtp(self) -> SmtpSettings | None:
        s = self.app.settings
        if s.smtp_host is None or s.smtp_from is None:
            return None
        return SmtpSettings(host=s.smtp_host, port=s.smtp_port, security=s.smtp_security, username=s.smtp_user,
                            password=s.smtp_password, sender=s.smtp_from)

    def send_briefings(self, key: str, path: Path) -> dict[str, int] | None:
        smtp = self.smtp()
        if smtp is None:
            return None
        ctx = self.ops.context(path)
        schedule = ctx.loaded.schedule
        links = join_links(ctx)
        briefings = panelist_briefings(schedule, links) + interpreter_briefings(schedule, build_rota(schedule), links)
        sender = BriefingSender(SentLedger(self.app.state_dir), smtp.sender, self.app.clock.now)
        report = sender.send(briefings, smtp)
        return {"sent": len(report.sent), "updated": len(report.updated), "unchanged": len(report.unchanged),
                "without an email": len(report.no_email)}

    def write_report(self, key: str, path: Path) -> Path:
        ctx = self.ops.context(path)
        schedule = ctx.loaded.schedule
        ids: list[int | str] = list(ctx.store.webinars(schedule.event.id).values())
        zoom = ZoomSource(ctx.client, ids, registration=None) if ids else None
        out = self._event_dir(key) / REPORT_DIR
        self.reports.write(schedule, self._event_dir(key), out, now=self.app.clock.now(), zoom=zoom,
                           zoom_absent=None if ids else "no webinar id recorded for this event")
        return out / "report.html"

    def report_file(self, key: str) -> Path | None:
        page = self._event_dir(key) / REPORT_DIR / "report.html"
        return page if page.is_file() else None

    def runner_started(self, key: str, handle: RunHandle) -> None:
        """Serve the live event's board (view links in `links`); its events reach the board through its hub."""
        if self.listen is None or not isinstance(handle, RunnerHandle) or not isinstance(handle.notifier, FanOut):
            return
        runner, hub = handle.runner, BoardHub()
        handle.notifier.targets.append(hub)
        server, board = bind(runner, runner.schedule, runner.state_dir, runner.clock, host=self.listen, port=None,
                             webhook_secret=self.app.settings.webhook_secret, hub=hub)
        server.start()
        keep_port(board)
        with self._lock:
            self._boards[key] = (server, board)

    def runner_stopped(self, key: str) -> None:
        with self._lock:
            served = self._boards.pop(key, None)
        if served is not None:
            served[0].stop()

    def links(self, key: str) -> dict[str, str]:
        """The board's view links while the event is live (never the control link), the report once written."""
        out = {}
        with self._lock:
            served = self._boards.get(key)
        if served is not None:
            out.update({name: url for name, url in served[1].urls().items() if name in VIEWS})
        if self.report_file(key) is not None:
            out["report"] = f"/events/{quote(key, safe='')}/report"
        return out

    def _event_dir(self, key: str) -> Path:
        return self.app.state_dir / EVENTS_DIR / Path(key).stem


def proxy_auth(settings: Settings) -> ProxyAuth | None:
    """The reverse proxy to trust (ZOOMOPS_PROXY_ADDRESSES and the rest), or None; bad addresses: InputError."""
    if not settings.proxy_addresses:
        return None
    try:
        return ProxyAuth.parse(settings.proxy_addresses, settings.proxy_user_header, settings.proxy_organizers,
                               settings.proxy_viewers)
    except ValueError as exc:
        raise InputError([Diagnostic("environment", 0, 0, "ZOOMOPS_PROXY_ADDRESSES", str(exc))]) from None
