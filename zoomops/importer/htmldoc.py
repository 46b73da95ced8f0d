"""HTML → the intermediate form, with the standard library's HTML parser (tolerant of unclosed tags)."""

from __future__ import annotations

import html as htmllib
from html.parser import HTMLParser

from zoomops.importer.cells import split_cell
from zoomops.importer.document import Cell, Document, Node, Row, Table, Text
from zoomops.importer.text import clean

_BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "blockquote", "pre", "dt", "dd", "caption"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CELL_TAGS = {"p", "div", "ul", "ol", "li", "br"}


class _Reader(HTMLParser):
    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.line_offset = first_line - 1
        self.nodes: list[Node] = []
        self.buf: list[str] = []
        self.buf_line = 0
        self.kind: str = "paragraph"
        self.level = 0
        self.depth = 0  # list nesting outside tables
        self.tables: list[Table] = []
        self.row: Row | None = None
        self.cell: list[str] | None = None  # the open cell's HTML
        self.cell_line = 0
        self.cell_is_head = False
        self.skip = 0
        self.pre = False

    def line(self) -> int:
        return self.getpos()[0] + self.line_offset

    # ---- text outside tables
    def flush(self) -> None:
        text = clean("".join(self.buf))
        if text:
            cont = self.kind == "paragraph" and self.depth > 0
            self.nodes.append(Text(self.kind, text, self.buf_line, 1, self.level, cont))  # type: ignore[arg-type]
        self.buf = []
        self.kind, self.level = "paragraph", self.depth

    def start_text(self, kind: str, level: int) -> None:
        self.flush()
        self.kind, self.level = kind, level

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
            return
        if self.cell is not None:
            if tag in ("td", "th", "tr", "table"):
                self.end_cell()
            else:
                if tag in _CELL_TAGS or tag in _HEADINGS:
                    self.cell.append(f"<{'p' if tag in _HEADINGS or tag == 'div' else tag}>")
                return
        if tag == "table":
            self.flush()
            self.tables.append(Table([], self.line()))
        elif tag == "tr" and self.tables:
            self.row = Row([], self.line())
        elif tag in ("td", "th") and self.row is not None:
            self.cell, self.cell_line, self.cell_is_head = [], self.line(), tag == "th"
        elif tag in ("ul", "ol"):
            self.flush()
            self.depth += 1
        elif tag == "li":
            self.start_text("item", max(self.depth, 1))
        elif tag in _HEADINGS:
            self.start_text("heading", int(tag[1]))
        elif tag in _BLOCK:
            self.pre = self.pre or tag == "pre"
            self.start_text("paragraph", self.depth)
        elif tag == "br":
            kind, level = self.kind, self.level
            self.flush()
            self.kind, self.level = ("paragraph", level) if kind != "heading" else (kind, level)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self.cell is not None:
            self.cell.append("<br>")
        elif tag == "br":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip = max(self.skip - 1, 0)
            return
        if self.cell is not None and tag not in ("td", "th", "tr", "table"):
            if tag in _CELL_TAGS or tag in _HEADINGS:
                self.cell.append(f"</{'p' if tag in _HEADINGS or tag == 'div' else tag}>")
            return
        if tag in ("td", "th"):
            self.end_cell()
        elif tag == "tr":
            self.end_cell()
            self.end_row()
        elif tag == "table" and self.tables:
            self.end_cell()
            self.end_row()
            self.nodes.append(self.tables.pop())
        elif tag in ("ul", "ol"):
            self.flush()
            self.depth = max(self.depth - 1, 0)
        elif tag in _HEADINGS or tag in _BLOCK or tag == "li":
            self.pre = self.pre and tag != "pre"
            self.flush()

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            self.cell = None
            return
        parts = split_cell("".join(self.cell), self.cell_line, lambda t: 1)
        self.row.cells.append(Cell(clean(" ".join(p.text for p in parts)), parts, self.cell_line, 1))
        self.cell = None
        self.row.cells[-1].col = len(self.row.cells)
        if self.cell_is_head and self.tables and not self.tables[-1].rows:
            self.row.line = -abs(self.row.line)  # marks a header row; fixed in end_row

    def end_row(self) -> None:
        if self.row is None or not self.tables:
            return
        table = self.tables[-1]
        if self.row.line < 0:
            self.row.line = -self.row.line
            table.header = self.row
        elif self.row.cells:
            table.rows.append(self.row)
        self.row = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(htmllib.escape(data, quote=False))
            return
        if self.pre and "\n" in data:
            first, *rest = data.split("\n")
            self.buf.append(first)
            for piece in rest:
                self.flush()
                self.buf.append(piece)
                self.buf_line = self.line()
            return
        if not self.buf or not clean("".join(self.buf)):
            self.buf_line = self.line() + data[: len(data) - len(data.lstrip())].count("\n")
        self.buf.append(data)

    def close(self) -> None:
        super().close()
        self.end_cell()
        self.end_row()
        while self.tables:
            self.nodes.append(self.tables.pop())
        self.flush()


def read_html(text: str, source: str, *, first_line: int = 1) -> Document:
    """Parse HTML text into the intermediate form."""
    reader = _Reader(first_line)
    reader.feed(text)
    reader.close()
    return Document(source, reader.nodes)
