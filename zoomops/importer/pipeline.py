"""The importer's pipeline: read the document, find the agenda, days, zone, blocks and people, build the typed
schedule, write YAML, and re-validate it with the project's loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.importer.agenda import ClockError, read_agenda
from zoomops.importer.blocks import BlockBuilder, Explained
from zoomops.importer.build import build_schedule, field_path, schedule_data
from zoomops.importer.days import DateError, assign_days
from zoomops.importer.decide import decide_zone
from zoomops.importer.ends import end_times
from zoomops.importer.event import find_interpretation, find_title, make_event_id
from zoomops.importer.explain import explain
from zoomops.importer.people import People, display
from zoomops.importer.source import read_document
from zoomops.importer.yamlout import to_yaml
from zoomops.schedule.loader import display_path, load_schedule_text

NO_AGENDA = "no agenda found: expected a table or list of time ranges like 09:00-09:30"


@dataclass
class ImportResult:
    """A draft schedule: its YAML text, the same as plain data, warnings, a summary, and how it was read."""

    yaml_text: str
    data: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: str = ""
    explanation: list[str] = field(default_factory=list)


def import_document(path: Path, event_id: str | None = None, *, timezone: str | None = None) -> ImportResult:
    """Read a concept note and return a draft schedule; InputError if it has no usable agenda."""
    shown = display_path(path)
    doc = read_document(path, shown)
    warnings: list[Diagnostic] = []

    def warn(line: int, col: int, fld: str, message: str) -> None:
        warnings.append(Diagnostic(shown, line, col, fld, message, "warning"))

    try:
        agenda = read_agenda(doc)
    except ClockError as exc:
        message = f"not a time of day: {exc.bad.raw!r} (use HH:MM, e.g. 09:30)"
        raise InputError(
            [Diagnostic(shown, exc.line, exc.col, f"blocks[{exc.index}].{exc.bad.which}", message)]
        ) from None
    if not agenda.blocks:
        raise InputError([Diagnostic(shown, 0, 0, "", NO_AGENDA)])
    try:
        days = assign_days(doc, agenda.blocks, agenda.default_year, warn)
    except DateError as exc:
        raise InputError([Diagnostic(shown, exc.line, exc.col, "event.dates", str(exc))]) from None
    zone = decide_zone(doc, agenda, days.block_dates[0], timezone, warn)
    ends = end_times(agenda.blocks, days.block_dates, warn)
    people = People()
    builder = BlockBuilder(people, warn)
    several = len(days.dates) > 1
    blocks: list[dict[str, Any]] = []
    rows: list[Explained] = []
    for i, rb in enumerate(agenda.blocks):
        rb.date_words = days.words[i]
        block, row = builder.build(i, rb, ends[i], several, days.block_dates[i].isoformat())
        blocks.append(block)
        rows.append(row)
    people.attach_emails(doc.texts())
    title = find_title(doc, agenda.blocks[0].line, warn)
    event = {
        "id": make_event_id(title, event_id, warn),
        "title": title,
        "dates": days.dates,
        "timezone": zone.zone,
    }
    interpretation = find_interpretation(doc, warn)
    try:
        schedule = build_schedule(event, people, blocks, interpretation)
    except ValidationError as exc:
        raise InputError(
            [
                Diagnostic(
                    shown, 0, 0, field_path(err["loc"]), f"the agenda read does not fit a schedule: {err['msg']}"
                )
                for err in exc.errors()
            ]
        ) from None
    data = schedule_data(schedule, several)
    yaml_text = to_yaml(data, path.name)
    diagnostics = sorted(dict.fromkeys(warnings + _check(yaml_text, path, shown)), key=lambda d: (d.line, d.col))
    n = len(data["people"])
    summary = f"{len(data['blocks'])} blocks, {n} {'person' if n == 1 else 'people'}"
    names = {p.id: display(p.honorific, p.name) for p in people.by_key.values()}
    return ImportResult(yaml_text, data, diagnostics, summary, explain(shown, rows, zone, names, doc.unit))


def _check(yaml_text: str, path: Path, shown: str) -> list[Diagnostic]:
    """Validate the draft as `zoomops validate` would; its errors become warnings on the document."""
    try:
        load_schedule_text(yaml_text, "<imported>", path.parent)
    except InputError as exc:
        return [
            Diagnostic(shown, 0, 0, d.field, f"the imported schedule does not validate yet: {d.message}", "warning")
            for d in exc.diagnostics
            if d.severity == "error"
        ]
    return []
