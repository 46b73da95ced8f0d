"""Find the agenda in a document and read it into raw blocks, one per time row, split into days.

A block starts at a table row or a line that begins with a time (`09:00-09:30`, `9.00am`, `09h00`); what
follows it (list items, the rest of its paragraph, the other cells of its row, rows without a time) is its
content. A date line or a `Day 2` heading between blocks starts a new day; a heading ends the open block.
A time line that only states the event's hours and zone (`09:00-14:00 Seoul (KST), GMT+9`) is not a block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from zoomops.importer.dates import day_number, find_dates, is_date_line
from zoomops.importer.document import Document, Part, Row, Table, Text
from zoomops.importer.places import places_in
from zoomops.importer.times import BadClock, Clock, Range, duration, leading_time
from zoomops.importer.zones import ABBR, IANA, OFFSET, UTC_WORD, mentions_zone

_ROW_ZONE = re.compile(
    rf"^\s*[(\[]?\s*(?:{IANA.pattern}|(?:UTC|GMT)(?:\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?)?|{ABBR.pattern})"
    r"(?:\s+time)?\s*[)\]]?",
    re.IGNORECASE,
)
_CONVERSION = re.compile(r"[(\[][^()\[\]]*?\d{1,2}[:.h]\d{2}[^()\[\]]*?[)\]]")
_TITLE_HEADERS = re.compile(
    r"session|agenda|programme|program|topic|title|activity|item|content|description|event|세션|프로그램|내용|주제",
    re.I,
)
_SPEAKER_HEADERS = re.compile(
    r"speaker|presenter|moderator|who|panel|chair|facilitator|lead|발표|연사|사회|좌장|토론", re.I
)
_START_HEADERS = re.compile(r"^(?:start|from|begin|시작)", re.I)
_END_HEADERS = re.compile(r"^(?:end|to|until|finish|종료)", re.I)
_TIME_HEADERS = re.compile(r"time|hour|시간|일시", re.I)


@dataclass
class Entry:
    """One piece of a block's content: paragraph (0), item (1), sub-item (2); `speaker` when it came from a
    column of speakers."""

    level: int
    text: str
    line: int
    col: int
    speaker: bool = False
    minutes: int | None = None  # from the entry's own time range


@dataclass
class RawBlock:
    """A time row as read: times, the title written with them, content, the day, and the zone words."""

    line: int
    col: int
    start: Clock
    end: Clock | None
    time_text: str
    minutes: int | None
    heading: str
    entries: list[Entry] = field(default_factory=list)
    date: date | None = None
    day: int | None = None  # `Day 2` without a date
    date_words: str = ""
    date_line: int = 0
    zone_words: str = ""  # a zone written in the row itself (`08:00-09:30 UTC`)
    column_zone: tuple[int, int, str] | None = None  # (line, col, header text) of the time column
    run: int = 0  # which table or list this row came from


@dataclass
class Agenda:
    """Blocks in document order, the lines that are agenda, and the lines that only state the event's hours."""

    blocks: list[RawBlock]
    agenda_lines: set[int]
    header_lines: list[tuple[int, int, str]]
    default_year: int | None


def _entries(parts: list[Part], speaker: bool = False) -> list[Entry]:
    return [Entry(p.level, p.text, p.line, p.col, speaker) for p in parts]


def _is_hours_line(rest: str) -> bool:
    """What follows a range is only a zone, a place, a date: the event's hours, not a block."""
    if not rest.strip():
        return False
    if not (mentions_zone(rest) or find_dates(rest)[0]):
        return False
    left = OFFSET.sub(" ", ABBR.sub(" ", UTC_WORD.sub(" ", rest)))
    for name, _, _ in places_in(left):
        left = left.replace(name, " ")
    for a, b in sorted(find_dates(left)[1], reverse=True):
        left = left[:a] + left[b:]
    words = [w for w in re.sub(r"[^\w ]", " ", left).split() if w.lower() not in _FILLER and not w.isdigit()]
    return len(words) == 0


_FILLER = {
    "time",
    "times",
    "local",
    "standard",
    "daylight",
    "via",
    "zoom",
    "online",
    "and",
    "in",
    "all",
    "are",
    "hours",
}


