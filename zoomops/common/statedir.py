"""Where zoomops keeps durable state: `ZOOMOPS_STATE_DIR`, else `.zoomops/` beside the schedule."""

from __future__ import annotations

import os
from pathlib import Path


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
    """Create the state directory with owner-only permissions (it holds tokens)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
