"""The board on the runner's server: the page of each view, its assets, a JSON snapshot and one event stream.

Access (the page and its stream take the token from the URL, since EventSource cannot send headers):
- `/board?token=<control token>`: the tech host's cuesheet with its controls; the buttons call the control API
  with the token in the Authorization header.
- `/board?view=<view token>`: a read-only view; which one (board, stage, interpreter, moderator) is decided by
  the token. No controls are rendered, and the control API answers a view token 403.
- `/board/events?…` (`text/event-stream`): `hello` (access and view), the full `state`, then a `patch` with
  the changed panels after each burst of runner events, and a `tick` each second (see `board.hub`).
- `/board/state?…`: the state now, as JSON; `/board/report?…`: the run's report.

The page's own URLs (assets, stream, control API, languages) are relative to it, so the same page works at
`/board` on the runner's server and under a prefix: `zoomops serve` hosts each live event's board at
`/events/{key}/board` on its own server (`hosted`, `board.hosting`), and a reverse proxy may add its own path.
"""

from __future__ import annotations

import functools
import hmac
import socket
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from jinja2 import PackageLoader, Template

from zoomops.board.hub import BoardHub
from zoomops.board.links import VIEW_TITLES, Links, load_links, qr_text, save_links, urls
from zoomops.board.state import Journal, board_state
from zoomops.board.strings import language_links, page_language, page_strings
from zoomops.common.diagnostics import OperationalError
from zoomops.i18n.templates import environment
from zoomops.runner.server import ControlServer, Listen, Request, Response
from zoomops.show.model import Schedule
from zoomops.show.rota import Rota, build_rota

Access = Literal["control", "view"]

_STATIC = {
    "/board/board.css": ("board.css", "text/css; charset=utf-8"),
    "/board/board.js": ("board.js", "text/javascript; charset=utf-8"),
}
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_PAGE_HEADERS = {
    "Content-Security-Policy": _CSP,
    "Referrer-Policy": "no-referrer",  # the token is in the page's URL
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
STREAM_HEADERS = {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Accel-Buffering": "no",  # nginx: pass events through at once
}


@dataclass(frozen=True)
class BoardOptions:
    """How the board is reached: the address people use (`--public-url`), TLS files, QR codes in the terminal."""

    public_url: str | None = None
    certfile: str | None = None
    keyfile: str | None = None
    qr: bool = False


class Board:
    """Mounts the board's routes on a ControlServer and publishes its state through `hub`."""

    def __init__(
        self,
        server: ControlServer,
        schedule: Schedule,
        *,
        rota: Rota | None = None,
        hub: BoardHub | None = None,
        links: Links | None = None,
        public_url: str | None = None,
    ) -> None:
        self.server = server
        self.runner = server.runner
        self.schedule = schedule
        self.rota = rota if rota is not None else build_rota(schedule)
        self.hub = hub if hub is not None else BoardHub()
        self.links = links if links is not None else Links(server.token, load_links(server.state_dir).views)
        self.public_url = public_url
        self.journal = Journal(self.runner)
        self._lock = threading.Lock()

    @property
    def view_token(self) -> str:
        return self.links.views["board"]

    def mount(self) -> Board:
        routes = {
            ("GET", "/board"): self._page,
            ("GET", "/board/state"): self._state,
            ("GET", "/board/events"): self._events,
            ("GET", "/board/report"): self._report,
            **{("GET", path): self._asset for path in _STATIC},
        }
        for key, handler in routes.items():
            self.server.routes[key] = ("none", handler)  # the board checks its own tokens
        self.hub.attach(self.compute, self.tick, self.server.call_soon)
        self.server.background.append(self.hub.run)
        self.server.on_stop.append(self.hub.end_streams)
        self.server.after_stop.append(self.hub.finish)
        self.server.handoffs["/board/events"] = self._hand_off
        return self

    # ---- the one computation ----
    def compute(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        """The board state after `events` (the publisher calls this once per burst, for every viewer)."""
        with self._lock:
            if not self.journal.seeded:
                self.journal.seed()
            self.journal.add(events)
            state = board_state(self.runner, self.schedule, self.rota, self.runner.event_now(), self.journal)
            if state["finished"]:
                state["report"] = _summary(self.runner.report())
            return state

    def tick(self) -> dict[str, Any]:
        now = self.runner.event_now()
        return {"now": now.isoformat(), "clock": now.astimezone(self.schedule.tz).strftime("%H:%M:%S")}

    # ---- URLs ----
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"{self.server.scheme}://{_url_host(self.server.host)}:{self.server.port}"

    def urls(self) -> dict[str, str]:
        """The control link and every view link (`view` is the general read-only board)."""
        found = urls(self.links, self.base_url())
        found["view"] = found["board"]
        return found

    # ---- access ----
    def access(self, request: Request) -> tuple[Access, str] | Response:
        """Which board the request may see: the control token (query `token` or bearer) or a view token."""
        given = request.query.get("token") or request.query.get("view") or _bearer(request)
        if not given:
            return Response(401, {"error": "missing token (?token=… or ?view=…)"})
        if _same(given, self.server.token):
            return ("view", "board") if "view" in request.query else ("control", "control")
        role = self.links.role_of(given)
        if role is None:
            return Response(403, {"error": "wrong token"})
        return "view", role

    # ---- handlers ----
    def _page(self, request: Request) -> Response:
        found = self.access(request)
        if isinstance(found, Response):
            return found
        access, role = found
        lang = page_language(request.query.get("lang"))
        html = _page_template(lang).render(
            access=access,
            view=role,
            strings=page_strings(self.schedule, lang),
            languages=language_links(request.query),
        )
        return Response(200, html.encode(), {"Content-Type": "text/html; charset=utf-8", **_PAGE_HEADERS})

    def _asset(self, request: Request) -> Response:
        name, ctype = _STATIC[request.path]
        return Response(200, _static(name).encode(), {"Content-Type": ctype, "Cache-Control": "no-cache"})

    def _state(self, request: Request) -> Response:
        found = self.access(request)
        if isinstance(found, Response):
            return found
        state = self.compute([])
        state["access"], state["view"] = found
        return Response(200, state, {"Cache-Control": "no-store"})

    def _report(self, request: Request) -> Response:
        found = self.access(request)
        if isinstance(found, Response):
            return found
        return Response(200, self.runner.report(), {"Cache-Control": "no-store"})

    def _events(self, request: Request) -> Response:
        found = self.access(request)
        if isinstance(found, Response):
            return found
        hello = {"access": found[0], "view": found[1]}
        return Response(200, b"", dict(STREAM_HEADERS), stream=lambda: self.hub.subscribe(hello, self.server.stopping))


    def _hand_off(self, request: Request, fileno: int) -> bool:
        """An event stream request whose token is good goes to the hub's relay (a bad one is answered here)."""
        found = self.access(request)
        if isinstance(found, Response):
            return False
        return self.hub.hand_off(fileno, {"access": found[0], "view": found[1]})


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "reason": report.get("reason"),
        "cues": report.get("cues"),
        "fired": report.get("fired"),
        "missed": len(report.get("missed") or []),
        "skipped": len(report.get("skipped") or []),
        "pending": len(report.get("pending") or []),
    }


@functools.cache
def _page_template(lang: str) -> Template:
    """The board's page in `lang` (controls are rendered for the control token only)."""
    return environment(PackageLoader("zoomops.board", "templates"), lang).get_template("board.html.j2")


def _static(name: str) -> str:
    return resources.files("zoomops.board").joinpath("static", name).read_text(encoding="utf-8")


def _bearer(request: Request) -> str | None:
    value = next((v for k, v in request.headers.items() if k.lower() == "authorization"), "")
    return value[7:].strip() if value.startswith("Bearer ") else None


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode(), token.encode())


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


