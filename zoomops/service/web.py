"""The service's HTTP side on Starlette: the JSON REST API (with its OpenAPI description at /openapi.json), the
organizer console (one Jinja2 page), /healthz, /readyz and /metrics. Bearer tokens with roles (viewer reads,
organizer approves/rejects/applies), or the user a trusted reverse proxy names in its header (`ProxyAuth`); the
console keeps the token in an HttpOnly, SameSite=Strict cookie. Each live event's board is served under
`/events/{key}/` by `boards` (with its own tokens); an event whose board is not served here answers a 404 page,
or 410 once it has ended. The console's links and forms are relative, so it works behind a proxy on a path.
Handlers are plain functions run in Starlette's thread pool (applying a plan calls Zoom)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.schemas import SchemaGenerator

from zoomops.service.auth import ProxyAuth, Role, Tokens
from zoomops.service.lifecycle import NotAllowed, Service
from zoomops.service.metrics import ServiceMetrics
from zoomops.service.store import EventRecord, Lifecycle

COOKIE = "zoomops_service"
MAX_FORM = 4096  # bytes of a console form or an API body
TEMPLATES = Path(__file__).parent / "templates"
REPORT_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                  "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
_TEXT = {"type": "string", "nullable": True}
_INSTANT = {"type": "string", "format": "date-time", "nullable": True}
EVENT_SCHEMA: dict[str, Any] = {"type": "object", "properties": {
    "key": {"type": "string", "description": "the schedule's file name in the schedules directory"},
    "path": {"type": "string"}, "content_hash": {"type": "string"},
    "state": {"type": "string", "enum": [str(s) for s in Lifecycle]},
    "last_error": _TEXT, "plan_digest": _TEXT, "approved_digest": _TEXT, "approved_by": _TEXT,
    "plan_text": {**_TEXT, "description": "the plan an organizer approves or rejects (GET /api/events/{key} only)"},
    "plan_changes": {"type": "boolean"}, "drift": {"type": "boolean", "description": "the plan undoes a change "
                                                   "made in Zoom's portal"},
    "starts_at": _INSTANT, "ends_at": _INSTANT, "preflight_at": _INSTANT, "checked_at": _INSTANT,
    "updated_at": _INSTANT,
    "lease": {"type": "object", "nullable": True, "description": "who runs the event: the instance holding its "
              "lease (null: nobody yet)", "properties": {
                  "holder": {"type": "string", "description": "the instance (serve --holder, default host:pid)"},
                  "token": {"type": "integer", "description": "the fencing token: one more at each change of holder"},
                  "expires_at": {"type": "string", "format": "date-time",
                                 "description": "when the lease passes to another instance unless renewed"}}},
    "runner": {"type": "object", "nullable": True, "description": "this instance's runner of the event (null: none "
               "here). FENCED: it stopped acting because this instance could no longer prove it held the lease",
               "properties": {
                   "instance": {"type": "string"}, "token": {"type": "integer", "nullable": True,
                                                            "description": "the fencing token it ran under"},
                   "state": {"type": "string", "enum": ["running", "fenced"]},
                   "reason": {**_TEXT, "description": "why it was fenced"},
                   "since": {**_INSTANT, "description": "when it was let go (null while it is still held here)"}}},
    "links": {"type": "object", "additionalProperties": {"type": "string"},
              "description": "the board's view links while the event is live here (board, stage, interpreter, "
                             "moderator; never the control link), the report once written"},
}}
OPENAPI_INFO = {"openapi": "3.0.3", "info": {"title": "zoomops serve", "version": "1"},
                "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                               "schemas": {"Event": EVENT_SCHEMA}},
                "security": [{"bearer": []}]}
BoardRoutes = Callable[[str, str, Request], Awaitable[Response | None]]  # (key, path under it, request); None: no
# board of this event is served here


class ServiceWeb:
    """The ASGI app of one service; `ready()` says whether the service loop is alive (for /readyz)."""

    def __init__(self, service: Service, tokens: Tokens, metrics: ServiceMetrics,
                 budget: Callable[[], tuple[int, int]], ready: Callable[[], bool],
                 board_links: Callable[[str], dict[str, str]] | None = None, proxy: ProxyAuth | None = None,
                 report_file: Callable[[str], Path | None] | None = None,
                 boards: BoardRoutes | None = None,
                 runner_fenced: Callable[[str], str | None] | None = None) -> None:
        self.service = service
        self.tokens = tokens
        self.proxy = proxy
        self.report_file = report_file or (lambda _key: None)
        self.metrics = metrics
        self.budget = budget
        self.ready = ready
        self.board_links = board_links or (lambda _key: {})
        self.boards = boards
        self.runner_fenced = runner_fenced or (lambda _key: None)  # why the event's runner here stopped acting
        self.jinja = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2", "html"]))
        self.jinja.filters["here"] = _here
        self.routes: list[BaseRoute] = [
            Route("/api/events", self.list_events, methods=["GET"]),
            Route("/api/events/{key}", self.get_event, methods=["GET"]),
            Route("/api/events/{key}/approve", self.approve, methods=["POST"]),
            Route("/api/events/{key}/apply", self.approve, methods=["POST"], include_in_schema=False),
            Route("/api/events/{key}/reject", self.reject, methods=["POST"]),
            Route("/api/budget", self.get_budget, methods=["GET"]),
            Route("/openapi.json", self.openapi, methods=["GET"], include_in_schema=False),
            Route("/healthz", self.healthz, methods=["GET"], include_in_schema=False),
            Route("/readyz", self.readyz, methods=["GET"], include_in_schema=False),
            Route("/metrics", self.prometheus, methods=["GET"], include_in_schema=False),
            Route("/events/{key}/report", self.report, methods=["GET"], include_in_schema=False),
            Route("/events/{key}/{path:path}", self.board, methods=["GET", "POST", "HEAD"], include_in_schema=False),
            Route("/", self.console, methods=["GET"], include_in_schema=False),
            Route("/login", self.login, methods=["POST"], include_in_schema=False),
            Route("/console/{key}/{verb}", self.console_action, methods=["POST"], include_in_schema=False),
        ]
        self.schema = SchemaGenerator(OPENAPI_INFO)

    def app(self) -> Starlette:
        return Starlette(routes=self.routes)

    # ---- auth ----
    def _role(self, request: Request) -> Role | None:
        if self.proxy is not None:  # the user a trusted reverse proxy authenticated (its header from no one else)
            user = self.proxy.user(request.client.host if request.client else None, request.headers)
            if user is not None:
                return self.proxy.role(user)
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else request.cookies.get(COOKIE)
        return self.tokens.role(token)

    def _refuse(self, request: Request, needed: Role) -> Response | None:
        role = self._role(request)
        if role is None:
            return JSONResponse({"error": "a valid token is required"}, 401, {"WWW-Authenticate": "Bearer"})
        if role < needed:
            return JSONResponse({"error": f"this needs the {needed.name.lower()} role"}, 403)
        return None

    # ---- API ----
    def list_events(self, request: Request) -> Response:
        """Every event with its lifecycle state.
        ---
        responses:
          200:
            description: "every event: its state, who runs it (lease, runner: running or fenced), its links"
            content:
              application/json:
                schema: {type: object, properties: {events: {type: array, items: {$ref: "#/components/schemas/Event"}}}}
          401: {description: no or unknown token}
        """
        if (refused := self._refuse(request, Role.VIEWER)) is not None:
            return refused
        return JSONResponse({"events": [self._event(r, plan=False) for r in self.service.store.events()]})

    def get_event(self, request: Request) -> Response:
        """One event with its plan (the diff an organizer approves or rejects).
        ---
        parameters: [{name: key, in: path, required: true, schema: {type: string}}]
        responses:
          200:
            description: "the event, with plan_text and plan_digest"
            content: {application/json: {schema: {$ref: "#/components/schemas/Event"}}}
          401: {description: no or unknown token}
          404: {description: no such event}
        """
        if (refused := self._refuse(request, Role.VIEWER)) is not None:
            return refused
        record = self.service.store.get(request.path_params["key"])
        if record is None:
            return JSONResponse({"error": "no such event"}, 404)
        return JSONResponse(self._event(record, plan=True))

    async def approve(self, request: Request) -> Response:
        """Approve the plan with this digest and apply it now (re-planned first: a changed plan is refused).
        ---
        parameters: [{name: key, in: path, required: true, schema: {type: string}}]
        requestBody:
          content:
            application/json: {schema: {type: object, required: [digest], properties: {digest: {type: string}}}}
        responses:
          200: {description: "the event after applying (provisioned, or planned with last_error)"}
          401: {description: no or unknown token}
          403: {description: the token is not an organizer's}
          409: {description: no plan with this digest waits for approval}
        """
        return await self._decide(request, self.service.approve)

    async def reject(self, request: Request) -> Response:
        """Reject the plan with this digest: Zoom is left as it is.
        ---
        parameters: [{name: key, in: path, required: true, schema: {type: string}}]
        requestBody:
          content:
            application/json: {schema: {type: object, required: [digest], properties: {digest: {type: string}}}}
        responses:
          200: {description: the event}
          401: {description: no or unknown token}
          403: {description: the token is not an organizer's}
          409: {description: no plan with this digest waits for approval}
        """
        return await self._decide(request, self.service.reject)

    async def _decide(self, request: Request, decide: Callable[[str, str, str], EventRecord]) -> Response:
        if (refused := self._refuse(request, Role.ORGANIZER)) is not None:
            return refused
        body = _json(await _small_body(request))
        if not isinstance(body, dict) or not isinstance(body.get("digest"), str):
            return JSONResponse({"error": 'the body must be {"digest": "<plan digest>"}'}, 400)
        try:
            record = await run_in_threadpool(decide, request.path_params["key"], body["digest"], "organizer")
        except KeyError:
            return JSONResponse({"error": "no such event"}, 404)
        except NotAllowed as exc:
            return JSONResponse({"error": str(exc)}, 409)
        return JSONResponse(self._event(record, plan=True))

    def get_budget(self, request: Request) -> Response:
        """The host's daily create/update budget as zoomops has used it today.
        ---
        responses:
          200: {description: "{used, limit}"}
        """
        if (refused := self._refuse(request, Role.VIEWER)) is not None:
            return refused
        used, limit = self.budget()
        return JSONResponse({"used": used, "limit": limit})

    def openapi(self, request: Request) -> Response:
        return JSONResponse(self.schema.get_schema(self.routes))

    # ---- operations ----
    def healthz(self, request: Request) -> Response:
        return JSONResponse({"ok": True})

    def readyz(self, request: Request) -> Response:
        ready = self.ready()
        return JSONResponse({"ready": ready}, 200 if ready else 503)

    def prometheus(self, request: Request) -> Response:
        if (refused := self._refuse(request, Role.VIEWER)) is not None:
            return refused
        return Response(self.metrics.render(self.service.store), media_type="text/plain; version=0.0.4")

    def report(self, request: Request) -> Response:
        """The event's as-run report page (viewer role), once the service wrote it; its private/ part is never
        served."""
        if (refused := self._refuse(request, Role.VIEWER)) is not None:
            return refused
        key = request.path_params["key"]
        page = self.report_file(key) if self.service.store.get(key) is not None else None
        if page is None:
            return JSONResponse({"error": "no report for this event (yet)"}, 404)
        return HTMLResponse(page.read_text(encoding="utf-8"), headers=REPORT_HEADERS)

    async def board(self, request: Request) -> Response:
        """The event's board, control API and webhook (their own tokens) while it is live here; else a page that
        says why not: 404 (no such event, or not live here), 410 (ended)."""
        key, path = request.path_params["key"], request.path_params["path"]
        if self.boards is not None and (served := await self.boards(key, path, request)) is not None:
            return served
        record = self.service.store.get(key)
        up = "../" * path.count("/")  # relative to the page asked for
        if record is None:
            status, title, text, link = 404, "No such event", f"There is no event {key} here.", None
        elif record.state is Lifecycle.DONE:
            status, title, text = 410, "This event has ended", f"The event {key} has ended: its board is closed."
            link = up + "report" if self.report_file(key) is not None else None
        else:
            status, title, link = 404, "This board is not live", None
            text = (f"The event {key} is {record.state}: its board is served from the start of its pre-flight, by "
                    "the instance that runs it." if record.state is not Lifecycle.LIVE else
                    f"The event {key} is live, but its board is not served by this instance.")
        page = self.jinja.get_template("gone.html.j2").render(title=title, text=text, report=link)
        return HTMLResponse(page, status, headers={"Cache-Control": "no-store"})

    # ---- console ----
    def console(self, request: Request) -> Response:
        role = self._role(request)
        if role is None:
            return HTMLResponse(self.jinja.get_template("login.html.j2").render())
        used, limit = self.budget()
        events = [self._event(r, plan=True) for r in self.service.store.events()]
        page = self.jinja.get_template("console.html.j2").render(
            events=events, used=used, limit=limit, organizer=role >= Role.ORGANIZER, quote=quote,
            instance=self.service.options.holder)
        return HTMLResponse(page)

    async def login(self, request: Request) -> Response:
        form = parse_qs((await _small_body(request)).decode("utf-8", "replace"))
        token = (form.get("token") or [""])[0]
        if self.tokens.role(token) is None:
            return HTMLResponse(self.jinja.get_template("login.html.j2").render(failed=True), 401)
        response = RedirectResponse("./", 303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return response

    async def console_action(self, request: Request) -> Response:
        if (refused := self._refuse(request, Role.ORGANIZER)) is not None:
            return refused
        form = parse_qs((await _small_body(request)).decode("utf-8", "replace"))
        verb, key, digest = request.path_params["verb"], request.path_params["key"], (form.get("digest") or [""])[0]
        decide = {"approve": self.service.approve, "reject": self.service.reject}.get(verb)
        if decide is None:
            return JSONResponse({"error": "no such action"}, 404)
        try:
            await run_in_threadpool(decide, key, digest, "organizer")
        except (KeyError, NotAllowed) as exc:
            return HTMLResponse(f"<p>{_escape(str(exc))}</p><p><a href='../../'>back</a></p>", 409)
        return RedirectResponse("../../", 303)  # the console, relative to /console/{key}/{verb}

    # ---- helpers ----
    def _event(self, record: EventRecord, *, plan: bool) -> dict[str, Any]:
        data = asdict(record)
        data["state"] = str(record.state)
        if not plan:
            data.pop("plan_text")
        lease = self.service.store.lease(record.key)
        data["lease"] = {"holder": lease.holder, "token": lease.token, "expires_at": lease.expires_at.isoformat()} \
            if lease else None
        data["runner"] = self._runner(record.key)
        data["links"] = self.board_links(record.key)
        return data

    def _runner(self, key: str) -> dict[str, Any] | None:
        """This instance's runner of the event: running, or fenced (why, and since when once let go)."""
        me = self.service.options.holder
        if key in self.service.runners:
            fence = self.service.runner_fence(key)
            reason = self.runner_fenced(key) or (fence.lost if fence is not None else None)
            return {"instance": me, "token": fence.token if fence is not None else None,
                    "state": "fenced" if reason else "running", "reason": reason, "since": None}
        gone = self.service.let_go.get(key)
        if gone is None:
            return None
        return {"instance": me, "token": gone.token, "state": "fenced", "reason": gone.reason,
                "since": gone.at.isoformat()}


async def _small_body(request: Request) -> bytes:
    """At most MAX_FORM bytes of the body (the rest is never read): forms and approvals are tiny."""
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_FORM:
            return b""
    return bytes(body)


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _here(url: str) -> str:
    """A link on the console (at the service's root): a root-relative one made relative, so that it keeps a
    reverse proxy's path prefix; absolute ones (the public URL) as they are."""
    return url[1:] if url.startswith("/") and not url.startswith("//") else url


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
