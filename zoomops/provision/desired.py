"""The Zoom state a schedule asks for: webinars, their settings, panelists and interpreters."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zoomops.common.clock import utc_z
from zoomops.provision.interpretation import language_interpretation_settings
from zoomops.provision.registration import describe, registration_questions, registration_settings
from zoomops.schedule.defaults import Defaults
from zoomops.show.model import Block, Schedule
from zoomops.show.runofshow import BlockSlot, run_of_show
from zoomops.show.webinars import webinar_groups

TOPIC_MAX = 200  # Zoom's webinar topic limit (official spec, response schema)
AGENDA_MAX = 2000  # Zoom's documented agenda limit for meetings; webinars assumed the same
MARKER_PREFIX = "zoomops-event: "
WEBINAR_TYPE_SCHEDULED = 5


@dataclass(frozen=True)
class DesiredPanelist:
    """A panelist; with `zoom.name_tag`, also what their name tag says (display name, affiliation, pronouns)."""

    email: str
    name: str
    name_tag_name: str | None = None
    name_tag_description: str | None = None
    name_tag_pronouns: str | None = None

    @property
    def name_tag(self) -> dict[str, str | None]:
        return {"name_tag_name": self.name_tag_name, "name_tag_description": self.name_tag_description,
                "name_tag_pronouns": self.name_tag_pronouns}


@dataclass
class DesiredWebinar:
    """One webinar as the schedule wants it. `key` names it within the event: `event`, a date, or `bNN`."""

    event_id: str
    key: str
    body: dict[str, Any]
    panelists: list[DesiredPanelist] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    questions: dict[str, Any] | None = None  # PATCH body of the registration questions; None: left alone
    registration: str | None = None  # one line for the plan
    name_tag: dict[str, str] | None = None  # the session-branding name tag panelists wear; None: left alone

    @property
    def marker(self) -> str:
        return marker_for(self.event_id, self.key)

    @property
    def interpreters(self) -> list[dict[str, Any]]:
        return list(self.body.get("settings", {}).get("language_interpretation", {}).get("interpreters", []))


def marker_for(event_id: str, key: str) -> str:
    """The line zoomops writes into the webinar agenda to find it again: `zoomops-event: <event>/<key>`."""
    return f"{MARKER_PREFIX}{event_id}/{key}"


def desired_webinars(schedule: Schedule, defaults: Defaults) -> list[DesiredWebinar]:
    """Every webinar the schedule asks for, in order."""
    slots = run_of_show(schedule)
    return [_webinar(schedule, defaults, key, group) for key, group in webinar_groups(slots, schedule)]


def _webinar(schedule: Schedule, defaults: Defaults, key: str, slots: list[BlockSlot]) -> DesiredWebinar:
    start: datetime = slots[0].start
    end: datetime = slots[-1].end
    notes: list[str] = []
    topic = _topic(schedule, key, slots, notes)
    body: dict[str, Any] = {
        "topic": topic,
        "type": WEBINAR_TYPE_SCHEDULED,
        "start_time": utc_z(start),
        "duration": int((end - start).total_seconds() // 60),
        "timezone": schedule.event.timezone,
        "agenda": agenda_text(schedule, slots, marker_for(schedule.event.id, key)),
        "settings": _settings(schedule, defaults),
    }
    blocks = [s.block for s in slots]
    reg = schedule.registration
    style = schedule.zoom.name_tag
    return DesiredWebinar(schedule.event.id, key, body, _panelists(schedule, blocks), notes,
                          registration_questions(reg), describe(reg), style.model_dump() if style else None)


def _topic(schedule: Schedule, key: str, slots: list[BlockSlot], notes: list[str]) -> str:
    base = schedule.zoom.topic or schedule.event.title
    if key != "event":
        suffix = slots[0].block.label if key.startswith("b") else key
        base = f"{base} — {suffix}"
    if len(base) > TOPIC_MAX:
        notes.append(f"topic shortened to Zoom's {TOPIC_MAX} characters (set zoom.topic to choose it)")
        base = base[: TOPIC_MAX - 1].rstrip() + "…"
    return base


def agenda_text(schedule: Schedule, slots: list[BlockSlot], marker: str) -> str:
    """The zoomops marker line, then the run of show in the event's local time.

    The marker comes first: Zoom's list of a host's webinars cuts agendas to 250 characters (official
    spec, `GET /users/{userId}/webinars`), and that list is where a lost webinar is found again.
    """
    lines = [f"{s.start:%H:%M}-{s.end:%H:%M} {s.block.label}" for s in slots]
    tz_line = f"Times in {schedule.event.timezone}."
    body = "\n".join([*lines, tz_line])
    room = AGENDA_MAX - len(marker) - 2
    if len(body) > room:
        body = body[: room - 1].rstrip() + "…"
    return f"{marker}\n\n{body}"


def _settings(schedule: Schedule, defaults: Defaults) -> dict[str, Any]:
    settings = _deep_merge(copy.deepcopy(defaults.webinar_settings), schedule.zoom.settings)
    # Always sent, empty when there are none, so removing the last alternative host reaches Zoom.
    settings["alternative_hosts"] = ",".join(schedule.event.alternative_hosts)
    if schedule.registration is not None:
        settings.update(registration_settings(schedule.registration))
    if schedule.zoom.name_tag is not None:
        settings["enable_session_branding"] = True  # name tags are session branding
    if schedule.interpretation and schedule.interpretation.interpreters:
        settings["language_interpretation"] = language_interpretation_settings(schedule)
    return settings


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            base[k] = _deep_merge(base[k], v)
        else:
            base[k] = copy.deepcopy(v)
    return base


def _panelists(schedule: Schedule, blocks: list[Block]) -> list[DesiredPanelist]:
    hosts = {h.casefold() for h in [schedule.event.host or "", *schedule.event.alternative_hosts] if h}
    seen: dict[str, DesiredPanelist] = {}
    for block in blocks:
        ids = ([block.moderator] if block.moderator else []) + [pid for it in block.items for pid in it.speaker_ids]
        for pid in ids:
            person = schedule.person(pid)
            if person is None or not person.email or person.email.casefold() in hosts:
                continue
            tagged = schedule.zoom.name_tag is not None
            seen.setdefault(person.email.casefold(), DesiredPanelist(
                person.email, person.name,
                *((person.display, person.affiliation, person.pronouns) if tagged else (None, None, None))))
    return list(seen.values())