def bind(
    runner: Any,
    schedule: Schedule,
    state_dir: Path,
    clock: Any,
    *,
    host: str = "127.0.0.1",
    port: int | None = 0,
    webhook_secret: str | None = None,
    webinar_id: str | int | None = None,
    hub: BoardHub | None = None,
    public_url: str | None = None,
    certfile: str | None = None,
    keyfile: str | None = None,
) -> tuple[ControlServer, Board]:
    """The server bound to host:port with the board mounted, not yet serving (`server.start()` does).

    The tokens come from `links.json` in the state directory; `port=None` means the port kept there (any
    free port the first time, then the same one on every restart while it is free)."""
    links = load_links(state_dir)
    wanted = port if port is not None else (links.port or 0)
    listen = Listen(host, wanted, certfile, keyfile)
    try:
        server = ControlServer(runner, state_dir, clock, webhook_secret=webhook_secret, webinar_id=webinar_id,
                               token=links.control, listen=listen)
    except OperationalError:
        if port is not None or not links.port:
            raise
        listen = Listen(host, 0, certfile, keyfile)  # the kept port is taken: any port (the links change)
        server = ControlServer(runner, state_dir, clock, webhook_secret=webhook_secret, webinar_id=webinar_id,
                               token=links.control, listen=listen)
    return server, Board(server, schedule, hub=hub, links=links, public_url=public_url).mount()


def hosted(
    runner: Any,
    schedule: Schedule,
    state_dir: Path,
    clock: Any,
    *,
    base_url: str,
    webhook_secret: str | None = None,
    hub: BoardHub | None = None,
) -> tuple[ControlServer, Board]:
    """The board and control API of a runner served by another server under a prefix (`zoomops serve`): no
    port of its own; its links are `base_url` + `/board?…` (the tokens from `links.json`, as `bind`'s)."""
    links = load_links(state_dir)
    server = ControlServer(runner, state_dir, clock, webhook_secret=webhook_secret, token=links.control, hosted=True)
    return server, Board(server, schedule, hub=hub, links=links, public_url=base_url).mount()


def keep_port(board: Board) -> None:
    """Remember the port the server got, for the next start (called once the runner holds its lock)."""
    if board.links.port != board.server.port:
        board.links.port = board.server.port
        save_links(board.server.state_dir, board.links)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def announce(server: ControlServer, board: Board, *, qr: bool = False) -> list[str]:
    """The lines `run`/`rehearse` print: the API, each link, a QR code of each view link (when asked), and a
    warning when listening beyond this machine over plain HTTP."""
    links = board.urls()
    lines = [
        f"zoomops: control API on {server.scheme}://{_url_host(server.host)}:{server.port} "
        f"(token in {server.state_dir / 'control.token'})",
        f"zoomops: board with controls: {links['control']}",
        f"zoomops: board, view only (interpreters, moderators): {links['view']}",
    ]
    for name in ("stage", "interpreter", "moderator"):
        lines.append(f"zoomops: {VIEW_TITLES[name]} view: {links[name]}")
    if not is_loopback(server.host) and not server.listen.tls:
        lines.append(
            f"zoomops: WARNING: listening on {server.host}, not only this machine: anyone who can reach port "
            f"{server.port} can try the API and the board, over plain HTTP; share the view link, never the control one"
        )
    if qr:
        for name in ("board", "stage", "interpreter", "moderator"):
            lines.append(f"zoomops: {VIEW_TITLES[name]} (scan with a phone):")
            lines.extend(qr_text(links[name]).rstrip("\n").splitlines())
    return lines