def _title_after(text: str, rng: Range) -> tuple[str, str, int | None]:
    """(title, zone words, minutes) from what a time line or cell holds after its range."""
    rest = text[rng.stop :]
    zone = ""
    m = _ROW_ZONE.match(rest)
    if m is not None and m.group(0).strip():
        zone, rest = m.group(0).strip(" ()[]"), rest[m.end() :]
    minutes = None
    dur = duration(rest)
    if dur is not None and not rest[: dur[1].start()].strip(" \t,;:|-–—*/"):
        minutes, rest = dur[0], rest[dur[1].end() :]  # "09:00-09:30 (30 mins)": the block's own length
    rest = _CONVERSION.sub(" ", rest)  # "(17:00-18:30 KST)": a conversion for readers
    title = rest.strip(" \t,;:|-–—*/")
    return title, zone, minutes


def _only_time(text: str) -> bool:
    """A cell that is nothing but a time or range (with a zone), e.g. `17:00-18:30 KST`."""
    rng = leading_time(text) if text[:1].isdigit() else None
    return rng is not None and not _title_after(text, rng)[0]


class ClockError(Exception):
    """A row whose time is not a time of day (`25:30`)."""

    def __init__(self, line: int, col: int, index: int, bad: BadClock) -> None:
        super().__init__(bad.raw)
        self.line, self.col, self.index, self.bad = line, col, index, bad


def _leading(text: str, line: int, col: int, index: int) -> Range | None:
    try:
        return leading_time(text)
    except BadClock as exc:
        raise ClockError(line, col, index, exc) from None


_DATE_LEAD = re.compile(r"^[\s,;:|/–—-]*(?:at\s+)?")


