"""Which OAuth scopes zoomops needs, and the rule that decides whether the granted ones cover them.

Rule, per needed classic scope `<resource>:<action>:admin`: it is covered by the same scope, by its
user-level form `<resource>:<action>` (enough when the host is the app's own user), by any granular
scope `<resource>:<action>:<entity>[:admin]` (e.g. `webinar:write:webinar:admin`) — granular apps
usually also need the `update`/`delete` siblings, which doctor reports as a note, not a failure —
or by an alias the spec lists (`meeting:master` for `meeting:write`, `user_info:read` for `user:read`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NEEDED_SCOPES: dict[str, str] = {
    "webinar:read:admin": "read webinars and their panelists",
    "webinar:write:admin": "create, update, end and delete webinars; add and remove panelists",
    "meeting:write:admin": "in-session controls (PATCH /live_meetings/{id}/events)",
    "user:read:admin": "look up the host user",
}
# Needed only by `zoomops report` (doctor names them when missing; the rest of zoomops works without them).
REPORT_SCOPES: dict[str, str] = {
    "report:read:admin": "zoomops report: attendance, Q&A and polls (GET /report/webinars/{id}/...)",
    "recording:read:admin": "zoomops report: the recording start for chapters (GET /meetings/{id}/recordings)",
}
ALIASES: dict[str, tuple[str, ...]] = {
    "meeting:write:admin": ("meeting:master",),
    "user:read:admin": ("user_info:read",),
    "recording:read:admin": ("cloud_recording:read:list_recording_files:admin",
                             "cloud_recording:read:list_recording_files"),
}


@dataclass(frozen=True)
class ScopeCheck:
    """One needed scope and what covers it (None: missing)."""

    needed: str
    purpose: str
    covered_by: str | None

    @property
    def ok(self) -> bool:
        return self.covered_by is not None

    @property
    def granular(self) -> bool:
        return self.covered_by is not None and self.covered_by.count(":") >= 2 and self.covered_by != self.needed


def covering_scope(needed: str, granted: Iterable[str]) -> str | None:
    """The granted scope that covers `needed` under the module's rule, or None."""
    have = set(granted)
    resource, action = needed.split(":")[:2]
    user_level = f"{resource}:{action}"
    for candidate in (needed, user_level, *ALIASES.get(needed, ())):
        if candidate in have:
            return candidate
    granular = sorted(s for s in have if s.startswith(f"{user_level}:") and s != needed)
    return granular[0] if granular else None


def check_scopes(granted: Iterable[str]) -> list[ScopeCheck]:
    have = list(granted)
    return [ScopeCheck(need, purpose, covering_scope(need, have)) for need, purpose in NEEDED_SCOPES.items()]


def check_report_scopes(granted: Iterable[str]) -> list[ScopeCheck]:
    have = list(granted)
    return [ScopeCheck(need, purpose, covering_scope(need, have)) for need, purpose in REPORT_SCOPES.items()]
