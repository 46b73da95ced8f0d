"""Plain text → the intermediate form: bulleted lines are list items (nesting from indentation), pipe rows are
tables, everything else paragraph lines."""

from __future__ import annotations

import re

from zoomops.importer.cells import GLYPH_BULLETS, split_cell
from zoomops.importer.document import Cell, Document, Node, Row, Table, Text
from zoomops.importer.text import clean

_BULLET = re.compile(rf"^(?P<indent>\s*)(?:[-*+–{GLYPH_BULLETS}]|\d{{1,2}}[.)]|[a-z][.)])\s+(?P<text>\S.*)$")
_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _row(raw: str, line: int) -> Row:
    body = raw.strip().strip("|")
    row = Row([], line)
    for k, cell in enumerate(body.split("|")):
        parts = split_cell(cell, line, lambda t: raw.find(t[:12]) + 1 if t[:12] in raw else 1)
        row.cells.append(Cell(clean(cell), parts, line, k + 1))
    return row


def _is_heading(text: str, after_blank: bool) -> bool:
    """A short line in capitals (`AGENDA`, `SOUTHEAST ASIA HEAT CLINIC`) or a `# Markdown` line."""
    if text.startswith("#"):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    return after_blank and len(letters) >= 4 and all(ch.isupper() for ch in letters if ch.isascii()) and len(text) < 120


def read_text_lines(text: str, source: str) -> Document:
    """Read plain text line by line."""
    nodes: list[Node] = []
    indents: list[int] = []
    previous_blank = True
    table: Table | None = None
    lines = text.split("\n")
    for no, raw in enumerate(lines, start=1):
        raw = raw.replace("\t", "    ")
        if _UNDERLINE.match(raw) and nodes and isinstance(nodes[-1], Text) and nodes[-1].line == no - 1:
            last = nodes[-1]
            nodes[-1] = Text("heading", last.text, last.line, 1, 1 if raw.strip()[0] == "=" else 2)
            continue
        if not raw.strip():
            previous_blank, table = True, None
            continue
        if raw.lstrip().startswith("|") and raw.rstrip().endswith("|"):
            if _RULE.match(raw):
                if table is not None and len(table.rows) == 1 and table.header is None:
                    table.header = table.rows.pop()
                continue
            if table is None:
                table = Table([], no)
                nodes.append(table)
            table.rows.append(_row(raw, no))
            previous_blank = False
            continue
        table = None
        indent = len(raw) - len(raw.lstrip())
        m = _BULLET.match(raw)
        if m:
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            body = clean(m.group("text"))
            nodes.append(Text("item", body, no, raw.find(m.group("text")[:8]) + 1, len(indents)))
        else:
            if previous_blank and indent == 0:
                indents = []
            body = clean(raw)
            if _is_heading(body, previous_blank):
                nodes.append(Text("heading", body.strip("#= ").strip(), no, 1, 1 if not nodes else 2))
            else:
                nodes.append(Text("paragraph", body, no, indent + 1, len(indents), cont=not previous_blank))
        previous_blank = False
    return Document(source, nodes)
