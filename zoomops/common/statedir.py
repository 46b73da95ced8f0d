"""The state directory on disk: created owner-only, damaged databases named (`zoomops.app.settings` resolves where)."""

from __future__ import annotations

from pathlib import Path

from zoomops.common.diagnostics import OperationalError


def ensure_state_dir(path: Path) -> Path:
    """Create the state directory with owner-only permissions (it holds tokens); say why it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        raise OperationalError(f"state directory {path} exists but is not a directory ({_HINT})") from None
    except OSError as exc:
        raise OperationalError(f"cannot create state directory {path}: {exc.strerror or exc} ({_HINT})") from None
    return path


_HINT = "set ZOOMOPS_STATE_DIR to a directory zoomops may write"


def damaged_database(path: Path, exc: Exception, remedy: str) -> OperationalError:
    """The error to raise when a state database cannot be opened: damaged, or not writable."""
    if "not a database" in str(exc) or "malformed" in str(exc):
        return OperationalError(f"{path} is damaged (not a SQLite database): {remedy}")
    return OperationalError(f"cannot open {path}: {exc} ({remedy})")
