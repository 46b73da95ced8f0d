"""Word (.docx) → the intermediate form, with python-docx. Locations are paragraph numbers (a table row counts
as one), since a Word file has no lines."""

from __future__ import annotations

import html as htmllib
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from zoomops.importer.cells import split_cell
from zoomops.importer.document import Cell, Document, Node, Row, Table, Text
from zoomops.importer.text import clean


def _heading_level(p: Paragraph) -> int:
    name = (p.style.name if p.style is not None else "") or ""
    if name == "Title":
        return 1
    if name.startswith("Heading"):
        digits = name[len("Heading") :].strip()
        return int(digits) if digits.isdigit() else 1
    return 0


def _list_level(p: Paragraph) -> int:
    """1 + the numbering level for a numbered or bulleted paragraph; 0 otherwise."""
    ppr = p._p.pPr
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num is not None:
        ilvl = num.find(qn("w:ilvl"))
        value = ilvl.get(qn("w:val")) if ilvl is not None else "0"
        return int(value) + 1 if value and value.isdigit() else 1
    name = (p.style.name if p.style is not None else "") or ""
    if not name.startswith("List"):
        return 0
    digits = name.rsplit(" ", 1)[-1]
    return int(digits) if digits.isdigit() else 1  # "List Bullet 2" is the second level


def _cell_html(paragraphs: list[Paragraph]) -> str:
    """A cell's paragraphs as HTML: list paragraphs inside as many <ul> as their level."""
    out: list[str] = []
    depth = 0
    for p in paragraphs:
        level = _list_level(p)
        out.append("</ul>" * max(depth - level, 0) + "<ul>" * max(level - depth, 0))
        depth = level
        lines = "<br>".join(htmllib.escape(x, quote=False) for x in p.text.split("\n"))
        out.append(f"<li>{lines}</li>" if level else f"<p>{lines}</p>")
    return "".join(out) + "</ul>" * depth


def _table(t: DocxTable, first: int) -> tuple[Table, int]:
    table = Table([], first)
    n = first
    for r in t.rows:
        row = Row([], n)
        seen: set[int] = set()
        for c in r.cells:
            if id(c._tc) in seen:
                continue  # a merged cell repeats
            seen.add(id(c._tc))
            parts = split_cell(_cell_html(list(c.paragraphs)), n, lambda _t: 1)
            row.cells.append(Cell(clean(" ".join(p.text for p in parts)), parts, n, len(row.cells) + 1))
        table.rows.append(row)
        n += 1
    return table, n


def read_docx(path: Path, source: str) -> Document:
    """Parse a Word document into the intermediate form (body paragraphs and tables, in order)."""
    d = docx.Document(str(path))
    nodes: list[Node] = []
    n = 1
    for el in d.element.body.iterchildren():
        if el.tag == qn("w:tbl"):
            table, n = _table(DocxTable(el, d), n)
            nodes.append(table)
            continue
        if el.tag != qn("w:p"):
            continue
        p = Paragraph(el, d)
        heading, level = _heading_level(p), _list_level(p)
        for k, raw in enumerate(p.text.split("\n")):
            text = clean(raw)
            if not text:
                continue
            if heading:
                nodes.append(Text("heading", text, n, 1, heading))
            elif level and k == 0:
                nodes.append(Text("item", text, n, 1, level))
            else:
                nodes.append(Text("paragraph", text, n, 1, level, cont=k > 0 or bool(level)))
        n += 1
    return Document(source, nodes, unit="paragraph")
