"""One person's briefing, ready to write (`export`) or to mail (`send`): the Markdown in the reader's language(s)
and a maker of their calendar. `export` and `send` build briefings the same way (panelists.py, interpreters.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from zoomops.common.outputs import write_outputs

FIXED_STAMP = datetime(2000, 1, 1, tzinfo=UTC)  # calendars are hashed with this stamp: versions ignore DTSTAMP
Kind = Literal["panelist", "interpreter"]
# Builds one person's calendar for a stamp and a sequence number.
CalendarMaker = Callable[[datetime, int], bytes]


@dataclass
class Briefing:
    """One person's briefing; `languages` are those it is written in (one, or the event's when bilingual)."""

    kind: Kind
    event_id: str
    event_name: str
    person_id: str
    name: str
    email: str | None
    languages: list[str]
    markdown: str
    calendar: CalendarMaker = field(repr=False)

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.event_id}/{self.person_id}"

    def version(self) -> str:
        """A hash of what the person reads: the address, the Markdown, the calendar without its stamp."""
        digest = hashlib.sha256()
        for part in (self.email or "", self.markdown):
            digest.update(part.encode("utf-8") + b"\0")
        digest.update(self.calendar(FIXED_STAMP, 0))
        return digest.hexdigest()[:16]


def write_briefings(briefings: list[Briefing], out_dir: Path, stamp: datetime) -> list[Path]:
    """`<id>.md` and `<id>.ics` per briefing (calendars stamped `stamp`); the paths written (none, and no
    directory made, when there is nobody to brief)."""
    if not briefings:
        return []
    files: list[tuple[str, str | bytes]] = []
    for b in briefings:
        files += [(f"{b.person_id}.md", b.markdown), (f"{b.person_id}.ics", b.calendar(stamp, 0))]
    return write_outputs(out_dir, files)
