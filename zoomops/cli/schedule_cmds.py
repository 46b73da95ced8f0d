"""Commands that read schedules: `validate`, `import`, `timeline`."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import click

from zoomops.cli.common import emit_json, guarded, json_option, print_diagnostics, schedule_argument
from zoomops.i18n.translate import _


@click.command()
@schedule_argument
@click.option("--provisioning", is_flag=True, help="Apply the stricter rules of plan/apply (emails required).")
@json_option
@guarded
def validate(schedule_file: Path, provisioning: bool, as_json: bool) -> None:
    """Check a schedule file and report every problem at once (exit 2 if any error)."""
    from zoomops.app.context import App

    loaded = App.open(schedule_file).load(for_provisioning=provisioning)
    s = loaded.schedule
    if as_json:
        emit_json(
            {
                "ok": True,
                "event": s.event.id,
                "blocks": len(s.blocks),
                "people": len(s.roster),
                "warnings": [d.to_dict() for d in loaded.warnings],
            }
        )
        return
    print_diagnostics(loaded.warnings)
    click.echo(
        _("{file}: ok — {title}: {blocks} blocks, {people} people, {warnings} warning(s)").format(
            file=loaded.source.file,
            title=s.event.title[:60] + ("…" if len(s.event.title) > 60 else ""),
            blocks=len(s.blocks),
            people=len(s.roster),
            warnings=len(loaded.warnings),
        )
    )


@click.command("import")
@click.argument("document", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Schedule file to write (default: stdout).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--event-id", help="Event id (default: the output file's name, else the title's slug).")
@click.option("--timezone", help="IANA time zone, overriding what the document says, e.g. Asia/Seoul.")
@click.option("--explain", is_flag=True, help="Show how every agenda row was read (times, kind, title, speakers).")
@json_option
@guarded
def import_doc(
    document: Path,
    output: Path | None,
    force: bool,
    event_id: str | None,
    timezone: str | None,
    explain: bool,
    as_json: bool,
) -> None:
    """Turn the agenda of a concept note (Markdown, Word .docx, HTML or text) into a schedule file."""
    from zoomops.common.diagnostics import Diagnostic, InputError
    from zoomops.importer import import_document

    if output is not None and output.is_file() and not force:
        raise InputError([Diagnostic(str(output), 0, 0, "", "exists; pass --force to overwrite it")])
    result = import_document(document, event_id=event_id or (output.stem if output else None), timezone=timezone)
    print_diagnostics(result.diagnostics)
    if explain and not as_json:
        click.echo("\n".join(result.explanation), err=output is None)  # stdout holds the YAML without -o
    if output is not None:
        from zoomops.common.outputs import write_output

        write_output(output, result.yaml_text)
    if as_json:
        payload = {
            "ok": True,
            "output": str(output) if output else None,
            "warnings": [d.to_dict() for d in result.diagnostics],
            "schedule": result.data,
        }
        emit_json(payload | ({"explain": result.explanation} if explain else {}))
    elif output is None:
        click.echo(result.yaml_text, nl=False)
    else:
        click.echo(f"wrote {output} ({result.summary}); {len(result.diagnostics)} warning(s)", err=True)


@click.command()
@schedule_argument
@click.option("--cues", "show_cues", is_flag=True, help="List the runner's cues (instant, audience, message).")
@json_option
@guarded
def timeline(schedule_file: Path, show_cues: bool, as_json: bool) -> None:
    """Show the run of show: every block and item with local and UTC times, and who is on stage."""
    from zoomops.app.context import App
    from zoomops.show.runofshow import on_stage, run_of_show

    loaded = App.open(schedule_file).load()
    s = loaded.schedule
    if show_cues:
        from zoomops.cli.run_cmds import print_cues

        print_cues(s, as_json)
        return
    slots = run_of_show(s)
    if as_json:
        emit_json(
            {
                "event": s.event.id,
                "timezone": s.event.timezone,
                "blocks": [
                    {
                        "index": b.index,
                        "kind": b.block.kind.value,
                        "title": b.block.label,
                        "start": b.start.isoformat(),
                        "end": b.end.isoformat(),
                        "start_utc": b.start.astimezone(UTC).isoformat(),
                        "end_utc": b.end.astimezone(UTC).isoformat(),
                        "moderator": b.block.moderator,
                        "items": [
                            {
                                "index": it.index,
                                "kind": it.item.kind.value,
                                "title": it.item.label,
                                "start": it.start.isoformat(),
                                "end": it.end.isoformat(),
                                "minutes": it.minutes,
                                "open_ended": it.open_ended,
                                "speakers": [
                                    {"id": sg.speaker_id, "start": sg.start.isoformat(), "end": sg.end.isoformat()}
                                    for sg in it.segments
                                ],
                            }
                            for it in b.items
                        ],
                    }
                    for b in slots
                ],
            }
        )
        return
    tzname = s.event.timezone
    click.echo(f"{s.event.title}")
    click.echo(f"{s.starts_at():%A %d %B %Y}, times in {tzname} (UTC in brackets)\n")
    day = s.starts_at().date()
    for b in slots:
        if b.start.date() != day:  # an event over several days: say when the next one begins
            day = b.start.date()
            click.echo(f"{b.start:%A %d %B %Y}\n")
        click.echo(
            f"{b.start:%H:%M}-{b.end:%H:%M} ({b.start.astimezone(UTC):%H:%M}-{b.end.astimezone(UTC):%H:%M}Z)"
            f"  {b.block.label}  [{b.minutes} min]"
        )
        if b.block.moderator:
            click.echo(f"             moderator: {', '.join(on_stage(s, b.block))}")
        for it in b.items:
            who = ", ".join(on_stage(s, b.block, it.item)[1 if b.block.moderator else 0 :])
            mins = f"{it.minutes} min" + (", open" if it.open_ended else "")
            click.echo(
                f"  {it.start:%H:%M} ({it.start.astimezone(UTC):%H:%M}Z)  {it.item.label} [{mins}]"
                + (f" — {who}" if who else "")
            )
        click.echo("")
    print_diagnostics(loaded.warnings)
