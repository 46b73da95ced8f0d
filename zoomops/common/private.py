"""Files only their owner may read (tokens, control files, personal data): mode 0600 before a byte is written."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path`, created or truncated with mode 0600; an existing file is narrowed first."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # O_CREAT's mode applies to new files only
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path
