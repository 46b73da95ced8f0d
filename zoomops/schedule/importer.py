"""Import the agenda of a concept note (Markdown or plain text) as a draft schedule.

The importer reads what organisers actually write: a Markdown table whose cells hold HTML lists
(`<p>`, `<ul>`, `■`, `- `), possibly split over several tables by a page break, or plain lines of
time ranges (`10:00 – 10:15 Opening remarks — Dr. X`) with bulleted items below them. It finds the
event's title, date(s), time zone and interpretation languages in the surrounding text.

Everything it is unsure about becomes a warning pointing at the line of the source document; a
document without a recognisable agenda is an InputError. Emails are never invented: the schedule
it writes leaves them empty, and `zoomops validate` then lists who still lacks one.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from zoomops.common.diagnostics import Diagnostic, InputError

NO_AGENDA = "no agenda found: expected a table or list of time ranges like 09:00-09:30"

# ---------------------------------------------------------------- text patterns

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # hyphen variants, en/em dash, minus
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u3000"  # no-break, figure, narrow, thin, hair, ideographic
_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"

_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?"
_CLOCK_STRICT = r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
TIME_RANGE = re.compile(
    rf"(?<![\d:.])(?P<start>{_CLOCK_STRICT})\s*(?:-|to|~|until)\s*(?P<end>{_CLOCK_STRICT})(?![\d:])",
    re.IGNORECASE,
)
_CLOCK_PARTS = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?m?\.?$", re.IGNORECASE)

DURATION = re.compile(
    r"[(\[]\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>minutes|minute|mins|min\.?|m|'|hours|hour|hrs|hr|h)\s*[)\]]",
    re.IGNORECASE,
)

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
DATE_DMY = re.compile(
    rf"(?:{_WEEKDAY}\s*)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
    rf"\s+(?:of\s+)?{_MONTH}\s*,?\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
DATE_MDY = re.compile(
    rf"(?:{_WEEKDAY}\s*)?{_MONTH}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?"
    rf"\s*,?\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
DATE_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<m>\d{2})-(?P<d1>\d{2})(?!\d)")

TZ_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?", re.IGNORECASE)
TZ_IANA = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_]+(?:/[A-Za-z_]+)?")
# Abbreviations that name one zone without doubt; the rest (CST, IST, PST...) are ambiguous.
TZ_ABBREVIATIONS = {
    "KST": "Asia/Seoul",
    "JST": "Asia/Tokyo",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "ICT": "Asia/Bangkok",
    "WIB": "Asia/Jakarta",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "PDT": "America/Los_Angeles",
    "BST": "Europe/London",
    "EAT": "Africa/Nairobi",
}
TZ_ABBR = re.compile(r"\b(" + "|".join(TZ_ABBREVIATIONS) + r")\b")
# Places whose name in a time-zone line settles which zone an offset means.
PLACES = {
    "seoul": "Asia/Seoul",
    "korea": "Asia/Seoul",
    "tokyo": "Asia/Tokyo",
    "japan": "Asia/Tokyo",
    "beijing": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "singapore": "Asia/Singapore",
    "bangkok": "Asia/Bangkok",
    "jakarta": "Asia/Jakarta",
    "manila": "Asia/Manila",
    "new delhi": "Asia/Kolkata",
    "india": "Asia/Kolkata",
    "nairobi": "Africa/Nairobi",
    "geneva": "Europe/Zurich",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "brussels": "Europe/Brussels",
    "vienna": "Europe/Vienna",
    "london": "Europe/London",
    "new york": "America/New_York",
    "washington": "America/New_York",
}

HONORIFICS = (
    "H.E.",
    "HE",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Miss",
    "Mx.",
    "Dr.",
    "Dr",
    "Prof.",
    "Prof",
    "Professor",
    "Hon.",
    "Amb.",
    "Ambassador",
    "Sir",
    "Dame",
    "Rev.",
    "Eng.",
    "Atty.",
)
_HONORIFIC = r"(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")"
HONORIFIC_PREFIX = re.compile(rf"^(?P<h>{_HONORIFIC}(?:\s+{_HONORIFIC})*)(?=\s|$)\s*")
_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."}
_PERSON_SPLIT = re.compile(rf"\s*(?:&|\band\b|;|/)\s*(?={_HONORIFIC}\s)")
_TBC = re.compile(r"^\(?\s*(?:tbc|tbd|tba|to be (?:confirmed|determined|announced))\s*\)?\.?$", re.IGNORECASE)
MODERATOR = re.compile(
    r"^(?:overall\s+|session\s+)?(?:moderator|moderated by|chair(?:ed by)?|chairperson|facilitator|facilitated by|mc)"
    r"\s*[:—-]?\s*(?P<who>.*)$",
    re.IGNORECASE,
)
INTERPRETATION = re.compile(r"interpretation|interpreting", re.IGNORECASE)
_LANGUAGE_PAIR = re.compile(r"\b([A-Z][a-z]+)\s*(?:-|/|<>|↔|\band\b|\bto\b|\binto\b)\s*([A-Z][a-z]+)\b")

_BULLET = re.compile(r"^(?P<indent>\s*)(?P<mark>[-*+•■▪●◦◆□▫➢►–]|\d{1,2}[.)])\s+(?P<text>.*)$")
_GLYPH_BULLETS = "■▪●•◦◆□▫➢►"
_SECTION_HEADING = re.compile(r"^(?:#{1,6}\s|[IVX]{1,5}\.\s+\S|\d{1,2}\.\s+[A-Z][A-Za-z ]+$)")


# ---------------------------------------------------------------- results


@dataclass
class ImportResult:
    """A draft schedule: its YAML text, the same as plain data, warnings about the source, a summary."""

    yaml_text: str
    data: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: str = ""


@dataclass
class _Line:
    no: int  # 1-based line number in the source
    raw: str  # the line as written (after newline/space normalisation)
    text: str  # markup-light text for matching


@dataclass
class _Entry:
    """One piece of a block's content: a paragraph (level 0), an item (1) or a sub-item (2)."""

    level: int
    text: str
    line: int
    col: int


