"""The one intermediate form every reader produces: headings, paragraph lines, list items and tables.

Each node keeps its source location: the line (Markdown, HTML, text) or the paragraph number (Word) and a
column. A table cell keeps its inner structure as parts: paragraphs (level 0), bullets (1), nested
bullets (2), so that a cell holding `<p>Session</p><ul><li>Moderator: …</li></ul>` reads like a list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TextKind = Literal["heading", "paragraph", "item"]


@dataclass(frozen=True)
class Part:
    """A piece of a table cell: a paragraph (level 0), a bullet (1) or a nested bullet (2)."""

    level: int
    text: str
    line: int
    col: int


@dataclass
class Cell:
    """One table cell: its text on one line, and its parts."""

    text: str
    parts: list[Part]
    line: int
    col: int


@dataclass
class Row:
    """One table row."""

    cells: list[Cell]
    line: int


@dataclass
class Table:
    """A table: its rows in order, the header row (if the source marks one) first."""

    rows: list[Row]
    line: int
    header: Row | None = None


@dataclass
class Text:
    """A heading (level 1-6), one line of a paragraph (level 0), or a list item (level = nesting, 1 at the top).

    `cont` is True for a paragraph line that continues a list item or the paragraph above without a blank line."""

    kind: TextKind
    text: str
    line: int
    col: int
    level: int = 0
    cont: bool = False


Node = Text | Table


@dataclass
class Document:
    """A read document: its nodes in order, the shown file name, and the unit of its locations."""

    source: str
    nodes: list[Node] = field(default_factory=list)
    unit: Literal["line", "paragraph"] = "line"

    def texts(self) -> list[tuple[int, str]]:
        """(line, text) of every piece of text, table cells included, in document order."""
        out: list[tuple[int, str]] = []
        for node in self.nodes:
            if isinstance(node, Text):
                out.append((node.line, node.text))
                continue
            for row in ([node.header] if node.header else []) + node.rows:
                out.extend((p.line, p.text) for c in row.cells for p in c.parts)
        return out
