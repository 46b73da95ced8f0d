"""`zoomops send FILE --panelists|--interpreters`: mail each person their briefing and calendar (once per version)."""

from __future__ import annotations

from pathlib import Path

import click

from zoomops.cli.common import emit_json, guarded, json_option, schedule_argument
from zoomops.i18n.translate import _


@click.command()
@schedule_argument
@click.option("--panelists", "kind", flag_value="panelist", help="Everyone on stage (with their personal join link).")
@click.option("--interpreters", "kind", flag_value="interpreter", help="The interpretation team.")
@click.option("--dry-run", is_flag=True, help="Write the messages as .eml files instead of sending; record nothing.")
@click.option("--outbox", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
              help="Where --dry-run writes the .eml files (default: outbox/ in the state directory).")
@json_option
@guarded
def send(schedule_file: Path, kind: str | None, dry_run: bool, outbox: Path | None, as_json: bool) -> None:
    """Mail each person their briefing with its .ics attached; only new or changed briefings go out."""
    from zoomops.app.context import App
    from zoomops.briefings.interpreters import interpreter_briefings
    from zoomops.briefings.panelists import panelist_briefings
    from zoomops.briefings.send import BriefingSender, SentLedger, SmtpSettings
    from zoomops.common.diagnostics import Diagnostic, InputError
    from zoomops.provision.links import join_links
    from zoomops.show.rota import build_rota

    if kind is None:
        raise click.UsageError("say who gets their briefing: --panelists or --interpreters")
    app = App.open(schedule_file)
    settings = app.settings
    if not dry_run and (settings.smtp_host is None or settings.smtp_from is None):
        missing = [n for n, v in (("ZOOMOPS_SMTP_HOST", settings.smtp_host), ("ZOOMOPS_SMTP_FROM", settings.smtp_from))
                   if v is None]
        raise InputError([Diagnostic("environment", 0, 0, n, _("not set: `send` needs an SMTP server (see "
                                                               ".env.example), or use --dry-run")) for n in missing])
    ctx = app.provision(for_provisioning=False)  # people without an email are reported, not an error
    try:
        schedule = ctx.loaded.schedule
        links = join_links(ctx)
        briefings = (panelist_briefings(schedule, links) if kind == "panelist"
                     else interpreter_briefings(schedule, build_rota(schedule), links))
    finally:
        app.close()
    sender = BriefingSender(SentLedger(app.state_dir), settings.smtp_from or "zoomops <zoomops@localhost>",
                            app.clock.now)
    if dry_run:
        report = sender.dry_run(briefings, outbox or app.state_dir / "outbox")
    else:
        report = sender.send(briefings, SmtpSettings(
            host=settings.smtp_host, port=settings.smtp_port, security=settings.smtp_security,
            username=settings.smtp_user, password=settings.smtp_password, sender=settings.smtp_from))
    if as_json:
        emit_json({"dry_run": dry_run, "sent": report.sent, "updated": report.updated,
                   "unchanged": report.unchanged, "no_email": report.no_email,
                   "written": [str(p) for p in report.written]})
        return
    verb = _("would send") if dry_run else _("sent")
    for person in report.sent:
        click.echo(f"  {verb:10} {person}" + (_(" (updated)") if person in report.updated else ""))
    summary = _("Panelist briefings: {sent} {verb} ({updated} updated), {unchanged} unchanged, {no_email} without "
                "an email") if kind == "panelist" else _(
        "Interpreter briefings: {sent} {verb} ({updated} updated), {unchanged} unchanged, {no_email} without an email")
    where = _("; .eml files in {dir}").format(dir=report.written[0].parent) if report.written else ""
    click.echo(summary.format(sent=len(report.sent), verb=verb, updated=len(report.updated),
                              unchanged=len(report.unchanged), no_email=len(report.no_email)) + where + ".")
    if not links:
        click.echo(_("zoomops: no webinar in Zoom yet: the briefings say the join link will follow (run apply)"),
                   err=True)
