"""Commands that provision Zoom from a schedule: `plan`, `apply`, `status`, `teardown`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from zoomops.cli.common import (
    confirm_or_stop,
    emit_json,
    guarded,
    interrupted_means,
    json_option,
    print_diagnostics,
    schedule_argument,
)
from zoomops.i18n.translate import _

if TYPE_CHECKING:
    from zoomops.provision.apply import Applier, ApplyResult
    from zoomops.provision.context import ProvisionContext
    from zoomops.provision.plan import Plan

APPLY_INTERRUPTED = (
    "some changes may already be in Zoom; `zoomops plan FILE` shows what is left, and applying again is safe"
)


def _open(schedule_file: Path, rehearsal: bool = False) -> ProvisionContext:
    from zoomops.app.context import App

    app = App.open(schedule_file)
    ctx = (app.rehearsal() if rehearsal else app).provision()
    print_diagnostics(ctx.loaded.warnings)
    return ctx


@contextmanager
def _opened(schedule_file: Path, rehearsal: bool = False) -> Iterator[ProvisionContext]:
    """The provisioning context, with Zoom's "no such user" for the host reported as bad input (exit 2)."""
    ctx = _open(schedule_file, rehearsal)
    with ctx.host_checked():
        yield ctx


def _budget_used(ctx: ProvisionContext) -> int:
    now = ctx.clock.now()
    midnight = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
    return int(ctx.store.budget_used_since(midnight.isoformat()))


def _plan(ctx: ProvisionContext) -> tuple[Plan, dict[str, Any], list[str]]:
    """Read Zoom and plan; the plan as JSON and as the lines `terraform plan` would print."""
    from zoomops.provision.plan import Planner
    from zoomops.provision.render import plan_to_dict, render_plan

    the_plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    used, budget = _budget_used(ctx), ctx.defaults.daily_create_update_budget
    return the_plan, {"mode": ctx.mode, **plan_to_dict(the_plan, used, budget)}, render_plan(the_plan, used, budget)


@click.command()
@schedule_argument
@json_option
@guarded
def plan(schedule_file: Path, as_json: bool) -> None:
    """Show what apply would change in Zoom (read-only)."""
    with _opened(schedule_file) as ctx:
        _the_plan, as_dict, lines = _plan(ctx)
        if as_json:
            emit_json(as_dict)
            return
        for line in lines:
            click.echo(line)


@click.command()
@schedule_argument
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@guarded
def apply(schedule_file: Path, yes: bool, as_json: bool) -> None:
    """Make Zoom match the schedule, then read it back and verify every field took."""
    from zoomops.provision.apply import Applier, VerificationError

    with _opened(schedule_file) as ctx:
        the_plan, as_dict, lines = _plan(ctx)
        if not as_json:
            for line in lines:
                click.echo(line)
        if not the_plan.has_changes:
            if as_json:
                emit_json({"applied": False, **as_dict})
            return
        if not yes:
            confirm_or_stop(_("Apply these changes to Zoom?"), _("Nothing was changed."))
        total = sum(len(w.add) + len(w.remove) for w in the_plan.webinars)
        try:
            with interrupted_means(APPLY_INTERRUPTED):
                result = _run_apply(Applier, ctx, the_plan, total, show=not as_json)
        except VerificationError as exc:
            if as_json:
                emit_json({"mode": ctx.mode, "applied": True, "verified": False, "mismatches": exc.mismatches})
            raise
        if as_json:
            emit_json(
                {
                    "mode": ctx.mode,
                    "applied": True,
                    "verified": True,
                    "webinars": result.webinar_ids,
                    "created": result.created,
                    "adopted": result.adopted,
                    "updated": result.updated,
                    "panelists_added": result.added,
                    "panelists_removed": result.removed,
                    "join_urls": result.join_urls,
                    "registration_urls": result.registration_urls,
                }
            )
            return
        from zoomops.provision.render import render_apply_result

        for line in render_apply_result(result):
            click.echo(line)


def _run_apply(applier_cls: type[Applier], ctx: ProvisionContext, the_plan: Plan, total: int,
               show: bool) -> ApplyResult:
    if not show or total < 60:
        return applier_cls(ctx.client, ctx.store, ctx.host).apply(the_plan)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("panelists", total=total)
        return applier_cls(ctx.client, ctx.store, ctx.host, progress=lambda _what, n: bar.advance(task, n)).apply(
            the_plan
        )


@click.command()
@schedule_argument
@click.option("--rehearsal", is_flag=True, help="The rehearsal's sandbox webinar and runner (`zoomops rehearse`).")
@json_option
@guarded
def status(schedule_file: Path, rehearsal: bool, as_json: bool) -> None:
    """What exists in Zoom for the schedule, with join links and any drift."""
    from zoomops.provision.status import collect_status, render_status

    with _opened(schedule_file, rehearsal) as ctx:
        report = collect_status(ctx)
        if as_json:
            emit_json(report)
            return
        for line in render_status(report):
            click.echo(line)


@click.command()
@schedule_argument
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@guarded
def teardown(schedule_file: Path, yes: bool, as_json: bool) -> None:
    """Delete the webinars zoomops created for this schedule (for rehearsals)."""
    from zoomops.provision.teardown import find_owned, teardown_webinars

    with _opened(schedule_file) as ctx:
        owned = find_owned(ctx)
        if not owned:
            if as_json:
                emit_json({"deleted": []})
            else:
                click.echo("Nothing to delete: no webinar in Zoom carries this schedule's marker.")
            return
        if not as_json:
            for key, wid in owned.items():
                click.echo(f"- delete webinar {key} (id {wid})")
        if not yes:
            confirm_or_stop("Delete these webinars in Zoom?", "Nothing was deleted.")
        with interrupted_means("some webinars may already be deleted; run `zoomops teardown FILE` again for the rest"):
            deleted = teardown_webinars(ctx, owned)
        if as_json:
            emit_json({"deleted": deleted})
        else:
            click.echo(f"Deleted {len(deleted)} webinar(s).")
