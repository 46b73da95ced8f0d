"""Skim a long note before parsing: a 10 MB concept note is mostly background, annexes and data tables.

After the note's head (its first 64 KB: title, dates, venue, zone), a paragraph, list or table (text between
blank lines) is kept only when it could hold what the importer reads: a time of day, or within three paragraphs
of one (a day heading above the rows, speakers below them), a heading, an email address, or a word about
interpretation or time zones. Everything else is replaced by as many empty lines, so line numbers stay the same.
"""

from __future__ import annotations

import re

HEAD = 64 * 1024
NEAR = 3  # paragraphs kept on each side of one that holds a time
_TIME = re.compile(r"\d\s?[:.h시]\s?\d\d|\d\s?[apAP]\.?[mM]\b|\d\s?시")  # no IGNORECASE: 4x faster
_HEADING = re.compile(r"^[ \t]*#", re.MULTILINE)
_WORDS = ("@", "UTC", "GMT", "통역", "시간")
_LOWER_WORDS = ("interpret", "time zone", "timezone")
_BLANK = re.compile(r"\n[ \t]*\n")


def _worth_keeping(group: str) -> bool:
    """A heading, an email, or words about interpretation or time zones (plain substring tests: fast)."""
    if any(w in group for w in _WORDS) or ("#" in group and _HEADING.search(group)):
        return True
    lower = group.lower()
    return any(w in lower for w in _LOWER_WORDS)


def _groups(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each run of text between blank lines, from `start`."""
    spans = []
    pos = start
    for m in _BLANK.finditer(text, start):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def skim(text: str) -> str:
    """The text with what cannot matter after the head blanked (same number of lines)."""
    if len(text) <= HEAD:
        return text
    cut = text.find("\n\n", HEAD)
    if cut < 0:
        return text
    spans = _groups(text, cut)
    timed = [_TIME.search(text, a, b) is not None for a, b in spans]
    near = [False] * len(spans)
    last = -NEAR - 1
    for i, t in enumerate(timed):
        last = i if t else last
        near[i] = i - last <= NEAR
    last = len(spans) + NEAR + 1
    for i in range(len(spans) - 1, -1, -1):
        last = i if timed[i] else last
        near[i] = near[i] or last - i <= NEAR
    out = [text[: spans[0][0]]]
    pos = spans[0][0]
    for (a, b), keep in zip(spans, near, strict=True):
        out.append(text[pos:a])
        if keep or _worth_keeping(text[a:b]):
            out.append(text[a:b])
        else:
            out.append("\n" * text.count("\n", a, b))
        pos = b
    out.append(text[pos:])
    return "".join(out)
