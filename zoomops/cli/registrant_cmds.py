"""`zoomops registrants import|approve|deny|cancel|export`: the webinar's registrants in bulk (counts, never names)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from zoomops.cli.common import emit_json, guarded, interrupted_means, json_option, schedule_argument
from zoomops.common.diagnostics import Diagnostic, InputError, OperationalError

IMPORT_INTERRUPTED = ("some registrants may already be registered; run the same import again: "
                      "it skips everyone already registered in Zoom")
webinar_option = click.option("--webinar", "webinar_key", metavar="KEY",
                              help="Which webinar of the schedule (event, a date, or bNN) when it has several.")


def _webinar(schedule_file: Path, key: str | None) -> tuple[Any, int]:
    """The provisioning context and the Zoom id of the chosen webinar (it must exist in Zoom)."""
    from zoomops.app.context import App
    from zoomops.provision.plan import Planner

    ctx = App.open(schedule_file).provision()
    desired = ctx.desired
    keys = [d.key for d in desired]
    if key is None and len(desired) > 1:
        raise InputError([Diagnostic(str(schedule_file), 0, 0, "--webinar",
                                     f"the schedule makes {len(desired)} webinars; name one: {', '.join(keys)}")])
    chosen = next((d for d in desired if key in (None, d.key)), None)
    if chosen is None:
        raise InputError([Diagnostic(str(schedule_file), 0, 0, "--webinar",
                                     f"no webinar {key!r} in the schedule; it has {', '.join(keys)}")])
    actual, _found_by = Planner(ctx.client, ctx.store, ctx.host).locate(chosen)
    if actual is None:
        raise OperationalError(f"webinar {chosen.key} is not in Zoom yet: run `zoomops apply {schedule_file}` first")
    if (actual.get("settings") or {}).get("approval_type") not in (0, 1):
        raise OperationalError(f"webinar {chosen.key} ({actual['id']}) takes no registrations: add a `registration:` "
                               "section to the schedule and apply it")
    return ctx, int(actual["id"])


@click.group()
def registrants() -> None:
    """The webinar's registrants: import a list, approve, deny or cancel, export with join links."""


@registrants.command("import")
@schedule_argument
@click.argument("people_file", metavar="PEOPLE", type=click.Path(path_type=Path))
@webinar_option
@click.option("--approve", is_flag=True, help="Approve them at once (a manual-approval webinar; Zoom's auto_approve).")
@json_option
@guarded
def import_cmd(schedule_file: Path, people_file: Path, webinar_key: str | None, approve: bool, as_json: bool) -> None:
    """Register everyone in PEOPLE (.csv or .xlsx) who is not registered yet, 30 per request."""
    from zoomops.provision.people_file import read_people
    from zoomops.provision.registrants import RegistrantImporter

    people = read_people(people_file)
    ctx, webinar_id = _webinar(schedule_file, webinar_key)
    if not as_json:
        click.echo(_read_line(people_file, people))
    importer = RegistrantImporter(ctx.client, webinar_id, auto_approve=True if approve else None)
    with interrupted_means(IMPORT_INTERRUPTED):
        result = _run(importer, people.rows, len(people.duplicate_lines), show=not as_json)
    if as_json:
        emit_json({"webinar_id": webinar_id, "in_file": result.in_file,
                   "duplicates_in_file": result.duplicates_in_file, "already_registered": result.already_registered,
                   "registered": result.registered, "batches": result.batches})
        return
    click.echo(f"Webinar {webinar_id}: {result.already_registered} already registered (skipped), "
               f"{result.registered} registered now in {result.batches} batch(es).")


def _read_line(path: Path, people: Any) -> str:
    line = f"Read {len(people.rows)} people from {path}"
    notes = []
    if people.duplicate_lines:
        shown = ", ".join(str(n) for n in people.duplicate_lines[:10])
        more = "…" if len(people.duplicate_lines) > 10 else ""
        notes.append(f"{len(people.duplicate_lines)} duplicate row(s) skipped: line {shown}{more}")
    if people.ignored_columns:
        notes.append(f"columns not used: {', '.join(people.ignored_columns)}")
    return line + (f" ({'; '.join(notes)})" if notes else "") + "."


def _run(importer: Any, rows: list[Any], duplicates: int, show: bool) -> Any:
    if not show or len(rows) < 300:
        return importer.run(rows, duplicates)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("registrants", total=len(rows))
        importer.progress = lambda n: bar.advance(task, n)
        return importer.run(rows, duplicates)


def _status_command(action: str, verb: str) -> click.Command:
    @click.command(action, help=f"{verb.capitalize()} registrants: by --email, all --pending, or --from PEOPLE.")
    @schedule_argument
    @webinar_option
    @click.option("--email", "emails", multiple=True, metavar="EMAIL", help="A registrant's email (repeatable).")
    @click.option("--pending", is_flag=True, help="Every registrant still pending.")
    @click.option("--from", "from_file", type=click.Path(path_type=Path), metavar="PEOPLE",
                  help="Everyone in a people file (.csv or .xlsx).")
    @guarded
    def command(schedule_file: Path, webinar_key: str | None, emails: tuple[str, ...], pending: bool,
                from_file: Path | None) -> None:
        from zoomops.provision.people_file import read_people
        from zoomops.provision.registrants import pending_emails, set_status

        if sum(bool(x) for x in (emails, pending, from_file)) != 1:
            raise click.UsageError("give exactly one of --email, --pending or --from")
        targets = list(emails) if emails else [p.email for p in read_people(from_file).rows] if from_file else []
        ctx, webinar_id = _webinar(schedule_file, webinar_key)
        if pending:
            targets = pending_emails(ctx.client, webinar_id)
        done = set_status(ctx.client, webinar_id, action, targets)  # type: ignore[arg-type]
        click.echo(f"Webinar {webinar_id}: {verb} {done} registrant(s).")

    return command


registrants.add_command(_status_command("approve", "approved"))
registrants.add_command(_status_command("deny", "denied"))
registrants.add_command(_status_command("cancel", "cancelled"))


@registrants.command("export")
@schedule_argument
@webinar_option
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="CSV",
              help="Where to write the CSV (mode 0600: it holds personal join links).")
@guarded
def export_cmd(schedule_file: Path, webinar_key: str | None, output: Path) -> None:
    """Write every registrant (all statuses) with their personal join link to a CSV readable only by you."""
    from zoomops.provision.registrants import export_csv, write_private

    ctx, webinar_id = _webinar(schedule_file, webinar_key)
    text, count = export_csv(ctx.client, webinar_id)
    write_private(output, text)
    click.echo(f"Wrote {count} registrant(s) of webinar {webinar_id} to {output} (mode 0600).")
