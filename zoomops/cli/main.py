"""Entry point: a click group that imports each command's module only when it runs."""

from __future__ import annotations

import importlib
import sys

import click

from zoomops import __version__
from zoomops.i18n.catalog import SOURCE_LANGUAGE, UnknownLanguage
from zoomops.i18n.translate import set_language

# command name -> "module:attribute"; modules are imported only when the command is used,
# so `zoomops validate` does not pay for requests, APScheduler or rich.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("zoomops.cli.schedule_cmds:validate", "Check a schedule file and report every problem."),
    "import": ("zoomops.cli.schedule_cmds:import_doc", "Turn a concept note's agenda into a schedule file."),
    "doctor": ("zoomops.cli.zoom_cmds:doctor", "Check Zoom credentials, token, scopes and the host user."),
    "timeline": ("zoomops.cli.schedule_cmds:timeline", "Show the run of show with local and UTC times."),
    "run": ("zoomops.cli.run_cmds:run", "Run the day: fire every cue on time, serve the control API."),
    "delay": ("zoomops.cli.run_cmds:delay", "Tell the running runner the programme is +N/-N minutes off."),
    "next": ("zoomops.cli.run_cmds:next_cmd", "Start the next block or item now (running runner)."),
    "skip": ("zoomops.cli.run_cmds:skip", "Never fire a cue (running runner)."),
    "interpreters": ("zoomops.cli.interpretation_cmds:interpreters", "Show the interpretation rota (who, when)."),
    "export": ("zoomops.cli.export_cmds:export", "Write briefings and calendars (e.g. --interpreters DIR)."),
    "sandbox": ("zoomops.cli.sandbox_cmds:sandbox", "Run the embedded Zoom API sandbox over HTTP."),
    "plan": ("zoomops.cli.provision_cmds:plan", "Show what apply would change in Zoom (read-only)."),
    "apply": ("zoomops.cli.provision_cmds:apply", "Make Zoom match the schedule, then verify by read-back."),
    "status": ("zoomops.cli.provision_cmds:status", "What exists in Zoom for the schedule, and any drift."),
    "teardown": ("zoomops.cli.provision_cmds:teardown", "Delete the webinars zoomops created for a schedule."),
    "registrants": ("zoomops.cli.registrant_cmds:registrants", "Import, approve, deny, cancel or export registrants."),
    "send": ("zoomops.cli.send_cmds:send", "Mail each panelist or interpreter their briefing and calendar."),
    "board": ("zoomops.cli.board_cmds:board", "The live board's links (board rotate: new tokens)."),
    "rehearse": ("zoomops.cli.rehearse_cmds:rehearse", "Provision on the sandbox and play the event, time-compressed."),
    "serve": ("zoomops.cli.serve_cmds:serve", "Run every event of a schedules directory: lifecycle, console, API."),
    "report": ("zoomops.cli.report_cmds:report", "After the event: as-run report, attendance, Q&A, chapters."),
}


class LazyGroup(click.Group):
    """A click group whose subcommands live in modules imported on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target[0].split(":")
        return getattr(importlib.import_module(module_name), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zoomops")
@click.option("--lang", metavar="LANG", help="Language of messages: en or ko (default: ZOOMOPS_LANG, else en).")
def cli(lang: str | None) -> None:
    """zoomops: run a multi-session Zoom webinar from its agenda.

    Exit codes: 0 ok, 1 operational failure, 2 invalid input or usage.
    """
    set_language(SOURCE_LANGUAGE)
    try:
        set_language(lang or SOURCE_LANGUAGE, pin=bool(lang))
    except UnknownLanguage as exc:
        raise click.BadParameter(str(exc), param_hint="--lang") from None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (usage errors are 2, as click does)."""
    try:
        cli.main(args=argv, prog_name="zoomops", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