@dataclass
class _RawBlock:
    line: int
    col: int
    start: str
    end: str
    minutes: int | None
    date: date | None
    heading: str  # text on the time line/cell after the range
    entries: list[_Entry] = field(default_factory=list)


@dataclass
class _PersonInfo:
    id: str
    name: str
    honorific: str | None
    affiliation: str | None
    line: int
    col: int


class _Importer:
    def __init__(self, shown: str, text: str, event_id: str | None, timezone: str | None) -> None:
        self.shown = shown
        self.lines = _normalise(text)
        self.event_id = event_id
        self.timezone_arg = timezone
        self.warnings: list[Diagnostic] = []
        self.people: dict[str, _PersonInfo] = {}
        self.agenda_lines: set[int] = set()

    # ---------------------------------------------------------- diagnostics
    def warn(self, line: int, col: int, fld: str, message: str) -> None:
        self.warnings.append(Diagnostic(self.shown, line, col, fld, message, "warning"))

    def fail(self, line: int, col: int, fld: str, message: str) -> InputError:
        return InputError([Diagnostic(self.shown, line, col, fld, message)])

    # ---------------------------------------------------------- top level
    def run(self) -> dict[str, Any]:
        raw_blocks, header_rows = self.find_agenda()
        if not raw_blocks:
            raise self.fail(0, 0, "", NO_AGENDA)
        dates = self.find_dates(raw_blocks)
        tz = self.find_timezone(raw_blocks, header_rows, dates[0])
        blocks = [self.build_block(i, rb, len(dates) > 1) for i, rb in enumerate(raw_blocks)]
        title = self.find_title(raw_blocks[0].line)
        event: dict[str, Any] = {
            "id": self.make_event_id(title),
            "title": title,
            "dates": [d.isoformat() for d in dates],
            "timezone": tz,
        }
        data: dict[str, Any] = {
            "event": event,
            "people": [_person_data(p) for p in self.people.values()],
            "blocks": blocks,
        }
        interp = self.find_interpretation()
        if interp is not None:
            data["interpretation"] = interp
        return data

    # ---------------------------------------------------------- agenda
    def find_agenda(self) -> tuple[list[_RawBlock], list[_Line]]:
        blocks, headers = self.table_agenda()
        if blocks:
            return blocks, headers
        return self.list_agenda(), []

    def table_agenda(self) -> tuple[list[_RawBlock], list[_Line]]:
        """Rows of Markdown tables whose first cell holds a time range; empty-time rows continue a block."""
        blocks: list[_RawBlock] = []
        headers: list[_Line] = []
        current_date: date | None = None
        previous_was_table = False
        for ln in self.lines:
            stripped = ln.raw.strip()
            if not stripped.startswith("|"):
                if stripped:
                    previous_was_table = False
                    d = _date_heading(ln.text)
                    if d is not None and blocks:
                        current_date = d[0]
                continue
            cells = _split_row(ln.raw)
            if all(re.fullmatch(r":?-{2,}:?", c.strip()) or not c.strip() for c in cells) and any(
                "-" in c for c in cells
            ):
                continue  # the |---|---| separator
            first = _clean_inline(cells[0]) if cells else ""
            rest = cells[1:]
            m = TIME_RANGE.search(first)
            if m is None:
                date_cells = [_date_heading(_clean_inline(c)) for c in cells if c.strip()]
                if date_cells and all(d is not None for d in date_cells):
                    current_date = date_cells[0][0]  # type: ignore[index]
                    continue
                if not first.strip() and blocks and any(_strip_tags(c).strip() for c in rest):
                    self.agenda_lines.add(ln.no)
                    for c in rest:
                        blocks[-1].entries.extend(_cell_entries(c, ln))
                    continue
                if not previous_was_table or not blocks:
                    headers.append(ln)  # a header row: may name the time zone
                previous_was_table = True
                continue
            previous_was_table = True
            self.agenda_lines.add(ln.no)
            col = ln.raw.find(first.strip()[:8]) + 1 if first.strip() else 1
            start, end = self.clock_pair(m, ln, col, len(blocks))
            minutes = _duration(first)
            heading_in_time_cell = _strip_durations(first[m.end() :]).strip(" ,;:-")
            entries: list[_Entry] = []
            for c in rest:
                entries.extend(_cell_entries(c, ln))
            heading = heading_in_time_cell
            if not heading and entries and entries[0].level == 0:
                heading = entries.pop(0).text
            elif not heading and entries:
                heading = ""
            blocks.append(_RawBlock(ln.no, max(col, 1), start, end, minutes, current_date, heading, entries))
        return blocks, headers

    def list_agenda(self) -> list[_RawBlock]:
        """Lines that start with a time range; the lines that follow them hold the block's content."""
        blocks: list[_RawBlock] = []
        current_date: date | None = None
        open_block: _RawBlock | None = None
        block_indent = 0
        child_indents: list[int] = []
        blank_seen = False
        for ln in self.lines:
            text = ln.text
            if not text.strip():
                blank_seen = True
                continue
            m = _LEADING_RANGE.match(text)
            if m and not self.is_header_line(text[m.end() :], ln):
                rng = TIME_RANGE.search(text)
                assert rng is not None
                col = ln.raw.find(rng.group("start")) + 1
                start, end = self.clock_pair(rng, ln, col, len(blocks))
                rest = text[rng.end() :]
                minutes = _duration(rest)
                heading = _strip_durations(rest).strip(" \t,;:|-*")
                open_block = _RawBlock(ln.no, max(col, 1), start, end, minutes, current_date, heading)
                blocks.append(open_block)
                self.agenda_lines.add(ln.no)
                block_indent = len(text) - len(text.lstrip())
                child_indents = []
                blank_seen = False
                continue
            d = _date_heading(text)
            if d is not None:
                current_date = d[0]
                open_block = None
                continue
            if open_block is None:
                continue
            indent = len(text) - len(text.lstrip())
            b = _BULLET.match(text)
            if _SECTION_HEADING.match(text.strip()) and not b:
                open_block = None
                continue
            if blank_seen and not b and indent <= block_indent:
                open_block = None
                continue
            blank_seen = False
            self.agenda_lines.add(ln.no)
            body = b.group("text") if b else text.strip()
            col = ln.raw.find(body[:8]) + 1 if body else 1
            if b:
                while child_indents and indent < child_indents[-1]:
                    child_indents.pop()
                if not child_indents or indent > child_indents[-1]:
                    child_indents.append(indent)
                level = min(len(child_indents), 2)
            else:
                level = 0 if indent <= block_indent else max(min(len(child_indents), 2), 1)
            open_block.entries.append(_Entry(level, _clean_inline(body), ln.no, max(col, 1)))
        return blocks

    def is_header_line(self, after: str, ln: _Line) -> bool:
        """`09:00-14:00 Seoul (KST), GMT+9`: the event's hours and zone, not an agenda block."""
        if not (TZ_OFFSET.search(after) or TZ_ABBR.search(after) or re.search(r"\btime\b", after, re.I)):
            return False
        rest = TZ_ABBR.sub(" ", TZ_OFFSET.sub(" ", after))
        rest = re.sub(r"[^A-Za-z ]", " ", rest)
        words = [w for w in rest.split() if w.lower() not in {"time", "local", "via", "zoom", "standard", "daylight"}]
        return len(words) <= 2

    def clock_pair(self, m: re.Match[str], ln: _Line, col: int, index: int) -> tuple[str, str]:
        start, end = m.group("start"), m.group("end")
        s, e = _clock(start), _clock(end)
        if s is None or e is None:
            bad, which = (start, "start") if s is None else (end, "end")
            raise self.fail(
                ln.no, col, f"blocks[{index}].{which}", f"not a time of day: {bad.strip()!r} (use HH:MM, e.g. 09:30)"
            )
        has_ampm = [bool(re.search(r"[ap]\.?m", x, re.I)) for x in (start, end)]
        if has_ampm[1] and not has_ampm[0]:
            # "11:30-1:00 pm": the start takes the end's half of the day unless that puts it after the end
            sh, sm = map(int, s.split(":"))
            eh, _ = map(int, e.split(":"))
            if eh >= 12 and sh < 12 and sh + 12 < 24 and (sh + 12) * 60 + sm < eh * 60 + int(e[3:]):
                s = f"{sh + 12:02d}:{sm:02d}"
        return s, e

    # ---------------------------------------------------------- blocks and items
    def build_block(self, index: int, rb: _RawBlock, several_dates: bool) -> dict[str, Any]:
        path = f"blocks[{index}]"
        heading = rb.heading
        entries = list(rb.entries)
        speaker_in_heading = _split_heading_speaker(heading)
        if speaker_in_heading is not None:
            heading, who = speaker_in_heading
            entries.insert(0, _Entry(0, who, rb.line, _col_of(self.lines, rb.line, who)))
        kind = _block_kind(heading, index)
        block: dict[str, Any] = {"kind": kind}
        if heading:
            block["title"] = heading
        else:
            self.warn(rb.line, rb.col, path, "this time range has no title")
        if several_dates and rb.date is not None:
            block["date"] = rb.date.isoformat()
        block["start"], block["end"] = rb.start, rb.end
        span = _span(rb.start, rb.end)
        if span <= 0:
            self.warn(rb.line, rb.col, f"{path}.end", f"{rb.start}-{rb.end} does not end after it starts")
        if rb.minutes is not None:
            if span > 0 and rb.minutes != span:
                self.warn(
                    rb.line,
                    rb.col,
                    f"{path}.minutes",
                    f"says {rb.minutes} minutes but {rb.start}-{rb.end} is {span} minutes; kept the times",
                )
            else:
                block["minutes"] = rb.minutes
        items: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None  # the item sub-items (speakers) attach to
        implicit: dict[str, Any] | None = None  # an item made for bare speaker lines
        item_lines: list[_Entry] = []
        for e in entries:
            text = e.text.strip()
            if not text:
                continue
            mod = MODERATOR.match(text)
            if mod and e.level <= 1:
                who = self.people_in(mod.group("who"), e, f"{path}.moderator")
                if not who:
                    continue
                if len(who) > 1:
                    self.warn(
                        e.line, e.col, f"{path}.moderator", f"{len(who)} moderators named; kept the first, {who[0][0]}"
                    )
                if "moderator" in block and block["moderator"] != who[0][0]:
                    self.warn(e.line, e.col, f"{path}.moderator", f"a second moderator; kept {block['moderator']}")
                else:
                    block["moderator"] = who[0][0]
                continue
            if kind == "break":
                self.warn(e.line, e.col, path, f"text in a break ignored: {_short(text)}")
                continue
            is_person = _looks_like_person(text)
            if e.level >= 2 or (is_person and e.level <= 1):
                target = current if (e.level >= 2 and current is not None) else implicit
                if target is None:
                    target = {"kind": _item_kind(heading, kind), "title": heading or None}
                    if target["title"] is None:
                        del target["title"]
                    items.append(target)
                    item_lines.append(e)
                    implicit = target
                    if e.level >= 2 and current is None:
                        current = target
                self.add_speakers(target, text, e, f"{path}.items[{items.index(target)}]")
                continue
            item = self.parse_item(text, e, f"{path}.items[{len(items)}]")
            if item is None:
                continue
            items.append(item)
            item_lines.append(e)
            current, implicit = item, None
        for j, item in enumerate(items):
            self.finish_item(item, item_lines[j], f"{path}.items[{j}]")
        if len(items) == 1 and _item_total(items[0]) is None and span > 0 and "segments" not in items[0]:
            items[0]["minutes"] = span  # the only item fills its block
        order = ("kind", "title", "minutes", "speakers", "segments")
        items = [{k: it[k] for k in order if k in it} for it in items]
        filled = sum(_item_total(it) or 0 for it in items)
        if span > 0 and filled > span:
            self.warn(
                rb.line,
                rb.col,
                f"{path}.items",
                f"the items take {filled} minutes but {rb.start}-{rb.end} is {span}; fix the document or the schedule",
            )
        if items:
            block["items"] = items
        return block

    def parse_item(self, text: str, e: _Entry, path: str) -> dict[str, Any] | None:
        m = DURATION.search(text)
        minutes: int | None = None
        title, speakers_text = text, ""
        if m is not None:
            minutes = _minutes_of(m)
            title = text[: m.start()].strip()
            after = text[m.end() :].strip()
            if after[:1] in (":", "-", "—", ",", "–"):
                speakers_text = after[1:].strip()
            elif after:
                title = f"{title} {after}".strip()
            if not title and speakers_text:
                title, speakers_text = speakers_text, ""
        else:
            split = _split_heading_speaker(text)
            if split is not None:
                title, speakers_text = split
        title = title.rstrip(" :,-—")
        if not title:
            self.warn(e.line, e.col, path, f"an item without a title: {_short(text)}")
            return None
        item: dict[str, Any] = {"kind": _item_kind(title, None), "title": title}
        if minutes is not None:
            item["minutes"] = minutes
        if speakers_text:
            self.add_speakers(item, speakers_text, e, path)
        return item

    def add_speakers(self, item: dict[str, Any], text: str, e: _Entry, path: str) -> None:
        for pid, minutes in self.people_in(text, e, path):
            item.setdefault("_speakers", []).append((pid, minutes, e))

    def finish_item(self, item: dict[str, Any], e: _Entry, path: str) -> None:
        found: list[tuple[str, int | None, _Entry]] = item.pop("_speakers", [])
        if not found:
            return
        ids = [pid for pid, _, _ in found]
        if len(set(ids)) != len(ids):
            self.warn(e.line, e.col, path, "the same speaker is listed twice in this item")
        timed = [m for _, m, _ in found if m is not None]
        if len(found) == 1:
            pid, m, where = found[0]
            if m is not None:
                if "minutes" in item and item["minutes"] != m:
                    self.warn(
                        where.line,
                        where.col,
                        f"{path}.minutes",
                        f"the item says {item['minutes']} minutes but its speaker {m}; kept {item['minutes']}",
                    )
                item.setdefault("minutes", m)
            item["speakers"] = [pid]
        elif timed:
            item["segments"] = [
                {"speaker": pid, "minutes": m} if m is not None else {"speaker": pid} for pid, m, _ in found
            ]
            if len(timed) == len(found) and "minutes" in item and item["minutes"] != sum(timed):
                self.warn(
                    e.line,
                    e.col,
                    f"{path}.minutes",
                    f"the item says {item['minutes']} minutes but its speakers' shares add up to {sum(timed)}",
                )
            elif len(timed) != len(found):
                self.warn(e.line, e.col, f"{path}.segments", "some speakers in this shared slot have no duration")
        else:
            item["speakers"] = ids

    # ---------------------------------------------------------- people
    def people_in(self, text: str, e: _Entry, fld: str) -> list[tuple[str, int | None]]:
        """Split `Ms. A, Org (10 mins) & Ms. B, Org (10 mins)` into people; register each; return ids."""
        text = text.strip().strip(",;")
        if not text:
            self.warn(e.line, e.col, fld, "no name given")
            return []
        out: list[tuple[str, int | None]] = []
        for part in _PERSON_SPLIT.split(text):
            part = part.strip(" ,;")
            if not part:
                continue
            minutes = None
            d = DURATION.search(part)
            if d is not None:
                minutes = _minutes_of(d)
                part = (part[: d.start()] + part[d.end() :]).strip(" ,;")
            if _TBC.match(part):
                self.warn(e.line, e.col, fld, f"speaker to be confirmed ({part}); add them when known")
                continue
            pid = self.register_person(part, e, fld)
            if pid is not None:
                out.append((pid, minutes))
        return out

    def register_person(self, text: str, e: _Entry, fld: str) -> str | None:
        m = HONORIFIC_PREFIX.match(text)
        honorific = m.group("h") if m else None
        rest = text[m.end() :] if m else text
        parts = [p.strip() for p in rest.split(",")]
        name = parts[0]
        while len(parts) > 1 and parts[1].lower() in _NAME_SUFFIXES:
            name = f"{name}, {parts.pop(1)}"
        affiliation = ", ".join(parts[1:]).strip() or None
        # keep the affiliation exactly as written: take it from the text, not the split parts
        if affiliation is not None:
            affiliation = rest[rest.index(",", len(name)) + 1 :].strip() if "," in rest[len(name) :] else affiliation
        name = name.strip()
        col = _col_of(self.lines, e.line, text[:12]) or e.col
        if not name:
            self.warn(e.line, col, fld, f"no name in {_short(text)}")
            return None
        pid = slug(name)
        if not pid:
            pid = f"person-{len(self.people) + 1}"
            self.warn(e.line, col, fld, f"cannot make an id from the name {name!r}; used {pid}")
        if honorific is None and len(name.split()) > 6:
            self.warn(e.line, col, fld, f"is this a name? {_short(name)}")
        known = self.people.get(pid)
        if known is None:
            self.people[pid] = _PersonInfo(pid, name, honorific, affiliation, e.line, col)
            return pid
        if affiliation and known.affiliation and affiliation != known.affiliation:
            self.warn(
                e.line,
                col,
                fld,
                f"{name} appears again with a different affiliation ({_short(affiliation)}); kept the first, "
                f"from line {known.line}",
            )
        if affiliation and not known.affiliation:
            known.affiliation = affiliation
        if honorific and not known.honorific:
            known.honorific = honorific
        return pid

    # ---------------------------------------------------------- event facts
    def find_title(self, agenda_line: int) -> str:
        candidates = [ln for ln in self.lines if ln.no < agenda_line and ln.text.strip()]
        for ln in candidates:
            h = re.match(r"^#\s+(.+)$", ln.raw.strip())
            if h:
                return _clean_inline(h.group(1)).strip()
        keywords = re.compile(
            r"\b(forum|conference|workshop|webinar|meeting|summit|symposium|seminar|dialogue|session|"
            r"roundtable|round table|congress|assembly|colloquium|training|event)\b",
            re.IGNORECASE,
        )
        for ln in candidates:
            t = _clean_inline(ln.text).strip()
            if keywords.search(t) and not TIME_RANGE.search(t) and len(t) <= 400:
                return t
        for ln in candidates:
            t = _clean_inline(ln.text).strip()
            if t:
                self.warn(ln.no, 1, "event.title", f"no title found; used the first line: {_short(t)}")
                return t
        self.warn(0, 0, "event.title", "no title found before the agenda; wrote 'Untitled event'")
        return "Untitled event"

    def make_event_id(self, title: str) -> str:
        if self.event_id:
            sid = slug(self.event_id)
            if sid != self.event_id:
                self.warn(0, 0, "event.id", f"{self.event_id!r} is not a valid id; used {sid!r}")
            return sid or "event"
        sid = slug(title)
        if len(sid) > 64:
            sid = sid[:64].rsplit("-", 1)[0]
        return sid or "event"

    def find_dates(self, blocks: list[_RawBlock]) -> list[date]:
        in_agenda = list(dict.fromkeys(b.date for b in blocks if b.date is not None))
        header: list[date] = []
        header_line = 0
        for ln in self.lines:
            if ln.no >= blocks[0].line:
                break
            d = _date_heading(ln.text)
            if d is not None:
                for x in d:
                    if x not in header:
                        header.append(x)
                header_line = header_line or ln.no
        dates = in_agenda or header
        if not dates:
            raise self.fail(
                blocks[0].line,
                1,
                "event.dates",
                "no date found: expected a line like '6 September 2022' before the agenda",
            )
        if in_agenda:
            undated = [b for b in blocks if b.date is None]
            for b in undated:
                self.warn(b.line, b.col, "", f"this block comes before any date heading; put it on {in_agenda[0]}")
                b.date = in_agenda[0]
            extra = [d for d in header if d not in in_agenda]
            if extra:
                self.warn(header_line, 1, "event.dates", f"{extra[0]} is named in the header but has no agenda")
        elif len(header) > 1:
            self.warn(
                header_line,
                1,
                "event.dates",
                f"the document names {len(header)} dates but the agenda has no date headings; "
                f"every block is put on {header[0]}",
            )
            for b in blocks:
                b.date = header[0]
            return [header[0]]
        return sorted(dates)

    def find_timezone(self, blocks: list[_RawBlock], header_rows: list[_Line], first_date: date) -> str:
        if self.timezone_arg:
            try:
                ZoneInfo(self.timezone_arg)
            except (ZoneInfoNotFoundError, ValueError):
                raise self.fail(0, 0, "event.timezone", f"unknown time zone {self.timezone_arg!r}") from None
            return self.timezone_arg
        first = blocks[0].line
        ordered = (
            header_rows
            + [ln for ln in self.lines if ln.no in self.agenda_lines]
            + [ln for ln in self.lines if ln.no < first and ln.no not in self.agenda_lines]
            + [ln for ln in self.lines if ln.no > first and ln.no not in self.agenda_lines]
        )
        mentions: list[tuple[_Line, str, Any]] = []
        for ln in ordered:
            for m in TZ_IANA.finditer(ln.text):
                mentions.append((ln, "iana", m))
            for m in TZ_OFFSET.finditer(ln.text):
                mentions.append((ln, "offset", m))
            for m in TZ_ABBR.finditer(ln.text):
                mentions.append((ln, "abbr", m))
        if not mentions:
            raise self.fail(
                blocks[0].line,
                blocks[0].col,
                "event.timezone",
                "no time zone found: write it beside the times (e.g. 'Seoul (KST), GMT+9' or 'UTC+2') "
                "or pass --timezone",
            )
        ln, kind, m = mentions[0]
        col = m.start() + 1
        other_offsets = {_offset_minutes(mm) for l2, k2, mm in mentions if k2 == "offset" and l2.no != ln.no} - (
            {_offset_minutes(m)} if kind == "offset" else set()
        )
        if kind == "iana":
            zone = m.group(0)
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                raise self.fail(ln.no, col, "event.timezone", f"unknown time zone {zone!r}") from None
            return zone
        if kind == "abbr":
            zone = TZ_ABBREVIATIONS[m.group(1)]
            offset = next((mm for l2, k2, mm in mentions if k2 == "offset" and l2.no == ln.no), None)
            if offset is not None and _utc_offset(zone, first_date) != _offset_minutes(offset):
                self.warn(ln.no, col, "event.timezone", f"{m.group(0)} is not {offset.group(0)} on {first_date}")
            return zone
        minutes = _offset_minutes(m)
        if other_offsets:
            self.warn(ln.no, col, "event.timezone", f"several UTC offsets in the document; used {m.group(0)}")
        abbr_here = TZ_ABBR.search(ln.text)
        if abbr_here is not None:
            zone = TZ_ABBREVIATIONS[abbr_here.group(1)]
            if _utc_offset(zone, first_date) == minutes:
                return zone
        places = [z for p, z in PLACES.items() if re.search(rf"\b{p}\b", ln.text, re.IGNORECASE)]
        if not places:
            whole = " ".join(x.text for x in self.lines)
            places = [z for p, z in PLACES.items() if re.search(rf"\b{p}\b", whole, re.IGNORECASE)]
        for zone in dict.fromkeys(places):
            if _utc_offset(zone, first_date) == minutes:
                return zone
        if minutes % 60:
            raise self.fail(
                ln.no,
                col,
                "event.timezone",
                f"{m.group(0)} names no IANA zone and no place is given: pass --timezone (e.g. Asia/Kolkata)",
            )
        hours = minutes // 60
        zone = "Etc/GMT" + ("" if hours == 0 else f"{-hours:+d}")
        self.warn(
            ln.no,
            col,
            "event.timezone",
            f"{m.group(0)} does not say which place; used the fixed zone {zone} (no daylight saving): "
            "set event.timezone to the city's zone, e.g. Asia/Seoul",
        )
        return zone

    def find_interpretation(self) -> dict[str, Any] | None:
        from zoomops.show.languages import canonical_language

        pairs: list[list[str]] = []
        first: _Line | None = None
        for ln in self.lines:
            if not INTERPRETATION.search(ln.text):
                continue
            for m in _LANGUAGE_PAIR.finditer(ln.text):
                a, b = canonical_language(m.group(1)), canonical_language(m.group(2))
                if a is None and b is None:
                    continue
                first = first or ln
                if a is None or b is None:
                    bad = m.group(1) if a is None else m.group(2)
                    self.warn(
                        ln.no, m.start() + 1, "interpretation.pairs", f"Zoom does not offer {bad!r} for interpretation"
                    )
                    continue
                if a != b and [a, b] not in pairs and [b, a] not in pairs:
                    pairs.append([a, b])
        if not pairs or first is None:
            return None
        self.warn(
            first.no,
            1,
            "interpretation.interpreters",
            f"{' and '.join('-'.join(p) for p in pairs)} interpretation: the document names no interpreters; "
            "add the team (id, name, email, languages) before provisioning",
        )
        return {"pairs": pairs, "interpreters": []}


