"""What every command shares: turning errors into exit codes and messages, JSON output."""

from __future__ import annotations

import contextlib
import functools
import json
import math
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from zoomops.common.diagnostics import EXIT_FAILURE, EXIT_INVALID, Diagnostic, InputError, OperationalError
from zoomops.i18n.translate import _

F = TypeVar("F", bound=Callable[..., Any])

json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON on stdout.")
schedule_argument = click.argument("schedule_file", metavar="FILE", type=click.Path(path_type=Path))


class FiniteFloatRange(click.FloatRange):
    """A click FloatRange that also refuses nan and inf (FloatRange lets nan through its bounds)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


@contextlib.contextmanager
def interrupted_means(consequence: str) -> Iterator[None]:
    """Turn Ctrl-C inside the block into an OperationalError saying what may already have happened."""
    try:
        yield
    except KeyboardInterrupt:
        raise OperationalError(f"interrupted: {consequence}") from None


def print_diagnostics(diags: list[Diagnostic]) -> None:
    for d in diags:
        click.echo(d.render(_("warning")), err=True)


def guarded(fn: F) -> F:
    """Run a command body: bad input -> its diagnostics and exit 2; operational failure -> exit 1.

    Never a traceback for either; the message already says what went wrong.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            as_json = kwargs.get("as_json")
            if as_json:
                emit_json({"ok": False, "errors": [d.to_dict() for d in exc.diagnostics]})
            print_diagnostics(exc.diagnostics)
            errors = sum(1 for d in exc.diagnostics if d.severity == "error")
            click.echo(_("{errors} error(s); nothing was changed.").format(errors=errors), err=True)
            sys.exit(EXIT_INVALID)
        except OperationalError as exc:
            click.echo(f"zoomops: {exc}", err=True)
            sys.exit(EXIT_FAILURE)

    return wrapper  # type: ignore[return-value]


def _default(obj: Any) -> Any:
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_default))


def confirm_or_stop(question: str, nothing_done: str) -> None:
    """Ask; on no, end of input, Ctrl-C or no terminal to ask on, say that nothing was done and exit 1."""
    if not sys.stdin or not sys.stdin.isatty():
        click.echo(f"{question} — no terminal to ask on; pass --yes to confirm.", err=True)
        ok = False
    else:
        try:
            ok = click.confirm(question, default=False)
        except click.Abort:
            ok = False
            click.echo("", err=True)
    if not ok:
        click.echo(nothing_done, err=True)
        sys.exit(EXIT_FAILURE)
