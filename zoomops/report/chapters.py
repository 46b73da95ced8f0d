"""Recording chapters from the actual starts of blocks and items: YouTube text, WebVTT chapters, CSV rows.

Offsets count from the recording's start; time the recording was paused (a pause/resume action Zoom
accepted) is not in the file, so it is taken off every later offset, and a break recorded as paused gets no
chapter. The first chapter is always at 00:00 (YouTube's rule): if the recording began before the programme,
a "Before the programme" chapter covers that; chapters that began before the recording are dropped but the
last of them, which moves to 00:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from zoomops.common.clock import elapsed
from zoomops.report.asrun import AsRun, Row

BEFORE = "Before the programme"


@dataclass(frozen=True)
class Chapter:
    """One chapter: where it starts in the recording and in the event."""

    offset: int  # whole seconds from the recording start
    title: str
    at: datetime | None  # the event instant it marks (None for the "before" chapter)
    key: str


def short_label(label: str) -> str:
    """`Session 1: Accelerating …` -> `Session 1` (a block's label up to its colon)."""
    head = label.split(":", 1)[0].strip()
    return head or label


def chapters(asrun: AsRun, recording_start: datetime, paused: list[tuple[datetime, datetime]] | None = None
             ) -> list[Chapter]:
    """The chapters of a recording that started at `recording_start`."""
    pauses = sorted(paused or [])
    marks = _marks(asrun, pauses)
    placed = [(_offset(at, recording_start, pauses), title, at, key) for at, title, key in marks]
    before = [p for p in placed if p[0] <= 0]
    after = [p for p in placed if p[0] > 0]
    result: list[Chapter] = []
    if before:
        _, title, at, key = before[-1]
        result.append(Chapter(0, title, at, key))
    elif after:
        result.append(Chapter(0, BEFORE, None, "before"))
    result += [Chapter(off, title, at, key) for off, title, at, key in after]
    return result


def _marks(asrun: AsRun, pauses: list[tuple[datetime, datetime]]) -> list[tuple[datetime, str, str]]:
    """(instant, title, key) for every block and item that started, a block's first item folded into it."""
    out: list[tuple[datetime, str, str]] = []
    for block in asrun.blocks:
        if block.actual_start is None or _inside_pause(block, pauses):
            continue
        items = [r for r in asrun.rows if r.block_index == block.block_index and not r.is_block
                 and r.actual_start is not None]
        title = block.label
        for item in items:
            assert item.actual_start is not None
            if abs(elapsed(block.actual_start, item.actual_start).total_seconds()) < 1:
                title = f"{block.label} — {item.label}"
            else:
                out.append((item.actual_start, f"{short_label(block.label)} — {item.label}", item.key))
        out.append((block.actual_start, title, block.key))
    return sorted(out, key=lambda m: (m[0].timestamp(), m[2]))


def _inside_pause(block: Row, pauses: list[tuple[datetime, datetime]]) -> bool:
    start = block.actual_start
    assert start is not None
    return block.kind == "break" and any(a <= start < b for a, b in pauses)


def _offset(at: datetime, start: datetime, pauses: list[tuple[datetime, datetime]]) -> int:
    seconds = elapsed(start, at).total_seconds()
    for a, b in pauses:
        a, b = max(a, start), min(b, at)
        if b > a:
            seconds -= elapsed(a, b).total_seconds()
    return int(seconds // 1)


def clock_text(seconds: int, *, hours: bool = False) -> str:
    """`MM:SS`, or `H:MM:SS` from one hour on (or always with `hours`)."""
    h, rest = divmod(max(seconds, 0), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h or hours else f"{m:02d}:{s:02d}"


def youtube_text(chs: list[Chapter]) -> str:
    """YouTube's description chapters: one `00:00 Title` line each, the first at 00:00."""
    return "".join(f"{clock_text(c.offset)} {c.title}\n" for c in chs)


def _vtt_time(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}.000"


def webvtt(chs: list[Chapter], end_offset: int) -> str:
    """A WebVTT chapters track: each cue from its chapter's start to the next one (the last to `end_offset`)."""
    lines = ["WEBVTT", ""]
    for n, c in enumerate(chs):
        stop = chs[n + 1].offset if n + 1 < len(chs) else max(end_offset, c.offset + 1)
        lines += [str(n + 1), f"{_vtt_time(c.offset)} --> {_vtt_time(stop)}", c.title, ""]
    return "\n".join(lines)


def end_offset(asrun: AsRun, recording_start: datetime, paused: list[tuple[datetime, datetime]] | None = None
               ) -> int:
    """The offset of the programme's actual end (the last block's end) in the recording."""
    ends = [r.actual_end for r in asrun.blocks if r.actual_end is not None]
    if not ends:
        return 0
    return _offset(max(ends, key=lambda e: e.timestamp()), recording_start, sorted(paused or []))


def paused_intervals(asrun: AsRun) -> list[tuple[datetime, datetime]]:
    """Recording pauses Zoom accepted: a `recording-pause` action with status ok until its `recording-resume`."""
    done = {a["cue"]: a for a in asrun.actions if a["status"] == "ok" and a["at"] is not None}
    out = []
    for cue_id, action in done.items():
        if cue_id.endswith(".recording-pause"):
            resume = done.get(cue_id.removesuffix("pause") + "resume")
            if resume is not None:
                out.append((action["at"], resume["at"]))
    return sorted(out)