# ---------------------------------------------------------------- helpers


def _normalise(text: str) -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _SPACES:
        text = text.replace(ch, " ")
    for ch in _ZERO_WIDTH:
        text = text.replace(ch, "")
    out = []
    for i, raw in enumerate(text.split("\n"), start=1):
        t = raw.replace("\t", "    ")
        for ch in _DASHES:
            t = t.replace(ch, "-")
        t = t.replace("**", "").replace("__", "")
        out.append(_Line(i, raw.replace("\t", "    "), t))
    return out


_LEADING_RANGE = re.compile(
    rf"^\s*(?:[-*+•]\s+|#{{1,6}}\s+)?(?:\d{{1,2}}[.)]\s+)?\(?{_CLOCK}\s*(?:-|to|~|until)\s*{_CLOCK}\)?(?![\d:])",
    re.IGNORECASE,
)


def _split_row(raw: str) -> list[str]:
    body = raw.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells = re.split(r"(?<!\\)\|", body)
    return [c.replace("\\|", "|") for c in cells]


def _strip_tags(s: str) -> str:
    return re.sub(r"<[^>]+>", " ", s)


def _clean_inline(s: str) -> str:
    s = _strip_tags(s)
    s = html.unescape(s)
    for ch in _DASHES:
        s = s.replace(ch, "-") if ch not in "\u2013\u2014" else s
    s = s.replace("**", "").replace("__", "")
    s = re.sub(r"(?<!\w)\*(\S[^*]*\S|\S)\*(?!\w)", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


_CELL_TOKEN = re.compile(
    r"(<p\b[^>]*>|</p>|<ul\b[^>]*>|</ul>|<ol\b[^>]*>|</ol>|<li\b[^>]*>|</li>|<br\s*/?>|"
    r"[" + _GLYPH_BULLETS + r"]|(?:^|(?<=\s))[-–]\s)",
    re.IGNORECASE,
)


def _cell_entries(cell: str, ln: _Line) -> list[_Entry]:
    """Split a table cell's HTML into entries: paragraphs 0, bullets 1, nested bullets 2."""
    entries: list[_Entry] = []
    depth = 0
    level = 0
    glyph_open = False
    nested_since_glyph = False
    pos = 0
    cell_offset = ln.raw.find(cell) if cell in ln.raw else 0
    pending_start = 0

    def flush(end: int) -> None:
        text = _clean_inline(cell[pending_start:end])
        if text:
            col = cell_offset + pending_start + (len(cell[pending_start:end]) - len(cell[pending_start:end].lstrip()))
            entries.append(_Entry(level, text, ln.no, col + 1))

    for m in _CELL_TOKEN.finditer(cell):
        tok = m.group(0).strip().lower()
        is_dash = tok in ("-", "–")
        if is_dash:
            before = _strip_tags(cell[pending_start : m.start()]).strip()
            fragment_start = not before
            if not (depth >= 2 and nested_since_glyph) and not fragment_start:
                continue  # a hyphen inside text, not a bullet
        flush(m.start())
        pos = m.end()
        pending_start = pos
        if tok.startswith(("<ul", "<ol")):
            depth += 1
            if glyph_open:
                nested_since_glyph = True
        elif tok in ("</ul>", "</ol>"):
            depth = max(depth - 1, 0)
            level = min(level, depth)
        elif tok.startswith("<li"):
            level = min(max(depth, 1), 2)
        elif tok.startswith("<p") or tok == "</p>":
            level = 0 if not glyph_open else level
        elif tok.startswith("<br"):
            pass
        elif is_dash:
            level = 2 if glyph_open else 1
        else:  # a glyph bullet
            level = 1
            glyph_open = True
            nested_since_glyph = False
    flush(len(cell))
    return entries


def _date_heading(text: str) -> list[date] | None:
    """The date(s) of a line that is only a date (maybe with 'Day 1 —', a weekday, times, a zone)."""
    t = _clean_inline(text)
    t = re.sub(r"^#+\s*", "", t)
    t = re.sub(r"^(?:day|session)\s+\d{1,2}\s*[-:,.|]?\s*", "", t, flags=re.IGNORECASE)
    t = re.sub(r"^(?:date|dates)\s*:\s*", "", t, flags=re.IGNORECASE)
    found: list[date] = []
    rest = t
    for rx in (DATE_DMY, DATE_MDY, DATE_ISO):
        for m in rx.finditer(t):
            d = _date_of(m)
            if d:
                found.extend(d)
                rest = rest.replace(m.group(0), " ")
    if not found:
        return None
    rest = TIME_RANGE.sub(" ", rest)
    rest = TZ_OFFSET.sub(" ", rest)
    rest = TZ_ABBR.sub(" ", rest)
    rest = re.sub(r"\b(?:day|date|dates|on|and|\d{1,2}|time|seoul|korea|local|via|zoom)\b", " ", rest, flags=re.I)
    rest = re.sub(rf"\b{_WEEKDAY}", " ", rest, flags=re.I)
    rest = re.sub(r"[\W_]+", " ", rest).strip()
    if len(rest.split()) > 2:
        return None
    return list(dict.fromkeys(found))


def _date_of(m: re.Match[str]) -> list[date] | None:
    try:
        year = int(m.group("year"))
        month = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else _MONTHS[m.group("month").lower()]
        d1 = int(m.group("d1"))
        d2 = int(m.group("d2")) if m.groupdict().get("d2") else d1
        first = date(year, month, d1)
        if d2 < d1 or d2 - d1 > 14:
            return [first]
        return [first + timedelta(days=k) for k in range(d2 - d1 + 1)]
    except (ValueError, KeyError):
        return None


def _clock(text: str) -> str | None:
    m = _CLOCK_PARTS.match(text.strip())
    if m is None:
        return None
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if m.group(3).lower() == "p" else 0)
    if h == 24 and mi == 0:
        h = 0
    if not (0 <= h < 24 and 0 <= mi < 60):
        return None
    return f"{h:02d}:{mi:02d}"


