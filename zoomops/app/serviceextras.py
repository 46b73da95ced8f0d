"""What `zoomops serve` does around each event besides planning, applying and running it (`EventExtras` of
`zoomops.service`): the briefings mailed over SMTP (the same messages and per-version ledger as `zoomops send`),
the as-run report written when the event is done (as `zoomops report`, rendered in a child process), each live
event's board (the runner's board and control API, hosted on the service's own server under `/events/{key}/` by a
`BoardHost`, with the tokens kept in the event's `links.json`), and the links the console shows (on the service's
public URL when one is configured, else relative to the service's root); and the reverse-proxy authentication
read from the configuration object."""

from __future__ import annotations

from pathlib import Path

from zoomops.app.context import App
from zoomops.app.serviceops import EVENTS_DIR, AppEventOps, RunnerHandle
from zoomops.app.settings import Settings
from zoomops.board.hosting import BoardHost, prefix
from zoomops.board.hub import BoardHub
from zoomops.board.links import VIEWS
from zoomops.briefings.interpreters import interpreter_briefings
from zoomops.briefings.panelists import panelist_briefings
from zoomops.briefings.send import BriefingSender, SentLedger, SmtpSettings
from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.provision.links import join_links
from zoomops.report.make import ZoomSource
from zoomops.report.worker import ReportWorker
from zoomops.runner.notify import FanOut
from zoomops.service.auth import ProxyAuth
from zoomops.service.ops import RunHandle
from zoomops.show.rota import build_rota

REPORT_DIR = "report"  # in the event's runner directory, as `zoomops report` writes it beside `zoomops run`'s state


class AppEventExtras:
    """Briefings, reports and links for the service's events, from one App and the service's `AppEventOps`."""

    def __init__(self, app: App, ops: AppEventOps, *, host: BoardHost | None = None, public_url: str = "") -> None:
        self.app = app
        self.ops = ops
        self.host = host  # where live boards are served; None: no boards
        self.base = public_url.rstrip("/")  # the service's address for people ('': links relative to its root)
        self._handles: dict[str, RunnerHandle] = {}  # the runner started here for each event, while it runs
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
        """Host the live event's board (view links in `links`); its events reach the board through its hub."""
        if isinstance(handle, RunnerHandle):
            self._handles[key] = handle
        host = self.host
        if host is None or not isinstance(handle, RunnerHandle) or not isinstance(handle.notifier, FanOut):
            return
        runner, hub = handle.runner, BoardHub()
        handle.notifier.targets.append(hub)
        host.add(key, runner, runner.state_dir, hub, webhook_secret=self.app.settings.webhook_secret)

    def runner_stopped(self, key: str) -> None:
        self._handles.pop(key, None)
        if self.host is not None:
            self.host.remove(key)

    def runner_fenced(self, key: str) -> str | None:
        """Why the event's runner here stopped acting, as it said it (`RunEvent` "fenced"); None: it acts."""
        handle = self._handles.get(key)
        return handle.runner.fenced if handle is not None else None

    def links(self, key: str) -> dict[str, str]:
        """The board's view links while the event is live here (never the control link), the report once
        written."""
        found = self.host.links(key) if self.host is not None else {}
        out = {name: url for name, url in found.items() if name in VIEWS}
        if self.report_file(key) is not None:
            out["report"] = f"{self.base}{prefix(key)}/report"
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
