"""`ZoomSandbox`: a stateful simulator of the Zoom webinar API subset zoomops uses.

One entry point, `handle(SandboxRequest) -> SandboxResponse`, serves `/oauth/token`, `/v2/...`
and the `/_sandbox/...` control endpoints; the same controls exist as methods. Order per API call:
faults, bearer token, per-second label bucket, route, validation, daily host limit, handler.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any

from zoomops.common.clock import Clock, utc_z
from zoomops.common.zoomlimits import DAILY_CREATE_UPDATE_LIMIT, PLAN_PANELIST_CAP
from zoomops.sandbox import branding, live, panelists, questions, registrants, reports, webinars
from zoomops.sandbox.attendance import Session, synthesize
from zoomops.sandbox.context import WEB_BASE, Ctx, Options
from zoomops.sandbox.control import handle_control
from zoomops.sandbox.credentials import SANDBOX_ORIGIN, SandboxCredentials
from zoomops.sandbox.errors import ZoomError, validation_failed
from zoomops.sandbox.faults import FaultInjector, FaultPlan, FaultRule
from zoomops.sandbox.ids import IdFactory
from zoomops.sandbox.oauth import check_bearer, check_scopes, expire_all, issue_token
from zoomops.sandbox.ratelimit import DailyHostLimit, QpsLimiter, qps_error
from zoomops.sandbox.spec_index import Operation, SpecIndex
from zoomops.sandbox.state import SandboxState, StateStore
from zoomops.sandbox.users import ensure_default_user, get_user, new_user
from zoomops.sandbox.validation import FieldError, validate, webinar_rule_errors
from zoomops.sandbox.webhooks import signed_delivery, webinar_event
from zoomops.sandbox.wire import SandboxRequest, SandboxResponse

Handler = Callable[[Ctx], tuple[int, Any]]
API_PREFIX = "/v2"


class ZoomSandbox:
    """The simulated Zoom account. Thread-safe; with `store`, every call reloads and saves the state file."""

    def __init__(
        self,
        clock: Clock,
        *,
        plan: str = "pro",
        faults: FaultPlan | None = None,
        seed: int = 0,
        store: StateStore | None = None,
        origin: str = SANDBOX_ORIGIN,
        live_events_for_webinars: bool = False,
        panelist_cap: int | None = None,
    ) -> None:
        self.clock = clock
        self.plan = plan
        self.origin = origin
        self.store = store
        self.spec = SpecIndex.load()
        self.qps = QpsLimiter(plan, clock)
        self.faults = FaultInjector(faults)
        self.options = Options(live_events_for_webinars, panelist_cap or PLAN_PANELIST_CAP[plan], WEB_BASE)
        self._lock = threading.RLock()
        self._seed = seed
        self._memory: SandboxState | None = None
        self._tracking = 0
        self._handlers = self._handler_table()

    # ---- state -------------------------------------------------------------------------------
    def _fresh_state(self) -> SandboxState:
        state = SandboxState(seed=self._seed)
        state.account.plan = self.plan
        ids = IdFactory(state.seed, state.id_counter)
        ensure_default_user(state, ids, utc_z(self.clock.now()))
        state.id_counter = ids.counter
        return state

    @contextmanager
    def transaction(self, *, save: bool = True) -> Iterator[tuple[SandboxState, IdFactory]]:
        """Hold the state (and the file lock) for one operation; save it afterwards when asked."""
        with self._lock, self.store.locked() if self.store else _nothing():
            state = (self.store.load() if self.store else self._memory) or self._fresh_state()
            ids = IdFactory(state.seed, state.id_counter)
            try:
                yield state, ids
            finally:
                state.id_counter = ids.counter
                self._memory = state
                if self.store and save:
                    self.store.save(state)

    # ---- entry point -------------------------------------------------------------------------
    def handle(self, request: SandboxRequest) -> SandboxResponse:
        response = self._dispatch(request)
        self._tracking += 1
        response.headers["x-zm-trackingid"] = f"v=2.0;clid=sbx;rid=SBX_{self._tracking:012d}"
        return response

    def _dispatch(self, request: SandboxRequest) -> SandboxResponse:
        if request.path.startswith("/_sandbox/"):
            return handle_control(self, request)
        if request.path == "/oauth/token" and request.method == "POST":
            return self._with_faults(request, self._oauth)
        if request.path.startswith(API_PREFIX + "/"):
            return self._with_faults(request, self._api)
        return SandboxResponse.of_json(404, {"code": 404, "message": "Not Found"})

    def _oauth(self, request: SandboxRequest) -> SandboxResponse:
        with self.transaction() as (state, ids):
            return issue_token(request, state, self.clock, ids, self.origin)

    # ---- faults ------------------------------------------------------------------------------
    def _with_faults(self, request: SandboxRequest, serve: Callable[[SandboxRequest], SandboxResponse]
                     ) -> SandboxResponse:
        with self._lock:
            fired = self.faults.select(request.method, request.path)
        for rule in fired:
            if rule.kind == "latency":
                self.clock.sleep(rule.seconds)
        before = next((r for r in fired if r.kind in ("drop", "timeout", "error", "rate_limit")), None)
        if before is not None:
            return self._fault_response(before, request)
        if any(r.kind == "expire_tokens" for r in fired):
            self.expire_tokens()
        response = serve(request)
        after = next((r for r in fired if r.kind == "commit_then_fail"), None)
        if after is not None and 200 <= response.status < 300:
            return self._lost_response(after)
        return response

    def _fault_response(self, rule: FaultRule, request: SandboxRequest) -> SandboxResponse:
        if rule.kind in ("drop", "timeout"):
            return SandboxResponse(0, transport_fault=rule.kind)
        if rule.kind == "rate_limit":
            matched = self.spec.match(request.method, request.path.removeprefix(API_PREFIX))
            label = matched[0].label if matched else "Light"
            err = qps_error(label, self.qps.limits[label][0])
            return SandboxResponse.of_json(err.status, err.body(), err.headers)
        return _server_error(rule.status)

    def _lost_response(self, rule: FaultRule) -> SandboxResponse:
        if rule.outcome in ("drop", "timeout"):
            return SandboxResponse(0, transport_fault=rule.outcome)
        return _server_error(rule.status)

    # ---- API ---------------------------------------------------------------------------------
    def _api(self, request: SandboxRequest) -> SandboxResponse:
        path = request.path.removeprefix(API_PREFIX)
        with self.transaction(save=request.method != "GET") as (state, ids):
            try:
                check_bearer(request, state, self.clock.now())
                matched = self.spec.match(request.method, path)
                if matched is None:
                    return SandboxResponse.of_json(404, {"code": 404, "message": "Not Found"})
                op, params = matched
                check_scopes(request, state, op.scopes)
                self.qps.charge(op.label)
                ctx = Ctx(state, self.clock, ids, self.options, params, dict(request.query), _body(request))
                self._validate(op, ctx)
                status, payload = self._handlers[op.operation_id](ctx)
            except ZoomError as err:
                return SandboxResponse.of_json(err.status, err.body(), err.headers)
        if payload is None:
            return SandboxResponse.empty(status)
        return SandboxResponse.of_json(status, payload)

    def _validate(self, op: Operation, ctx: Ctx) -> None:
        errors: list[FieldError] = []
        if op.request_schema is not None:
            body = ctx.body if ctx.body is not None else {}
            errors.extend(validate(op.request_schema, body))
            if op.operation_id in ("webinarCreate", "webinarUpdate") and isinstance(body, dict):
                errors.extend(webinar_rule_errors(body, update=op.operation_id == "webinarUpdate"))
        if errors:
            raise validation_failed(errors)

    def _handler_table(self) -> dict[str, Handler]:
        daily = DailyHostLimit(DAILY_CREATE_UPDATE_LIMIT)
        return {
            "webinarCreate": lambda ctx: webinars.create_webinar(ctx, daily),
            "webinars": webinars.list_webinars,
            "webinar": webinars.get_webinar,
            "webinarUpdate": lambda ctx: webinars.update_webinar(ctx, daily),
            "webinarDelete": webinars.delete_webinar,
            "webinarStatus": webinars.end_webinar,
            "webinarPanelistCreate": panelists.add_panelists,
            "webinarPanelists": panelists.list_panelists,
            "webinarPanelistsDelete": panelists.delete_all_panelists,
            "webinarPanelistDelete": panelists.delete_panelist,
            "webinarLiveStreamUpdate": live.update_livestream,
            "getWebinarLiveStreamDetails": live.get_livestream,
            "webinarLiveStreamStatusUpdate": live.livestream_status,
            "inMeetingControl": live.meeting_events,
            "user": get_user,
            "reportWebinarParticipants": reports.report_participants,
            "reportWebinarQA": reports.report_qa,
            "reportWebinarPolls": reports.report_polls,
            "listWebinarParticipants": reports.past_participants,
            "listPastWebinarQA": reports.past_qa,
            "listPastWebinarPollResults": reports.past_polls,
            "webinarAbsentees": reports.absentees,
            "recordingGet": reports.recording,
            "webinarRegistrants": registrants.list_registrants,
            "webinarRegistrantCreate": registrants.add_registrant,
            "addBatchWebinarRegistrants": registrants.batch_registrants,
            "webinarRegistrantStatus": registrants.update_status,
            "webinarRegistrantGet": registrants.get_registrant,
            "deleteWebinarRegistrant": registrants.delete_registrant,
            "webinarRegistrantsQuestionsGet": questions.get_questions,
            "webinarRegistrantQuestionUpdate": questions.update_questions,
            "getWebinarBranding": branding.get_branding,
            "createWebinarBrandingNameTag": branding.create_name_tag,
            "updateWebinarBrandingNameTag": branding.update_name_tag,
            "deleteWebinarBrandingNameTag": branding.delete_name_tags,
        }

    # ---- controls (also reachable at /_sandbox/...) -------------------------------------------
    def credentials(self) -> SandboxCredentials:
        with self.transaction(save=self.store is not None) as (state, _):
            account = state.account
        return SandboxCredentials(account.account_id, account.client_id, account.client_secret,
                                  api_url=f"{self.origin}{API_PREFIX}", oauth_url=f"{self.origin}/oauth/token")

    def start_webinar(self, webinar_id: str | int) -> None:
        """Mark a webinar as started (the host joined); it can then be ended or streamed."""
        with self.transaction() as (state, ids):
            record = Ctx(state, self.clock, ids, self.options).record(str(webinar_id))
            record["status"] = "started"

    def webhook(self, event: str, webinar_id: str | int, secret: str) -> tuple[dict[str, str], bytes]:
        """A signed `webinar.*` webhook delivery (headers, raw body) for a webinar of this sandbox."""
        with self.transaction(save=False) as (state, _):
            resource = state.webinars[str(webinar_id)]["webinar"]
            payload = webinar_event(event, state.account.account_id, resource, self.clock.now())
        return signed_delivery(secret, payload, self.clock.now())

    def set_faults(self, plan: FaultPlan | None) -> None:
        with self._lock:
            self.faults = FaultInjector(plan)

    def set_feature(self, name: str, enabled: bool) -> None:
        with self.transaction() as (state, _):
            state.account.features[name] = enabled

    def add_user(self, email: str, *, first_name: str = "Sandbox", last_name: str = "User",
                 timezone: str = "UTC") -> dict[str, Any]:
        with self.transaction() as (state, ids):
            user = new_user(state, ids, email, created_at=utc_z(self.clock.now()), first_name=first_name,
                            last_name=last_name, timezone=timezone)
            return copy.deepcopy(user)

    def set_scopes(self, scopes: str) -> None:
        """The scopes the app's later tokens carry (tokens already issued keep theirs, as at Zoom)."""
        with self.transaction() as (state, _):
            state.account.scopes = " ".join(scopes.split())

    def set_reports(self, webinar_id: str | int, data: dict[str, Any]) -> dict[str, Any]:
        """Put report data on a webinar: `participants`/`qa`/`polls`/`absentees`/`recording` as given, or, with
        `synthesize: {"sessions": [...], "seed": N}`, synthetic attendance on those sessions' times."""
        with self.transaction() as (state, ids):
            record = Ctx(state, self.clock, ids, self.options).record(str(webinar_id))
            recipe = data.get("synthesize")
            if recipe is not None:
                sessions = [Session.from_json(s) for s in recipe["sessions"]]
                registration = record["webinar"]["settings"].get("approval_type", 2) in (0, 1)
                data = synthesize(sessions, seed=int(recipe.get("seed", 0)), registration=registration)
            current = reports.reports_of(record)
            current.update({k: copy.deepcopy(v) for k, v in data.items()
                            if k in ("participants", "qa", "polls", "absentees", "recording")})
            return copy.deepcopy(current)

    def expire_tokens(self) -> None:
        with self.transaction() as (state, _):
            expire_all(state, self.clock.now())

    def snapshot(self) -> dict[str, Any]:
        """The whole state as JSON-ready data (tokens included: it is a sandbox)."""
        with self.transaction(save=False) as (state, _):
            return copy.deepcopy(state.to_dict())

    def webinar_record(self, webinar_id: str | int) -> dict[str, Any]:
        """The sandbox's full record of a webinar (status, panelists, stream, events), deleted or not."""
        with self.transaction(save=False) as (state, _):
            return copy.deepcopy(state.webinars[str(webinar_id)])


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _body(request: SandboxRequest) -> Any:
    try:
        return request.json()
    except (ValueError, UnicodeDecodeError) as exc:
        raise validation_failed([FieldError("body", "Invalid JSON.")]) from exc


def _server_error(status: int) -> SandboxResponse:
    return SandboxResponse.of_json(status, {"code": status, "message": HTTPStatus(status).phrase})
