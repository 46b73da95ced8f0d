"""A rehearsal has no audience: ask its sandbox for synthetic attendance on the sessions' actual times."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from zoomops.common.clock import utc_z
from zoomops.report.asrun import build_asrun
from zoomops.report.ledger_reader import read_ledger
from zoomops.sandbox.control import SandboxControl
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues
from zoomops.zoom.client import WebinarId


def seed_synthetic_attendance(control: SandboxControl, schedule: Schedule, state_dir: Path,
                              webinar_ids: Sequence[WebinarId], *, seed: int = 0) -> None:
    """Once per rehearsal: a webinar that already has participants keeps them."""
    asrun = build_asrun(schedule, compile_cues(schedule), read_ledger(state_dir))
    sessions = [{"key": b.key, "label": b.label, "start": utc_z(b.actual_start), "end": utc_z(b.actual_end),
                 "break": b.kind == "break"}
                for b in asrun.blocks if b.actual_start is not None and b.actual_end is not None]
    for webinar_id in webinar_ids:
        if (control.webinar_record(webinar_id).get("reports") or {}).get("participants"):
            continue
        control.set_reports(webinar_id, {"synthesize": {"sessions": sessions, "seed": seed}})
