"""`zoomops export`: write per-person material: interpreter briefings and panelist packs (the same briefings
`send` mails, each in its reader's language or bilingual)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from zoomops.cli.common import emit_json, guarded, json_option, print_diagnostics, schedule_argument
from zoomops.i18n.translate import _

if TYPE_CHECKING:
    from zoomops.app.context import App
    from zoomops.schedule.loader import LoadedSchedule

# option name -> function(app, loaded schedule, join links, output dir) -> files written. Each exporter is
# independent: a new kind is one option below and one entry here. `links()` reads Zoom once per run.
Links = Callable[[], dict[str, str]]
Exporter = Callable[["App", "LoadedSchedule", Links, Path], list[Path]]


def _interpreters(app: App, loaded: LoadedSchedule, links: Links, out_dir: Path) -> list[Path]:
    from zoomops.briefings.briefing import write_briefings
    from zoomops.briefings.interpreters import interpreter_briefings
    from zoomops.common.diagnostics import Diagnostic, InputError
    from zoomops.show.rota import build_rota

    s = loaded.schedule
    if s.interpretation is None or not s.interpretation.interpreters:
        file = loaded.source.file
        raise InputError([Diagnostic(file, 1, 1, "interpretation", _("the schedule has no interpreters to brief"))])
    return write_briefings(interpreter_briefings(s, build_rota(s), links()), out_dir, app.clock.now())


def _panelists(app: App, loaded: LoadedSchedule, links: Links, out_dir: Path) -> list[Path]:
    """Panelist packs need each panelist's personal join link, so this reads Zoom (or the sandbox)."""
    from zoomops.briefings.briefing import write_briefings
    from zoomops.briefings.panelists import panelist_briefings

    return write_briefings(panelist_briefings(loaded.schedule, links()), out_dir, app.clock.now())


def _join_links(app: App) -> dict[str, str]:
    """Everyone's personal join link from Zoom (or the sandbox); none before `apply`."""
    from zoomops.provision.links import join_links

    try:
        links = join_links(app.provision(for_provisioning=False))  # briefings do not need every email
    finally:
        app.close()
    if not links:
        click.echo(_("zoomops: no webinar in Zoom yet: the briefings say the join link will follow (run apply)"),
                   err=True)
    return links


EXPORTERS: dict[str, Exporter] = {"interpreters": _interpreters, "panelists": _panelists}


@click.command()
@schedule_argument
@click.option(
    "--interpreters",
    "interpreters_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write a Markdown briefing and an .ics calendar per interpreter into DIR.",
)
@click.option(
    "--panelists",
    "panelists_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write a Markdown briefing and an .ics calendar per panelist (with their join link) into DIR.",
)
@json_option
@guarded
def export(schedule_file: Path, interpreters_dir: Path | None, panelists_dir: Path | None, as_json: bool) -> None:
    """Write briefing material for the people of a schedule (choose at least one kind)."""
    from zoomops.app.context import App
    from zoomops.common.outputs import check_output_dir

    chosen = {"interpreters": interpreters_dir, "panelists": panelists_dir}
    targets = {name: d for name, d in chosen.items() if d is not None}
    if not targets:
        raise click.UsageError("say what to export: --interpreters DIR and/or --panelists DIR")
    app = App.open(schedule_file)
    loaded = app.load()
    for out_dir in targets.values():
        check_output_dir(out_dir)  # a directory that cannot be made fails before Zoom is read
    links = functools.cache(lambda: _join_links(app))
    written = {name: [str(p) for p in EXPORTERS[name](app, loaded, links, out_dir)]
               for name, out_dir in targets.items()}
    if as_json:
        emit_json({"ok": True, "written": written, "warnings": [d.to_dict() for d in loaded.warnings]})
        return
    print_diagnostics(loaded.warnings)
    for name, paths in written.items():
        click.echo(_("{kind}: wrote {count} file(s) to {dir}").format(kind=name, count=len(paths), dir=targets[name]))
        for p in paths:
            click.echo(f"  {p}")