def _span(start: str, end: str) -> int:
    sh, sm = map(int, start.split(":"))
    eh, em = map(int, end.split(":"))
    return (eh * 60 + em) - (sh * 60 + sm)


def _minutes_of(m: re.Match[str]) -> int:
    n = float(m.group("n"))
    unit = m.group("unit").lower()
    return round(n * 60) if unit.startswith("h") else round(n)


def _duration(text: str) -> int | None:
    m = DURATION.search(text)
    return _minutes_of(m) if m else None


def _strip_durations(text: str) -> str:
    return re.sub(r"\s+", " ", DURATION.sub(" ", text)).strip()


def _looks_like_person(text: str) -> bool:
    return bool(HONORIFIC_PREFIX.match(text)) and not MODERATOR.match(text)


def _split_heading_speaker(text: str) -> tuple[str, str] | None:
    """`Opening remarks — Dr. X, Org` or `Keynote: Prof. Y` -> (title, speaker text)."""
    m = re.search(rf"\s*(?:\s-\s|\s--\s|:\s|\s+by\s+)\s*(?={_HONORIFIC}\s)", text)
    if m is None or m.start() == 0:
        return None
    return text[: m.start()].strip(), text[m.end() :].strip()


def _block_kind(title: str, index: int) -> str:
    t = title.lower()
    if re.search(r"\b(break|lunch|coffee|tea|recess|intermission)\b", t) and len(t.split()) <= 4:
        return "break"
    if re.search(r"\b(opening|welcome)\b", t):
        return "opening"
    if re.search(r"\b(closing|wrap[- ]up|concluding|conclusion)\b", t):
        return "closing"
    return "session"


