"""The readers (markdown, htmldoc, plaintext, docxdoc) and cells: one intermediate form with source lines."""

from __future__ import annotations

from pathlib import Path

import docx

from zoomops.importer.cells import split_cell
from zoomops.importer.document import Table, Text
from zoomops.importer.docxdoc import read_docx
from zoomops.importer.htmldoc import read_html
from zoomops.importer.markdown import read_markdown
from zoomops.importer.plaintext import read_text_lines


def _texts(nodes: list[Text | Table]) -> list[tuple[str, str, int, int]]:
    return [(n.kind, n.text, n.line, n.level) for n in nodes if isinstance(n, Text)]


def test_cell_parts_from_html_and_written_bullets() -> None:
    parts = split_cell(
        "<p>Session 1</p> <ul> ■ Moderator: Dr. A B <ul> - Mr. C D (5 mins) - Ms. E F (5 mins) ■ Q&amp;A<br>Photo",
        7,
        lambda t: 1,
    )
    assert [(p.level, p.text, p.line) for p in parts] == [
        (0, "Session 1", 7),
        (1, "Moderator: Dr. A B", 7),
        (2, "Mr. C D (5 mins)", 7),
        (2, "Ms. E F (5 mins)", 7),
        (1, "Q&A", 7),
        (1, "Photo", 7),
    ]
    assert [p.text for p in split_cell("Jane Roe - Director, Office", 1, lambda t: 1)] == [
        "Jane Roe - Director, Office"
    ]


def test_markdown_lines_lists_headings_and_tables() -> None:
    doc = read_markdown(
        "# Forum\n\n10:00 – 10:15 Opening\n10:15 – 11:00 Session\n- Moderator: Dr. A\n  - nested\n"
        "11:00 - 11:15 Break\n\n| Time | Agenda |\n|---|---|\n| 12:00 | <p>Lunch</p><br>Terrace |\n",
        "x.md",
    )
    assert _texts(doc.nodes) == [
        ("heading", "Forum", 1, 1),
        ("paragraph", "10:00 – 10:15 Opening", 3, 0),
        ("paragraph", "10:15 – 11:00 Session", 4, 0),
        ("item", "Moderator: Dr. A", 5, 1),
        ("item", "nested", 6, 2),
        ("paragraph", "11:00 - 11:15 Break", 7, 2),  # a lazy line continues the nested item
    ]
    table = doc.nodes[-1]
    assert isinstance(table, Table)
    assert table.header is not None and [c.text for c in table.header.cells] == ["Time", "Agenda"]
    assert [(r.line, [c.text for c in r.cells]) for r in table.rows] == [(11, ["12:00", "Lunch Terrace"])]
    assert [(p.level, p.text) for p in table.rows[0].cells[1].parts] == [(0, "Lunch"), (0, "Terrace")]
    assert table.rows[0].cells[1].col == 14  # where "Lunch" starts on the line


def test_html_headings_lists_tables_and_line_numbers() -> None:
    doc = read_html(
        "<html><head><title>x</title><style>p{}</style></head><body>\n<h1>Seminar</h1>\n"
        "<p>Date: 2024-09-19<br>Zone: UTC</p>\n<ul><li>10:00-10:10 Welcome<ul><li>Dr. A</li></ul></li></ul>\n"
        "<table><tr><th>Time</th><th>What</th></tr>\n<tr><td>11:00</td><td><p>Talk</p><ul><li>Ms. B</li></ul></td>"
        "</tr></table></body></html>",
        "x.html",
    )
    assert _texts(doc.nodes) == [
        ("heading", "Seminar", 2, 1),
        ("paragraph", "Date: 2024-09-19", 3, 0),
        ("paragraph", "Zone: UTC", 3, 0),
        ("item", "10:00-10:10 Welcome", 4, 1),
        ("item", "Dr. A", 4, 2),
    ]
    table = doc.nodes[-1]
    assert isinstance(table, Table) and table.header is not None
    assert [[(p.level, p.text) for p in c.parts] for c in table.rows[0].cells] == [
        [(0, "11:00")],
        [(0, "Talk"), (1, "Ms. B")],
    ]
    assert table.rows[0].line == 6


def test_plain_text_headings_bullets_and_pipe_tables() -> None:
    doc = read_text_lines(
        "Learning Lab\n============\n\nAGENDA\n\n09h00 - 09h15\tOpening\n\t\t- Dr. A, Org\n\t\t\t- sub\n"
        "| Time | What |\n|---|---|\n| 10:00 | Talk |\n",
        "x.txt",
    )
    assert _texts(doc.nodes) == [
        ("heading", "Learning Lab", 1, 1),
        ("heading", "AGENDA", 4, 2),
        ("paragraph", "09h00 - 09h15 Opening", 6, 0),
        ("item", "Dr. A, Org", 7, 1),
        ("item", "sub", 8, 2),
    ]
    table = doc.nodes[-1]
    assert isinstance(table, Table) and table.header is not None
    assert [c.text for c in table.header.cells] == ["Time", "What"]
    assert [[c.text for c in r.cells] for r in table.rows] == [["10:00", "Talk"]]


def test_word_paragraphs_lists_and_merged_cells(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Workshop", level=0)
    d.add_paragraph("10:00-10:30 Opening", style="List Bullet")
    d.add_paragraph("Dr. A, Org", style="List Bullet 2")
    table = d.add_table(rows=2, cols=2)
    table.rows[0].cells[0].merge(table.rows[0].cells[1]).text = "Day 1 — 6 May 2024"
    table.rows[1].cells[0].text = "11:00-11:30"
    table.rows[1].cells[1].text = "Talk"
    table.rows[1].cells[1].add_paragraph("Ms. B", style="List Bullet")
    d.save(str(tmp_path / "w.docx"))
    doc = read_docx(tmp_path / "w.docx", "w.docx")
    assert doc.unit == "paragraph"
    assert _texts(doc.nodes) == [
        ("heading", "Workshop", 1, 1),
        ("item", "10:00-10:30 Opening", 2, 1),
        ("item", "Dr. A, Org", 3, 2),
    ]
    t = doc.nodes[-1]
    assert isinstance(t, Table)
    assert [[c.text for c in r.cells] for r in t.rows] == [["Day 1 — 6 May 2024"], ["11:00-11:30", "Talk Ms. B"]]
    assert [(p.level, p.text) for p in t.rows[1].cells[1].parts] == [(0, "Talk"), (1, "Ms. B")]
