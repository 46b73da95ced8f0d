"""`zoomops board rotate`, and the options `run` and `rehearse` share for the board's links."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from zoomops.cli.common import emit_json, guarded, json_option, schedule_argument
from zoomops.common.diagnostics import Diagnostic, InputError

F = TypeVar("F", bound=Callable[..., Any])


def board_link_options(func: F) -> F:
    """--public-url, --tls-cert, --tls-key and --qr, gathered into one `board_options` argument."""
    options = [
        click.option("--public-url", metavar="URL",
                     help="The address people reach the board at (e.g. behind a reverse proxy); links use it."),
        click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), help="Serve HTTPS: certificate."),
        click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), help="Serve HTTPS: private key."),
        click.option("--qr", is_flag=True, help="Print a QR code of each view link (for phones)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def board_options_from(public_url: str | None, tls_cert: str | None, tls_key: str | None, qr: bool) -> Any:
    """The BoardOptions of the command line; a certificate without its key (or the reverse) is a usage error."""
    # Lazy: the board's modules load only for `run` and `rehearse`.
    from zoomops.board.web import BoardOptions

    if (tls_cert is None) != (tls_key is None):
        missing = "--tls-key" if tls_key is None else "--tls-cert"
        raise InputError([Diagnostic("command line", 0, 0, missing, "HTTPS needs both --tls-cert and --tls-key")])
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        msg = f"expected an http:// or https:// address, not {public_url!r}"
        raise InputError([Diagnostic("command line", 0, 0, "--public-url", msg)])
    return BoardOptions(public_url, tls_cert, tls_key, qr)


@click.group()
def board() -> None:
    """The live board's links."""


@board.command()
@schedule_argument
@click.option("--rehearsal", is_flag=True, help="The links of `zoomops rehearse` (its state is in .zoomops/rehearsal).")
@json_option
@guarded
def rotate(schedule_file: Path, rehearsal: bool, as_json: bool) -> None:
    """Draw new tokens for every board link (the old links stop working at the runner's next start)."""
    from zoomops.app.context import App
    from zoomops.board.links import VIEWS
    from zoomops.board.links import rotate as rotate_links
    from zoomops.common.statedir import ensure_state_dir

    app = App.open(schedule_file)
    state = ensure_state_dir(app.rehearsal().state_dir if rehearsal else app.state_dir)
    rotate_links(state)
    if as_json:
        emit_json({"state_dir": str(state), "rotated": ["control", *VIEWS]})
        return
    click.echo(f"New tokens for the control link and the {', '.join(VIEWS)} views in {state / 'links.json'}; "
               "they take effect when the runner starts (restart a running one).")