def _item_kind(title: str, block_kind: str | None) -> str:
    t = title.lower()
    if "keynote" in t:
        return "keynote"
    if re.search(r"\bq\s*&\s*a\b|\bq\s+and\s+a\b|questions", t):
        return "qa"
    if "photo" in t:
        return "group_photo"
    if re.search(r"\bremarks?\b|\bwelcom|\baddress\b|\bstatement\b", t):
        return "remarks"
    if re.search(r"\bdiscussion\b|\bpanel\b|\bdialogue\b|\bdebate\b|\broundtable\b", t):
        return "discussion"
    if re.search(r"\bpresentation\b|\btalk\b|\blecture\b|\bcase stud", t):
        return "presentation"
    if block_kind in ("opening", "closing"):
        return "remarks"
    return "other"


def _item_total(item: dict[str, Any]) -> int | None:
    if item.get("minutes") is not None:
        return int(item["minutes"])
    segs = item.get("segments") or []
    if segs and all("minutes" in s for s in segs):
        return sum(int(s["minutes"]) for s in segs)
    found = item.get("_speakers") or []
    if len(found) == 1 and found[0][1] is not None:
        return int(found[0][1])
    return None


def _offset_minutes(m: re.Match[str]) -> int:
    sign = -1 if m.group("sign") == "-" else 1
    return sign * (int(m.group("h")) * 60 + int(m.group("m") or 0))


