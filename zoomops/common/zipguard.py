"""Guard for ZIP packages from users (Word .docx, Excel .xlsx): refuse one that would unpack into far more than
it weighs (a "zip bomb": 1 MB of .docx that python-docx would inflate to gigabytes in memory) before any reader
opens it. Only the central directory is read; nothing is decompressed."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_UNPACKED = 256 * 1024 * 1024  # bytes all members may unpack to
MAX_RATIO = 200  # unpacked / packed for the whole package (text-heavy Office files stay well under 100)
MAX_MEMBERS = 10_000
MAX_XML = 16 * 1024 * 1024  # bytes one XML part may unpack to (readers parse it whole, in memory)


def zip_problem(path: Path, *, max_unpacked: int = MAX_UNPACKED, max_ratio: int = MAX_RATIO,
                max_members: int = MAX_MEMBERS, max_xml: int = MAX_XML) -> str | None:
    """Why the package must not be opened, or None. Raises zipfile.BadZipFile for what is not a ZIP."""
    with zipfile.ZipFile(path) as package:
        members = package.infolist()
    if len(members) > max_members:
        return f"the package holds {len(members)} files (at most {max_members})"
    for m in members:
        if m.filename.endswith((".xml", ".rels")) and m.file_size > max_xml:
            return (f"its part {m.filename} would unpack to {m.file_size // (1024 * 1024)} MB of XML "
                    f"(at most {max_xml // (1024 * 1024)} MB)")
    unpacked = sum(m.file_size for m in members)
    packed = max(path.stat().st_size, 1)
    if unpacked > max_unpacked:
        return f"it would unpack to {unpacked // (1024 * 1024)} MB (at most {max_unpacked // (1024 * 1024)} MB)"
    if unpacked > 1024 * 1024 and unpacked / packed > max_ratio:
        return f"it would unpack to {unpacked // packed} times its size (a compression bomb; at most {max_ratio})"
    return None
