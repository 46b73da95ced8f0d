"""Defaults users edit in `config/zoomops.yaml`: Zoom webinar settings, limits, cue timings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from zoomops.schedule.loader import load_model_file
from zoomops.show.model import DEFAULT_PANELIST_CAP
from zoomops.show.text import N_

# The same values ship in config/zoomops.yaml (a test keeps the two equal); these apply when
# zoomops is installed without the repository's config/ folder.
DEFAULT_WEBINAR_SETTINGS: dict[str, Any] = {
    "approval_type": 2,
    "practice_session": True,
    "panelists_video": True,
    "host_video": True,
    "hd_video": True,
    "auto_recording": "cloud",
    "email_language": "en-US",
    "panelists_invitation_email_notification": True,
    "question_and_answer": {
        "enable": True,
        "allow_submit_questions": True,
        "allow_anonymous_questions": False,
        "answer_questions": "all",
        "attendees_can_comment": True,
        "attendees_can_upvote": True,
    },
}


class Defaults(BaseModel):
    """Organisation-wide defaults; a schedule's own `zoom.settings` override `webinar_settings`."""

    model_config = ConfigDict(extra="forbid")

    panelist_cap: int = Field(default=DEFAULT_PANELIST_CAP, ge=1, le=10000)
    daily_create_update_budget: int = Field(default=100, ge=1)
    webinar_settings: dict[str, Any] = Field(default_factory=lambda: dict(DEFAULT_WEBINAR_SETTINGS))

    @field_validator("webinar_settings")
    @classmethod
    def _zoom_settings(cls, value: dict[str, Any]) -> dict[str, Any]:
        # Lazy: building the Zoom models costs ~0.1 s, paid only when a config file sets webinar settings.
        from zoomops.zoom.models import settings_problems

        if problems := settings_problems(value):
            raise ValueError(N_("not what Zoom's webinar settings accept: {problems}", problems="; ".join(problems)))
        return value


def defaults_file(explicit: Path | None, schedule_path: Path | None) -> Path | None:
    """`explicit` (ZOOMOPS_CONFIG), else `config/zoomops.yaml` beside the schedules folder, else in the cwd."""
    if explicit is not None:
        return explicit
    candidates = []
    if schedule_path is not None:
        candidates.append(schedule_path.resolve().parent.parent / "config" / "zoomops.yaml")
    candidates.append(Path.cwd() / "config" / "zoomops.yaml")
    return next((c for c in candidates if c.is_file()), None)


def load_defaults(path: Path | None, max_bytes: int | None = None) -> Defaults:
    """Read the defaults file if there is one; errors are reported like schedule errors (`file:line:col`)."""
    if path is None:
        return Defaults()
    return load_model_file(path, Defaults, max_bytes)