def _dated(text: str, year: int | None, line: int, col: int, index: int) -> tuple[date | None, Range | None]:
    """`7 November 2023, 09:00-10:00 Opening`: a date written before the time (the range's place is in the text)."""
    rng = _leading(text, line, col, index)
    if rng is not None or not text[:1].isalnum():
        return None, rng
    dates, spans = find_dates(text[:60], year)
    if not dates or not spans or spans[0][0] > 12:
        return None, None
    end = max(b for _, b in spans)
    lead = _DATE_LEAD.match(text[end:])
    start = end + (lead.end() if lead else 0)
    inner = _leading(text[start:], line, col, index)
    if inner is None:
        return None, None
    return dates[0], Range(inner.start, inner.end, inner.begin + start, inner.stop + start, inner.raw)


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.blocks: list[RawBlock] = []
        self.agenda_lines: set[int] = set()
        self.header_lines: list[tuple[int, int, str]] = []
        self.date: date | None = None
        self.day: int | None = None
        self.date_words = ""
        self.date_line = 0
        self.open: RawBlock | None = None
        self.run = 0
        self.base_level = 0  # the list level of the open block's time line
        self.default_year = self._year()

    def _year(self) -> int | None:
        for _, text in self.doc.texts()[:400]:
            dates, _ = find_dates(text)
            if dates:
                return dates[0].year
        return None

    # ---- days
    def day_change(self, text: str, line: int) -> bool:
        dates = is_date_line(text, self.default_year)
        n = day_number(text)
        if dates is None and n is None:
            return False
        if dates is None and len(text.split()) > 6:
            return False
        if dates and len(dates) > 1 and not self.blocks:
            return False  # "12-13 March 2024" above the agenda: the event's dates, not a day heading
        if dates:
            self.date, self.day = dates[0], None
        else:
            self.date, self.day = None, n
        self.date_words, self.date_line = text, line
        self.open = None
        return True

    def new_block(self, rng: Range, title: str, zone: str, minutes: int | None, line: int, col: int) -> RawBlock:
        block = RawBlock(
            line,
            col,
            rng.start,
            rng.end,
            rng.raw,
            minutes,
            title,
            [],
            self.date,
            self.day,
            self.date_words,
            self.date_line,
            zone,
            None,
            self.run,
        )
        self.blocks.append(block)
        self.agenda_lines.add(line)
        self.open = block
        return block

    # ---- text
    def text(self, node: Text, previous: Text | Table | None) -> None:
        dated, rng = _dated(node.text, self.default_year, node.line, node.col, len(self.blocks))
        if dated is not None and dated != self.date:
            self.date, self.day, self.date_words, self.date_line = (
                dated,
                None,
                node.text[: rng.begin if rng else 0],
                node.line,
            )
        if rng is not None:
            title, zone, minutes = _title_after(node.text, rng)
            if dated is not None and not title:
                self.header_lines.append((node.line, node.col, node.text))  # "일시: 2023년 10월 12일 14:00~17:00"
                self.open = None
                return
            if _is_hours_line(node.text[rng.stop :]) or (
                rng.end is not None and rng.end.minutes - rng.start.minutes > 300 and not self.blocks and not title
            ):
                self.header_lines.append((node.line, node.col, node.text))
                return
            if self.nested(node, rng, title):
                return
            if not isinstance(previous, Text) or (previous.kind == "heading" and self.open is None):
                self.run += 1
            self.new_block(rng, title, zone, minutes, node.line, node.col + rng.begin)
            self.base_level = node.level if node.kind == "item" else 0
            return
        if self.day_change(node.text, node.line):
            return
        if node.kind == "heading":
            self.open = None
            return
        if self.open is None:
            return
        if node.kind == "paragraph" and not node.cont and node.level == 0 and self.blocks_after_pending(node):
            return
        if node.kind == "item":
            level = max(1, min(2, node.level - self.base_level)) if self.base_level else min(node.level, 2)
        else:
            level = 0 if node.level <= self.base_level else min(node.level - self.base_level, 2)
        self.open.entries.append(Entry(level, node.text, node.line, node.col))
        self.agenda_lines.add(node.line)

    def nested(self, node: Text, rng: Range, title: str) -> bool:
        """`- 09:00-09:10 Welcome — Ms. X` under `09:00-10:30 Session 1`: an item of the open block, not a block."""
        b = self.open
        if b is None or b.end is None or rng.end is None or node.kind != "item" or node.level <= self.base_level:
            return False
        inside = b.start.minutes <= rng.start.minutes and rng.end.minutes <= b.end.minutes
        if not inside or rng.end.minutes - rng.start.minutes >= b.end.minutes - b.start.minutes:
            return False
        level = 1 if self.base_level == 0 else max(1, min(2, node.level - self.base_level))
        b.entries.append(
            Entry(level, title, node.line, node.col + rng.stop, minutes=rng.end.minutes - rng.start.minutes)
        )
        self.agenda_lines.add(node.line)
        return True

    def blocks_after_pending(self, node: Text) -> bool:
        """A separate paragraph after a block: content only if more time rows follow (decided by the caller)."""
        return node.line not in self.between

    # ---- tables
    def table(self, table: Table) -> None:
        self.run += 1
        rows = table.rows
        header = table.header
        time_col = self.time_column(rows)
        if time_col is None:
            for row in rows:
                self.day_row(row)
            return
        if header is None and rows and self.row_time(rows[0], time_col) is None and not self.day_row_dates(rows[0]):
            header, rows = rows[0], rows[1:]
        names = [c.text for c in header.cells] if header else []
        roles = self.roles(names, time_col)
        column_zone = None
        if header and time_col < len(header.cells) and mentions_zone(header.cells[time_col].text):
            cell = header.cells[time_col]
            column_zone = (cell.line, cell.col, cell.text)
        for row in rows:
            self.table_row(row, time_col, roles, column_zone)
        self.open = None if not self.blocks or self.blocks[-1].run != self.run else self.open

    def time_column(self, rows: list[Row]) -> int | None:
        counts: dict[int, int] = {}
        for row in rows:
            for k, cell in enumerate(row.cells[:4]):
                if _dated(cell.text, self.default_year, row.line, cell.col, 0)[1] is not None:
                    counts[k] = counts.get(k, 0) + 1
                    break
        return max(counts, key=lambda k: (counts[k], -k)) if counts else None

    def roles(self, names: list[str], time_col: int) -> dict[int, str]:
        roles: dict[int, str] = {}
        for k, name in enumerate(names):
            if k == time_col:
                continue
            if _SPEAKER_HEADERS.search(name) and not _TITLE_HEADERS.search(name):
                roles[k] = "speaker"
            elif _END_HEADERS.search(name.strip()) and k == time_col + 1:
                roles[k] = "end"
            elif re.search(r"duration|minutes|\bmins?\b|length|소요", name, re.I):
                roles[k] = "duration"
            elif re.search(r"^(?:notes?|remarks?|room|venue|location|format|비고|장소)$", name.strip(), re.I):
                roles[k] = "note"
        return roles

    def row_time(self, row: Row, time_col: int) -> Range | None:
        if time_col >= len(row.cells):
            return None
        cell = row.cells[time_col]
        dated, rng = _dated(cell.text, self.default_year, row.line, cell.col, len(self.blocks))
        if dated is not None and dated != self.date:
            self.date, self.day, self.date_words, self.date_line = (
                dated,
                None,
                cell.text[: rng.begin if rng else 0],
                row.line,
            )
        return rng

    def day_row_dates(self, row: Row) -> bool:
        texts = [c.text for c in row.cells if c.text]
        return (
            bool(texts)
            and len(set(texts)) == 1
            and (is_date_line(texts[0], self.default_year) is not None or day_number(texts[0]) is not None)
        )

    def day_row(self, row: Row) -> bool:
        texts = [c.text for c in row.cells if c.text]
        if texts and len(set(texts)) == 1:
            return self.day_change(texts[0], row.line)
        return False

    def table_row(
        self, row: Row, time_col: int, roles: dict[int, str], column_zone: tuple[int, int, str] | None
    ) -> None:
        rng = self.row_time(row, time_col)
        if rng is None:
            if self.day_row(row):
                return
            if row.cells and not row.cells[min(time_col, len(row.cells) - 1)].text and self.open is not None:
                self.add_cells(self.open, row, time_col, roles)  # a row continuing the block above
                self.agenda_lines.add(row.line)
            return
        tcell = row.cells[time_col]
        if rng.end is None and time_col + 1 < len(row.cells):
            after = row.cells[time_col + 1].text
            end = _leading(after, row.line, tcell.col, len(self.blocks))
            if end is not None and (roles.get(time_col + 1) == "end" or end.stop >= len(after.strip())):
                rng = Range(rng.start, end.start, rng.begin, rng.stop, f"{rng.raw}-{end.raw}")  # | 09:00 | 09:30 |
                roles = {**roles, time_col + 1: "end"}
        self.date_cells(row, time_col)
        title, zone, minutes = _title_after(tcell.text, rng)
        block = self.new_block(rng, title, zone, minutes, row.line, tcell.col)
        block.column_zone = column_zone
        self.add_cells(block, row, time_col, roles)

    def date_cells(self, row: Row, time_col: int) -> None:
        """`| 7 Nov 2023 | 09:00-10:00 | … |`: a cell before the time that is a date sets the day."""
        for cell in row.cells[:time_col]:
            dates = is_date_line(cell.text, self.default_year) if cell.text else None
            if dates:
                if dates[0] != self.date:
                    self.date, self.day, self.date_words, self.date_line = dates[0], None, cell.text, row.line
                return

    def add_cells(self, block: RawBlock, row: Row, time_col: int, roles: dict[int, str]) -> None:
        for k, cell in enumerate(row.cells):
            role = roles.get(k, "")
            if k == time_col or role in ("end", "note") or not cell.parts:
                continue
            if k < time_col and is_date_line(cell.text, self.default_year):
                continue  # the row's date, read by date_cells
            if _only_time(cell.text):
                continue  # a second time column (the same rows in another zone): a conversion for readers
            if role == "duration":
                dur = duration(f"({cell.text})")
                if dur is not None and block.minutes is None:
                    block.minutes = dur[0]
                continue
            parts = cell.parts
            if not block.heading and role != "speaker" and parts[0].level == 0:
                block.heading, parts = parts[0].text, parts[1:]
            block.entries.extend(_entries(parts, speaker=role == "speaker"))

    # ---- the walk
    def read(self) -> Agenda:
        nodes = self.doc.nodes
        starts = [
            i
            for i, n in enumerate(nodes)
            if isinstance(n, Text) and _dated(n.text, self.default_year, n.line, n.col, 0)[1] is not None
        ]
        last_time = starts[-1] if starts else -1
        self.between = {n.line for i, n in enumerate(nodes) if isinstance(n, Text) and i < last_time}
        previous: Text | Table | None = None
        for node in nodes:
            if isinstance(node, Table):
                self.table(node)
            else:
                self.text(node, previous)
            previous = node
        return Agenda(self.blocks, self.agenda_lines, self.header_lines, self.default_year)


def read_agenda(doc: Document) -> Agenda:
    """Every time row of the document as a raw block, in order, with its day."""
    return _Reader(doc).read()