def _utc_offset(zone: str, on: date) -> int:
    off = datetime(on.year, on.month, on.day, 12, tzinfo=ZoneInfo(zone)).utcoffset()
    return int(off.total_seconds() // 60) if off is not None else 0


def _col_of(lines: list[_Line], line_no: int, fragment: str) -> int:
    if 1 <= line_no <= len(lines) and fragment:
        idx = lines[line_no - 1].raw.find(fragment)
        if idx >= 0:
            return idx + 1
    return 1


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _person_data(p: _PersonInfo) -> dict[str, Any]:
    d: dict[str, Any] = {"id": p.id}
    if p.honorific:
        d["honorific"] = p.honorific
    d["name"] = p.name
    if p.affiliation:
        d["affiliation"] = p.affiliation
    d["email"] = ""
    return d


def slug(text: str) -> str:
    """Lower-case ASCII with runs of anything else turned into '-': "Michelle L. Oren" -> "michelle-l-oren"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# ---------------------------------------------------------------- YAML output

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .&()'/+_-]*$")


def _scalar(value: Any, flow: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    s = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]*", s) and not re.fullmatch(r"[0-9._-]+", s):
        return s  # an id such as 2022-undesa-krila-forum reads back as text
    plain = bool(_PLAIN.match(s)) and not s.endswith(" ") and (not s.endswith(".") or " " not in s)
    reserved = s.lower() in {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}
    if plain and not reserved and not (flow and any(ch in s for ch in ",[]{}")):
        return s
    return json.dumps(s, ensure_ascii=False)


def _flow(d: dict[str, Any]) -> str:
    parts = []
    for k, v in d.items():
        if isinstance(v, list):
            inner = ", ".join(_flow(x) if isinstance(x, dict) else _scalar(x, True) for x in v)
            parts.append(f"{k}: [{inner}]")
        else:
            parts.append(f"{k}: {_scalar(v, True)}")
    return "{" + ", ".join(parts) + "}"


def to_yaml(data: dict[str, Any], source: str) -> str:
    """Readable, stable YAML: one person per line, blocks in block style, simple items on one line."""
    out = [
        f"# Imported from {source} by `zoomops import`: a draft to review.",
        "# Emails are empty: fill them in (`zoomops validate` lists who lacks one) before provisioning.",
        "event:",
    ]
    ev = data["event"]
    for key in ("id", "title", "timezone"):
        if key == "timezone":
            out.append(f"  dates: [{', '.join(ev['dates'])}]")
        out.append(f"  {key}: {_scalar(ev[key], False)}")
    out += ["", "people:" + (" []" if not data["people"] else "")]
    out += [f"  - {_flow(p)}" for p in data["people"]]
    out += ["", "blocks:"]
    for i, b in enumerate(data["blocks"]):
        if i:
            out.append("")
        if b["kind"] == "break" and "items" not in b and "moderator" not in b:
            out.append("  - " + _flow_times(b))
            continue
        first = True
        for key, value in b.items():
            prefix = "  - " if first else "    "
            first = False
            if key == "items":
                out.append(f"{prefix}items:")
                for item in value:
                    if "segments" in item:
                        lead = "      - "
                        for k2, v2 in item.items():
                            if k2 == "segments":
                                out.append(f"{lead}segments:")
                                out += [f"          - {_flow(s)}" for s in v2]
                            else:
                                out.append(f"{lead}{k2}: {_scalar(v2, False)}")
                            lead = "        "
                    else:
                        out.append(f"      - {_flow(item)}")
            elif key in ("start", "end"):
                out.append(f'{prefix}{key}: "{value}"')
            else:
                out.append(f"{prefix}{key}: {_scalar(value, False)}")
    interp = data.get("interpretation")
    if interp:
        pairs = ", ".join("[" + ", ".join(_scalar(x, True) for x in p) + "]" for p in interp["pairs"])
        out += [
            "",
            "interpretation:",
            f"  pairs: [{pairs}]",
            "  # The document names no interpreters: add the team, e.g.",
            "  # - {id: interpreter-a, name: ..., email: ..., languages: [English, Korean]}",
            "  interpreters: []",
        ]
    return "\n".join(out) + "\n"


def _flow_times(b: dict[str, Any]) -> str:
    parts = []
    for k, v in b.items():
        parts.append(f'{k}: "{v}"' if k in ("start", "end") else f"{k}: {_scalar(v, True)}")
    return "{" + ", ".join(parts) + "}"


# ---------------------------------------------------------------- entry point


def import_document(path: Path, event_id: str | None = None, *, timezone: str | None = None) -> ImportResult:
    """Read a concept note and return a draft schedule; InputError if it has no usable agenda."""
    from zoomops.schedule.loader import display_path, read_text

    shown = display_path(path)
    text = read_text(path, shown)
    imp = _Importer(shown, text, event_id, timezone)
    data = imp.run()
    yaml_text = to_yaml(data, path.name)
    diagnostics = imp.warnings + _check_output(yaml_text, path, shown)
    diagnostics = sorted(dict.fromkeys(diagnostics), key=lambda d: (d.line, d.col))
    people = len(data["people"])
    summary = f"{len(data['blocks'])} blocks, {people} {'person' if people == 1 else 'people'}"
    return ImportResult(yaml_text, data, diagnostics, summary)


def _check_output(yaml_text: str, path: Path, shown: str) -> list[Diagnostic]:
    """Validate the draft as `zoomops validate` would; its errors become warnings on the document."""
    from zoomops.schedule.loader import load_schedule_text

    try:
        load_schedule_text(yaml_text, "<imported>", path.parent)
    except InputError as exc:
        return [
            Diagnostic(shown, 0, 0, d.field, f"the imported schedule does not validate yet: {d.message}", "warning")
            for d in exc.diagnostics
            if d.severity == "error"
        ]
    return []
