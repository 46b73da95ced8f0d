"""Webinar registrants: batch add (≤30, HEAVY), list every status with `next_page_token`, approve/deny/cancel.

Registrants' personal data (names, emails, join links) is held in `repr=False` fields: a log line or an error
that prints a model shows no person.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import Field

from zoomops.zoom.client import WebinarId, ZoomClient, path_id
from zoomops.zoom.models import ResponseModel
from zoomops.zoom.ratelimit import Category
from zoomops.zoom.settings_base import RequestModel

BATCH_MAX = 30  # "Register up to 30 registrants at once" (spec); also the status update's `maximum: 30`
PAGE_SIZE = 300  # the spec's maximum `page_size`
Status = Literal["approved", "pending", "denied"]
STATUSES: tuple[Status, ...] = ("approved", "pending", "denied")
Action = Literal["approve", "deny", "cancel"]


class BatchRegistrant(RequestModel):
    """One person of `POST /webinars/{id}/batch_registrants` (the spec's three fields)."""

    email: str = Field(repr=False)
    first_name: str = Field(repr=False)
    last_name: str | None = Field(default=None, repr=False)


class BatchRegistrants(RequestModel):
    auto_approve: bool | None = None
    registrants: list[BatchRegistrant] = Field(min_length=1, max_length=BATCH_MAX)


class Registered(ResponseModel):
    email: str | None = Field(default=None, repr=False)
    join_url: str | None = Field(default=None, repr=False)
    registrant_id: str | None = None


class BatchRegistered(ResponseModel):
    registrants: list[Registered] = Field(default_factory=list)


class Registrant(ResponseModel):
    """A registrant as listed (personal fields out of repr)."""

    id: str | None = None
    email: str = Field(repr=False)
    first_name: str | None = Field(default=None, repr=False)
    last_name: str | None = Field(default=None, repr=False)
    status: str | None = None
    create_time: str | None = None
    join_url: str | None = Field(default=None, repr=False)

    def __repr_args__(self) -> Any:  # extra fields (address, phone, answers…) stay out of repr too
        return [(k, v) for k, v in super().__repr_args__() if k in ("id", "status", "create_time")]


class RegistrantPage(ResponseModel):
    registrants: list[Registrant] = Field(default_factory=list)
    next_page_token: str | None = None
    total_records: int | None = None


class StatusTarget(RequestModel):
    id: str | None = None
    email: str | None = Field(default=None, repr=False)


class StatusUpdate(RequestModel):
    action: Action
    registrants: list[StatusTarget] = Field(min_length=1, max_length=BATCH_MAX)


class Registrants:
    """The registrant endpoints of one Zoom client."""

    def __init__(self, client: ZoomClient) -> None:
        self.client = client

    def batch_add(self, webinar_id: WebinarId, people: Sequence[BatchRegistrant], *,
                  auto_approve: bool | None = None) -> list[Registered]:
        """Register up to 30 people in one HEAVY request; 201 per the spec's key, 200 per its own text."""
        body = BatchRegistrants(auto_approve=auto_approve, registrants=list(people)).to_body()
        response = self.client.call("POST", f"webinars/{path_id(webinar_id)}/batch_registrants", Category.HEAVY,
                                    frozenset({200, 201}), json=body)
        return BatchRegistered.model_validate(response.json()).registrants

    def page(self, webinar_id: WebinarId, status: Status, token: str | None = None,
             page_size: int = PAGE_SIZE) -> RegistrantPage:
        params: dict[str, Any] = {"status": status, "page_size": page_size}
        if token:
            params["next_page_token"] = token
        response = self.client.call("GET", f"webinars/{path_id(webinar_id)}/registrants", Category.MEDIUM,
                                    frozenset({200}), params=params)
        return RegistrantPage.model_validate(response.json())

    def list(self, webinar_id: WebinarId, status: Status) -> Iterator[Registrant]:
        """Every registrant with `status`, page by page (300 each) following `next_page_token`."""
        token: str | None = None
        seen: set[str] = set()
        while True:
            page = self.page(webinar_id, status, token)
            yield from page.registrants
            token = page.next_page_token or None
            if token is None or token in seen:
                return
            seen.add(token)

    def list_all(self, webinar_id: WebinarId) -> Iterator[Registrant]:
        """Registrants of every status (Zoom lists only `approved` unless asked for the others)."""
        for status in STATUSES:
            yield from self.list(webinar_id, status)

    def count(self, webinar_id: WebinarId, status: Status) -> int:
        """How many registrants have `status`: `total_records` of a one-item page, else by paging."""
        page = self.page(webinar_id, status, page_size=1)
        if page.total_records is not None:
            return page.total_records
        return sum(1 for _ in self.list(webinar_id, status))

    def set_status(self, webinar_id: WebinarId, action: Action, targets: Sequence[StatusTarget]) -> None:
        """PUT /webinars/{id}/registrants/status for up to 30 registrants (204)."""
        body = StatusUpdate(action=action, registrants=list(targets)).to_body()
        self.client.call("PUT", f"webinars/{path_id(webinar_id)}/registrants/status", Category.MEDIUM,
                         frozenset({204}), json=body)
