"""Read a schedule, roster or config file as hostile input: bounded size, UTF-8 only, the wrong encoding named."""

from __future__ import annotations

import codecs
from pathlib import Path

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.i18n.translate import N_, _

DEFAULT_MAX_MB = 10.0  # generous: the forum schedule is 12 kB
MAX_MB_ENV = "ZOOMOPS_MAX_INPUT_MB"
SAVE_AS_UTF8 = N_("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)")

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def max_input_bytes(raw: str | None = None) -> int:
    """The size limit for input files from `ZOOMOPS_MAX_INPUT_MB` (megabytes, as the settings hold it), else 10 MB."""
    raw = raw or ""
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    if not mb > 0 or mb == float("inf"):
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def read_text(path: Path, shown: str, limit: int | None = None) -> str:
    """The file's text; a missing, unreadable, oversized or non-UTF-8 file is an input error saying what to do."""
    limit = max_input_bytes() if limit is None else limit  # the settings' limit, passed down by the loader
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        message = _("cannot read file: {reason}").format(reason=exc.strerror or exc)
        raise InputError([Diagnostic(shown, 0, 0, "", message)]) from None
    if len(raw) > limit:
        size = f"{limit / 1024 / 1024:.1f} MB" if limit >= 100 * 1024 else f"{limit:,} bytes"
        raise InputError([Diagnostic(shown, 0, 0, "", _(
            "the file is larger than {size}, the limit for schedules, rosters and config files: is it the right "
            "file? ({env} raises it)").format(size=size, env=MAX_MB_ENV))])
    return decode(raw, shown)


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 (with or without a BOM); anything else is named, with the place of the first foreign byte."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise _encoding_error(shown, 1, 1, _("the file is saved as {encoding}; {advice}").format(
                encoding=name, advice=_(SAVE_AS_UTF8)))
    if len(raw) >= 4 and (raw[1::2][:8].count(0) >= 2 or raw[0::2][:8].count(0) >= 2) and b"\0\0" not in raw[:8]:
        raise _encoding_error(shown, 1, 1, _("the file looks like UTF-16 (a zero byte between letters); {advice}")
                              .format(advice=_(SAVE_AS_UTF8)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        byte = raw[exc.start]
        guess = bytes([byte]).decode("cp1252", "replace")
        looks = (_(" (it reads as {char} in Windows-1252/Latin-1, the encoding it was probably saved in)").format(
            char=repr(guess)) if guess.isprintable() and guess != "\ufffd" else "")
        msg = _("the file is not UTF-8: byte {byte} here{looks}; {advice}").format(
            byte=f"0x{byte:02X}", looks=looks, advice=_(SAVE_AS_UTF8))
        raise _encoding_error(shown, line, col, msg) from None


def _encoding_error(shown: str, line: int, col: int, message: str) -> InputError:
    return InputError([Diagnostic(shown, line, col, "", message)])
