"""Where zoomops keeps durable state: `ZOOMOPS_STATE_DIR`, else `.zoomops/` beside the schedule."""

from __future__ import annotations

import os
from pathlib import Path

from zoomops.common.diagnostics import OperationalError


def state_dir_for(schedule_path: Path | None, env: dict[str, str] | None = None) -> Path:
    """Resolve (without creating) the state directory for a schedule file."""
    env = os.environ if env is None else env
    explicit = env.get("ZOOMOPS_STATE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    if schedule_path is not None:
        return schedule_path.resolve().parent / ".zoomops"
    return Path.cwd() / ".zoomops"


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
