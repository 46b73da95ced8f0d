"""Writing files the user asked for (`import -o`, `export DIR`): a failure is one clear line, exit 1."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from zoomops.common.diagnostics import OperationalError


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def output_dir(path: Path) -> Path:
    """Create the output directory `path` (and its parents) if needed; say why not if it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OperationalError(f"cannot write into {path}: it exists and is not a directory") from None
    except OSError as exc:
        raise OperationalError(f"cannot create directory {path}: {_reason(exc)}") from None
    return path


def check_output_dir(path: Path) -> None:
    """Fail now if `path` could not be created or written into (without creating anything)."""
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe == path and not path.is_dir():
        raise OperationalError(f"cannot write into {path}: it exists and is not a directory")
    if not probe.is_dir():
        raise OperationalError(f"cannot create directory {path}: Not a directory")
    if not os.access(probe, os.W_OK | os.X_OK):
        action = "write into" if probe == path else "create directory"
        raise OperationalError(f"cannot {action} {path}: Permission denied")


def write_output(path: Path, data: str | bytes) -> Path:
    """Write one output file (text as UTF-8); a directory, a missing parent or no permission is named."""
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise OperationalError(f"cannot write {path}: {_reason(exc)}") from None
    return path


def write_outputs(out_dir: Path, files: Iterable[tuple[str, str | bytes]]) -> list[Path]:
    """Write every (name, content) into `out_dir`; on failure, say how many files were already written."""
    output_dir(out_dir)
    written: list[Path] = []
    for name, data in files:
        try:
            written.append(write_output(out_dir / name, data))
        except OperationalError as exc:
            if written:
                raise OperationalError(f"{exc} ({len(written)} file(s) already written to {out_dir})") from None
            raise
    return written
