"""`zoomops doctor`: check the Zoom configuration, the token, the scopes and the host user."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from zoomops.cli.common import emit_json, guarded, json_option
from zoomops.common.diagnostics import EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from zoomops.zoom.client import ZoomClient


def _report(as_json: bool) -> dict[str, Any]:
    from zoomops.app.context import App

    app = App.open()
    config = app.zoom_config
    mode = config.mode  # a partial credential set raises InputError: exit 2
    return diagnose(app.client(), mode, config.host_user or "me")


def diagnose(client: ZoomClient, mode: str, host: str) -> dict[str, Any]:
    """Token, scopes and host user; every failure is recorded, nothing raises."""
    from zoomops.zoom.errors import ZoomError
    from zoomops.zoom.scopes import check_report_scopes, check_scopes

    report: dict[str, Any] = {"ok": False, "mode": mode, "api_url": client.session.api_base(), "scopes": [],
                              "missing_scopes": [], "host_user": None, "errors": []}
    tokens = client.session.tokens
    if tokens is None:  # the app always connects with credentials (the sandbox's, without any)
        report["errors"].append("token: the client has no credentials")
        return report
    try:
        token = tokens.force_refresh()  # a fresh token proves the credentials; a cached one does not
    except ZoomError as exc:
        report["errors"].append(f"token: {exc}")
        return report
    report["api_url"] = client.session.api_base(token)
    report["scopes"] = sorted(token.scopes)
    checks = check_scopes(token.scopes)
    report["scope_checks"] = [{"needed": c.needed, "purpose": c.purpose, "covered_by": c.covered_by} for c in checks]
    report["missing_scopes"] = [c.needed for c in checks if not c.ok]
    report["missing_report_scopes"] = [c.needed for c in check_report_scopes(token.scopes) if not c.ok]
    report["host_user"] = _host(client, host, report["errors"])
    report["ok"] = not report["missing_scopes"] and not report["errors"]
    return report


def _host(client: ZoomClient, host: str, errors: list[str]) -> dict[str, Any] | None:
    from zoomops.zoom.errors import ZoomError

    try:
        user = client.get_user(host)
    except ZoomError as exc:
        errors.append(f"host user {host}: {exc}")
        return None
    return {"lookup": host, "id": user.id, "email": user.email, "type": user.type, "status": user.status}


def _print(report: dict[str, Any]) -> None:
    click.echo(f"mode:           {report['mode']}")
    click.echo(f"API base URL:   {report['api_url']}")
    click.echo(f"granted scopes: {' '.join(report['scopes']) or '(none)'}")
    for check in report.get("scope_checks", []):
        via = f"ok via {check['covered_by']}" if check["covered_by"] else "MISSING"
        click.echo(f"  {check['needed']:<22} {via}  ({check['purpose']})")
    user = report["host_user"]
    if user:
        click.echo(f"host user:      {user['lookup']} -> {user['email']} (id {user['id']}, status {user['status']})")
    click.echo(f"missing scopes: {', '.join(report['missing_scopes']) or 'none'}")
    if report.get("missing_report_scopes"):
        click.echo(f"missing for `zoomops report` (attendance, Q&A, polls, recording start; the as-run part works "
                   f"without): {', '.join(report['missing_report_scopes'])}")
    for error in report["errors"]:
        click.echo(f"error: {error}", err=True)
    click.echo("doctor: ok" if report["ok"] else "doctor: problems found")


@click.command("doctor")
@json_option
@guarded
def doctor(as_json: bool) -> None:
    """Check Zoom credentials, token, granted scopes and the host user.

    A needed classic scope (e.g. webinar:write:admin) also counts as granted through its user-level
    form (webinar:write), a granular scope of the same resource and action (webinar:write:webinar:admin)
    or an alias the API spec lists (meeting:master). Exit 0 ok, 1 problems found, 2 bad configuration.
    """
    report = _report(as_json)
    if as_json:
        emit_json(report)
    else:
        _print(report)
    sys.exit(EXIT_OK if report["ok"] else EXIT_FAILURE)
