"""A rehearsal has no audience: ask its sandbox for synthetic attendance on the sessions' actual times."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from zoomops.common.clock import utc_z
from zoomops.common.diagnostics import OperationalError
from zoomops.report.asrun import build_asrun
from zoomops.report.ledger_reader import read_ledger
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues
from zoomops.zoom.client import WebinarId, ZoomClient


def seed_synthetic_attendance(client: ZoomClient, schedule: Schedule, state_dir: Path,
                              webinar_ids: Sequence[WebinarId], *, seed: int = 0) -> None:
    """Once per rehearsal (a webinar that already has participants keeps them): sandbox only."""
    origin = client.session.base_url.rsplit("/v2", 1)[0]
    asrun = build_asrun(schedule, compile_cues(schedule), read_ledger(state_dir))
    sessions = [{"key": b.key, "label": b.label, "start": utc_z(b.actual_start), "end": utc_z(b.actual_end),
                 "break": b.kind == "break"}
                for b in asrun.blocks if b.actual_start is not None and b.actual_end is not None]
    for webinar_id in webinar_ids:
        record = client.session.send_unauthenticated("GET", f"{origin}/_sandbox/webinars/{webinar_id}")
        if record.status_code != 200:
            raise OperationalError(f"the rehearsal's sandbox has no webinar {webinar_id}")
        if (record.json().get("reports") or {}).get("participants"):
            continue
        answer = client.session.send_unauthenticated(
            "POST", f"{origin}/_sandbox/webinars/{webinar_id}/reports",
            json={"synthesize": {"sessions": sessions, "seed": seed}})
        if answer.status_code != 200:
            raise OperationalError(f"the rehearsal's sandbox refused synthetic attendance: {answer.text[:200]}")
