"""Markdown → the intermediate form, with markdown-it-py (CommonMark, tables, inline HTML)."""

from __future__ import annotations

import html as htmllib
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from zoomops.importer.cells import split_cell
from zoomops.importer.document import Cell, Document, Node, Row, Table, Text, TextKind
from zoomops.importer.htmldoc import read_html
from zoomops.importer.text import clean

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline_lines(tok: Token) -> list[str]:
    """The text of an inline token, one string per source line (`<br>` also breaks)."""
    out = [""]
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            out[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            out.append("")
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            out[-1] += " "
        elif child.type == "image":
            out[-1] += child.content
    return out


def _inline_html(tok: Token) -> str:
    """A table cell's inline content as HTML: text escaped, inline HTML kept as written."""
    out: list[str] = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            out.append(htmllib.escape(child.content, quote=False))
        elif child.type == "html_inline":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


class _Walker:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.nodes: list[Node] = []
        self.depth = 0
        self.item_open = False  # the next paragraph starts a list item
        self.cursor: dict[int, int] = {}

    def col(self, line: int, text: str) -> int:
        """The column of text on its line, searching on from the last text found there."""
        src = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        key = text[:16]
        idx = src.find(key, self.cursor.get(line, 0)) if key else -1
        if idx < 0:
            idx = src.find(key) if key else -1
        if idx >= 0:
            self.cursor[line] = idx + len(key)
        return idx + 1 if idx >= 0 else 1

    def locator(self, line: int) -> Callable[[str], int]:
        return lambda text: self.col(line, text)

    def add(self, kind: TextKind, raw: str, line: int, level: int, cont: bool = False) -> None:
        text = clean(raw)
        if text:
            self.nodes.append(Text(kind, text, line, self.col(line, text), level, cont))

    def paragraph(self, tok: Token, first_line: int) -> None:
        for i, raw in enumerate(_inline_lines(tok)):
            if i == 0 and self.item_open:
                self.add("item", raw, first_line, self.depth)
            else:
                self.add("paragraph", raw, first_line + i, self.depth, cont=i > 0 or self.depth > 0)
        self.item_open = False

    def table(self, tokens: list[Token], i: int) -> int:
        table = Table([], (tokens[i].map or [0])[0] + 1)
        row: Row | None = None
        in_head = False
        while i < len(tokens) and tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = Row([], (tok.map or [0])[0] + 1)
            elif tok.type == "tr_close" and row is not None:
                if in_head:
                    table.header = row
                else:
                    table.rows.append(row)
            elif tok.type == "inline" and row is not None:
                line = row.line
                parts = split_cell(_inline_html(tok), line, self.locator(line))
                text = clean(" ".join(p.text for p in parts))
                row.cells.append(Cell(text, parts, line, parts[0].col if parts else 1))
            i += 1
        self.nodes.append(table)
        return i

    def walk(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            line = (tok.map or [0])[0] + 1
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                self.depth += 1
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                self.depth -= 1
            elif tok.type == "list_item_open":
                self.item_open = True
            elif tok.type == "heading_open":
                self.add("heading", " ".join(_inline_lines(tokens[i + 1])), line, int(tok.tag[1:]))
                i += 2
            elif tok.type == "paragraph_open":
                self.paragraph(tokens[i + 1], line)
                i += 2
            elif tok.type == "table_open":
                i = self.table(tokens, i)
            elif tok.type == "html_block":
                self.html_block(tok.content, line)
            elif tok.type in ("code_block", "fence"):
                for k, raw in enumerate(tok.content.split("\n")):
                    self.add("paragraph", raw, line + k + (1 if tok.type == "fence" else 0), self.depth)
            i += 1

    def html_block(self, content: str, line: int) -> None:
        sub = read_html(content, "", first_line=line)
        self.nodes.extend(sub.nodes)


def read_markdown(text: str, source: str) -> Document:
    """Parse Markdown text into the intermediate form."""
    walker = _Walker(text)
    walker.walk(_MD.parse(text))
    return Document(source, walker.nodes)
