"""`zoomops report`: the as-run report of a run (or a rehearsal) with attendance, Q&A, polls and chapters."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from zoomops.cli.common import emit_json, guarded, json_option, print_diagnostics, schedule_argument

if TYPE_CHECKING:
    from zoomops.app.context import App
    from zoomops.report.make import ZoomSource
    from zoomops.show.model import Schedule


def _instant(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value: datetime | None = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise click.BadParameter(f"{text!r}: give an ISO instant with its offset, e.g. 2022-09-06T08:58:30+09:00",
                                 param_hint="--recording-start")
    return value


@click.command()
@schedule_argument
@click.option("--rehearsal", is_flag=True, help="Report on the last `zoomops rehearse` (synthetic attendance).")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Directory for the report (default: report/ in the state directory).")
@click.option("--recording-start", default=None, metavar="INSTANT",
              help="When the recording began (ISO with offset); default: Zoom's recording data.")
@click.option("--no-zoom", is_flag=True, help="Only the as-run part and chapters: do not ask Zoom.")
@json_option
@guarded
def report(schedule_file: Path, rehearsal: bool, out_dir: Path | None, recording_start: str | None, no_zoom: bool,
           as_json: bool) -> None:
    """Write the as-run report (HTML, Markdown, CSV, JSON) and recording chapters after `run` or a rehearsal."""
    from zoomops.app.context import App
    from zoomops.report.make import make_report

    start = _instant(recording_start)
    app = App.open(schedule_file)
    loaded = app.load()
    print_diagnostics(loaded.warnings)
    target = app.rehearsal() if rehearsal else app
    out = out_dir or target.state_dir / "report"
    zoom, absent = (None, "--no-zoom given") if no_zoom else _zoom_source(target, loaded.schedule, rehearsal)
    try:
        result, written = make_report(loaded.schedule, target.state_dir, out, now=app.clock.now(), zoom=zoom,
                                      zoom_absent=absent, rehearsal=rehearsal, recording_start=start)
    finally:
        target.close()
    if as_json:
        from zoomops.report.render import data

        emit_json({"ok": True, "files": [str(p) for p in written], **data(result)})
        return
    click.echo(f"report: {out / 'report.html'}")
    for note in result.notes:
        click.echo(f"  note: {note}")
    click.echo(f"wrote {len(written)} file(s) into {out} (personal data only in {out / 'private'}, mode 0600)")


def _zoom_source(app: App, schedule: Schedule, rehearsal: bool) -> tuple[ZoomSource | None, str | None]:
    """The webinars provisioning recorded and a client to ask about them; or None and why not."""
    from zoomops.provision.state import ProvisionStore
    from zoomops.report.make import ZoomSource
    from zoomops.zoom.errors import ZoomError

    state = app.state_dir
    if not (state / "provision.sqlite").exists():
        return None, f"no webinar was provisioned from {state} (nothing to ask Zoom about)"
    store = ProvisionStore(state, app.clock)
    try:
        ids: list[int | str] = list(store.webinars(schedule.event.id).values())
    finally:
        store.close()
    if not ids:
        return None, "no webinar id recorded for this event"
    client = app.client()
    control = app.sandbox()
    if rehearsal and control is not None:
        from zoomops.report.rehearsal import seed_synthetic_attendance

        seed_synthetic_attendance(control, schedule, state, ids)
    try:
        webinar = client.get_webinar(ids[0])
        approval = webinar.settings.approval_type if webinar.settings else None
        registration: bool | None = approval in (0, 1) if approval is not None else None
    except ZoomError:  # deleted since (teardown), or not readable: the reports may still be there
        registration = None
    return ZoomSource(client, ids, registration=registration), None
