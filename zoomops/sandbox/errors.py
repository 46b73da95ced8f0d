"""Zoom's error bodies (`{"code","message"[,"errors"]}`) as an exception, and the messages the spec uses."""

from __future__ import annotations

from typing import Any

from zoomops.sandbox.validation import FieldError

# Texts as they appear in the vendored spec (checked by tests/sandbox/test_spec_subset.py).
WEBINAR_NOT_FOUND = "Webinar {webinarId} not found or has expired."
MEETING_NOT_FOUND = "Meeting {meetingId} is not found or has expired."
USER_NOT_FOUND_CREATE = "User {userId} not exist or not belong to this account."
USER_NOT_FOUND_GET = "User does not exist: $userId."
PANELIST_NOT_FOUND = "User {email} does not exist or does not belong to this account."
PANELIST_LIMIT = (
    "You have reached the limit for the number of panelists you can add. Contact Zoom Support for more information."
)
DELETE_IN_PROGRESS = "Sorry, you cannot delete this webinar since it is in progress."
DELETE_ENDED = "Sorry, you cannot delete this webinar since it has ended."
NOT_STARTED = "Webinar {0} has not started."
NO_CUSTOM_STREAM = "The current webinar is not configured with a custom streaming service."
INVALID_MEETING_ID = "Invalid meeting id."
MEETING_DOES_NOT_EXIST = "Meeting does not exist."
# Not in the spec (documented in zoom-api.md §6/§7 from Zoom's docs and staff answers).
INVALID_TOKEN = "Invalid access token."
VALIDATION_FAILED = "Validation Failed."
QPS_LIMIT = "You have reached the maximum per-second rate limit for this API. Try again later."
DAILY_LIMIT = (
    "You have exceeded the daily rate limit ({limit}) of Webinar Create/Update API requests permitted "
    "for this particular user. You may resume these requests at GMT 00:00:00."
)


class ZoomError(Exception):
    """An API error response: HTTP status, Zoom code, message, optional field errors and headers."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors or []
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            payload["errors"] = [e.to_dict() for e in self.errors]
        return payload


def validation_failed(errors: list[FieldError]) -> ZoomError:
    """400 code 300 with every rejected field (duplicates removed, order kept)."""
    unique = list(dict.fromkeys(errors))
    return ZoomError(400, 300, VALIDATION_FAILED, errors=unique)


def webinar_not_found(webinar_id: str) -> ZoomError:
    return ZoomError(404, 3001, WEBINAR_NOT_FOUND.format(webinarId=webinar_id))
# Report endpoints (texts from the vendored spec, checked by tests/sandbox/test_spec_subset.py).
REPORT_WEBINAR_NOT_FOUND = 'Webinar "{webinarId}" not found or has expired'
PAST_NOT_ENDED = "Webinar ID is invalid or not end."
BAD_PAGE_TOKEN = "The next page token is invalid or expired."
NO_REGISTRATION = "This Webinar has not registration required: {webinarUUID}"
NO_RECORDING = "There is no recording for this meeting."
# Not in the spec: Zoom's answer when the token lacks the operation's scopes (devforum; HTTP status unconfirmed).
MISSING_SCOPES = "Invalid access token, does not contain scopes:[{scopes}]."
