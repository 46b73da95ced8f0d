"""A table cell's inner structure: split its HTML (`<p>`, `<ul>`/`<li>`, `<br>`) and written bullets (`■`, `- `)
into parts with levels: paragraphs 0, bullets 1, nested bullets 2."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

from zoomops.importer.document import Part
from zoomops.importer.text import clean

GLYPH_BULLETS = "■▪●•◦◆◇□▫➢►▶❖✓✔➤○·※"
_DASH_BULLETS = ("- ", "– ", "— ", "* ")


class _CellParser(HTMLParser):
    """Collects (level, text) pieces; `locate` turns a piece's text into a column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[int, str]] = []
        self.buf: list[str] = []
        self.depth = 0  # <ul>/<ol> nesting
        self.level = 0
        self.glyph_open = False  # a written bullet (■) opened the current item
        self.nested_since_glyph = False  # a list opened after it: dashes are sub-items
        self.skip = 0

    def flush(self) -> None:
        text = clean("".join(self.buf))
        if text:
            self.pieces.append((self.level, text))
        self.buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("ul", "ol"):
            self.flush()
            self.depth += 1
            self.nested_since_glyph = self.nested_since_glyph or self.glyph_open
        elif tag == "li":
            self.flush()
            self.level = min(max(self.depth, 1), 2)
        elif tag in ("p", "div", "tr", "table") or (tag[:1] == "h" and tag[1:].isdigit()):
            self.flush()
            if not self.glyph_open:
                self.level = 0
        elif tag in ("br", "td", "th"):
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(self.skip - 1, 0)
        elif tag in ("ul", "ol"):
            self.flush()
            self.depth = max(self.depth - 1, 0)
            self.level = min(self.level, self.depth)
            if self.depth == 0:
                self.nested_since_glyph = False
        elif tag in ("li", "p", "div", "td", "th", "tr") or (tag[:1] == "h" and tag[1:].isdigit()):
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        start = 0
        for i, ch in enumerate(data):
            if ch in GLYPH_BULLETS and (i == 0 or not data[i - 1].isalnum()) and ch != "·":
                self.buf.append(data[start:i])
                self.flush()
                self.level, self.glyph_open, self.nested_since_glyph = 1, True, False
                start = i + 1
            elif ch in "-–—*" and data[i + 1 : i + 2] == " " and (i == 0 or data[i - 1] in " \n"):
                before = clean("".join(self.buf) + data[start:i])
                if before and not (self.depth >= 1 and self.nested_since_glyph):
                    continue  # a dash inside text, not a bullet
                self.buf.append(data[start:i])
                self.flush()
                self.level = 2 if self.glyph_open else max(self.level, 1) if before else 1
                start = i + 2
        self.buf.append(data[start:])


def split_cell(html: str, line: int, locate: Callable[[str], int]) -> list[Part]:
    """The parts of one cell, in order; `locate(text)` gives a part's column on its line."""
    parser = _CellParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return [Part(level, text, line, locate(text)) for level, text in parser.pieces]
