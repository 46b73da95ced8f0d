"""`ZoomClient`: one typed method per Zoom operation zoomops uses, each with its rate category and status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import quote, urlsplit

import requests

from zoomops.zoom.errors import ZoomAPIError, error_from_response
from zoomops.zoom.models import (
    MAX_PANELISTS_PER_CALL,
    InMeetingEvent,
    Livestream,
    LivestreamSettings,
    LivestreamStatus,
    Panelist,
    PanelistIn,
    PanelistList,
    PanelistsAdd,
    PanelistsAdded,
    User,
    Webinar,
    WebinarCreate,
    WebinarPage,
    WebinarStatus,
    WebinarSummary,
    WebinarUpdate,
)
from zoomops.zoom.ratelimit import Category
from zoomops.zoom.session import CallHook, CallObserver, ZoomSession

LIST_PAGE_SIZE = 300
WebinarId = int | str


def path_id(value: WebinarId) -> str:
    """A path segment; webinar UUIDs starting with `/` or containing `//` are double-encoded (Zoom's rule)."""
    text = str(value)
    if text.startswith("/") or "//" in text:
        return quote(quote(text, safe=""), safe="")
    return quote(text, safe="@")


class ZoomClient:
    """Typed access to the webinar, panelist, live-control and user endpoints."""

    def __init__(self, session: ZoomSession) -> None:
        self.session = session

    def __repr__(self) -> str:
        return f"ZoomClient({self.session!r})"

    @property
    def calls(self) -> Counter[str]:
        """HTTP requests actually sent to the API (retries included), by method."""
        return self.session.calls

    def add_call_hook(self, hook: CallHook) -> None:
        """`hook(method, path, status)` after every HTTP request (status None if no answer came)."""
        self.session.call_hooks.append(hook)

    def add_call_observer(self, observer: CallObserver) -> None:
        """`observer(ZoomCall)` after every HTTP request: method, path, status, rate-limit category, 429 type."""
        self.session.call_observers.append(observer)

    def _call(self, method: str, path: str, category: Category, expected: frozenset[int],
              **kwargs: Any) -> requests.Response:
        response = self.session.request(method, path, category=category, **kwargs)
        if response.status_code in expected:
            return response
        api_path = urlsplit(response.url).path or path
        if response.status_code >= 400:
            raise error_from_response(response, method, api_path, self.session.clock.now())
        raise ZoomAPIError(response.status_code, None, f"unexpected status (wanted {sorted(expected)})",
                           method=method, path=api_path)

    call = _call  # the resource modules (registrants, questions, name_tags) send through it too

    # Webinars

    def create_webinar(self, user_id: str, webinar: WebinarCreate) -> Webinar:
        response = self._call("POST", f"users/{path_id(user_id)}/webinars", Category.LIGHT, frozenset({201}),
                              json=webinar.to_body())
        return Webinar.model_validate(response.json())

    def get_webinar(self, webinar_id: WebinarId, *, occurrence_id: str | None = None) -> Webinar:
        params = {"occurrence_id": occurrence_id} if occurrence_id else None
        response = self._call("GET", f"webinars/{path_id(webinar_id)}", Category.LIGHT, frozenset({200}),
                              params=params)
        return Webinar.model_validate(response.json())

    def update_webinar(self, webinar_id: WebinarId, patch: Mapping[str, Any] | WebinarUpdate, *,
                       occurrence_id: str | None = None) -> None:
        """PATCH only the fields given (validated against the spec's names and enums first)."""
        model = patch if isinstance(patch, WebinarUpdate) else WebinarUpdate.model_validate(dict(patch))
        params = {"occurrence_id": occurrence_id} if occurrence_id else None
        self._call("PATCH", f"webinars/{path_id(webinar_id)}", Category.LIGHT, frozenset({204}),
                   json=model.to_body(only_set=True), params=params)

    def delete_webinar(self, webinar_id: WebinarId, *, cancel_webinar_reminder: bool = False) -> None:
        params = {"cancel_webinar_reminder": "true" if cancel_webinar_reminder else "false"}
        self._call("DELETE", f"webinars/{path_id(webinar_id)}", Category.LIGHT, frozenset({204}), params=params)

    def end_webinar(self, webinar_id: WebinarId) -> None:
        """PUT /webinars/{id}/status {"action":"end"}: 204 (Jul-2023 spec).

        The Oct-2023 spec lists only a 200 whose text is an error ("Webinar plan subscription is missing"),
        so a 200 counts as success only without a Zoom error body (`code`/`message`).
        """
        path = f"webinars/{path_id(webinar_id)}/status"
        response = self._call("PUT", path, Category.LIGHT, frozenset({200, 204}), json=WebinarStatus().to_body())
        if response.status_code == 200 and response.content:
            body = _json_or_none(response)
            if isinstance(body, dict) and ("code" in body or "message" in body):
                raise ZoomAPIError(200, body.get("code") if isinstance(body.get("code"), int) else None,
                                   str(body.get("message") or "error body with HTTP 200"),
                                   method="PUT", path=urlsplit(response.url).path or path)

    def list_webinars(self, user_id: str, type: Literal["scheduled", "upcoming"] = "scheduled",
                      ) -> Iterator[WebinarSummary]:
        """Every webinar of the host, following `next_page_token` across pages of 300 (the spec's maximum).

        The spec returns `next_page_token` and deprecates `page_number`, but does not list `next_page_token`
        among this endpoint's query parameters. If Zoom ignores it (the same token or only already-seen
        webinars come back), paging falls back to the documented `page_number` up to `total_records`.
        Agendas in this list are cut to 250 characters (spec); fetch a webinar to read its whole agenda.
        """
        seen_ids: set[int] = set()
        seen_tokens: set[str] = set()
        token: str | None = None
        total: int | None = None
        while True:
            params: dict[str, Any] = {"type": type, "page_size": LIST_PAGE_SIZE}
            if token:
                params["next_page_token"] = token
            page = self._webinar_page(user_id, params)
            total = page.total_records if page.total_records is not None else total
            fresh = [w for w in page.webinars if w.id not in seen_ids]
            if token and not fresh and page.webinars:
                break  # the token was ignored: the first page came back again
            seen_ids.update(w.id for w in fresh)
            yield from fresh
            token = page.next_page_token
            if not token:
                return
            if token in seen_tokens:
                break
            seen_tokens.add(token)
        yield from self._pages_by_number(user_id, type, seen_ids, total)

    def _webinar_page(self, user_id: str, params: dict[str, Any]) -> WebinarPage:
        response = self._call("GET", f"users/{path_id(user_id)}/webinars", Category.MEDIUM, frozenset({200}),
                              params=params)
        return WebinarPage.model_validate(response.json())

    def _pages_by_number(self, user_id: str, type: str, seen_ids: set[int],
                         total: int | None) -> Iterator[WebinarSummary]:
        pages = max(1, -(-(total or 0) // LIST_PAGE_SIZE))
        for number in range(2, pages + 1):
            page = self._webinar_page(user_id, {"type": type, "page_size": LIST_PAGE_SIZE, "page_number": number})
            fresh = [w for w in page.webinars if w.id not in seen_ids]
            seen_ids.update(w.id for w in fresh)
            yield from fresh

    # Panelists

    def add_panelists(self, webinar_id: WebinarId,
                      panelists: Sequence[PanelistIn | Mapping[str, Any]]) -> PanelistsAdded:
        """Add up to 30 panelists (models or `{"email", "name"}` dicts) in one request; the caller batches."""
        if not panelists:
            raise ValueError("add_panelists needs at least one panelist")
        if len(panelists) > MAX_PANELISTS_PER_CALL:
            raise ValueError(f"Zoom accepts at most {MAX_PANELISTS_PER_CALL} panelists per request, "
                             f"got {len(panelists)}: split them into batches")
        body = PanelistsAdd.model_validate({"panelists": list(panelists)}).to_body()
        response = self._call("POST", f"webinars/{path_id(webinar_id)}/panelists", Category.MEDIUM,
                              frozenset({201}), json=body)
        return PanelistsAdded.model_validate(response.json())

    def list_panelists(self, webinar_id: WebinarId) -> list[Panelist]:
        response = self._call("GET", f"webinars/{path_id(webinar_id)}/panelists", Category.MEDIUM,
                              frozenset({200}))
        return PanelistList.model_validate(response.json()).panelists

    def delete_panelist(self, webinar_id: WebinarId, panelist_id: str) -> None:
        """Remove one panelist by panelist ID or email."""
        self._call("DELETE", f"webinars/{path_id(webinar_id)}/panelists/{path_id(panelist_id)}", Category.LIGHT,
                   frozenset({204}))

    def delete_all_panelists(self, webinar_id: WebinarId) -> None:
        self._call("DELETE", f"webinars/{path_id(webinar_id)}/panelists", Category.LIGHT, frozenset({204}))

    # Live controls

    def update_livestream(self, webinar_id: WebinarId, livestream: Livestream) -> None:
        self._call("PATCH", f"webinars/{path_id(webinar_id)}/livestream", Category.LIGHT, frozenset({204}),
                   json=livestream.to_body())

    def livestream_status(self, webinar_id: WebinarId, action: Literal["start", "stop"],
                          settings: LivestreamSettings | None = None) -> None:
        body = LivestreamStatus(action=action, settings=settings).to_body()
        self._call("PATCH", f"webinars/{path_id(webinar_id)}/livestream/status", Category.LIGHT,
                   frozenset({204}), json=body)

    def in_meeting_event(self, meeting_id: WebinarId, method: str, params: Mapping[str, Any] | None = None) -> None:
        """PATCH /live_meetings/{id}/events, e.g. `recording.start` (202 Accepted)."""
        body = InMeetingEvent(method=method, params=dict(params) if params is not None else None).to_body()
        self._call("PATCH", f"live_meetings/{path_id(meeting_id)}/events", Category.MEDIUM, frozenset({202}),
                   json=body)

    # Users

    def get_user(self, user_id: str = "me") -> User:
        response = self._call("GET", f"users/{path_id(user_id)}", Category.LIGHT, frozenset({200}))
        return User.model_validate(response.json())


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
