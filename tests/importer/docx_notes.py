"""Concept notes written as Word documents, generated with python-docx (the tests never commit a binary)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as DocxDocument


def _cell(table_cell: object, lines: list[str], bullets: bool = False) -> None:
    cell = table_cell  # a docx.table._Cell
    first = True
    for line in lines:
        if first:
            p = cell.paragraphs[0]  # type: ignore[attr-defined]
            p.text = line
            first = False
        else:
            p = cell.add_paragraph(line, style="List Bullet" if bullets else None)  # type: ignore[attr-defined]


def table_note(path: Path) -> Path:
    """A two-day workshop: title, date lines, one Word table per day, a merged day row, bullets in cells."""
    d: DocxDocument = docx.Document()
    d.add_heading("Baltic Sea Ports Decarbonisation Workshop", level=0)
    d.add_paragraph("Venue: Gdańsk, Poland. All times are Central European Time (Europe/Warsaw).")
    d.add_paragraph("English–Russian interpretation will be provided.")
    d.add_heading("Programme", level=1)
    for day, rows in (
        (
            "Day 1 — Tuesday 10 September 2024",
            [
                ("09:00 – 09:20", ["Opening", "Welcome remarks: Ms. Agnieszka Nowak, Port of Gdańsk Authority"]),
                (
                    "09:20 – 10:30",
                    [
                        "Session 1: Shore power",
                        "Moderator: Mr. Lars Nilsson, Baltic Ports Organisation",
                        "Presentation (25 min): Dr. Kristiina Tamm, Tallinn University of Technology",
                        "Presentation (25 min): Mr. Jonas Petraitis, Klaipėda Energy",
                        "Q&A (20 min)",
                    ],
                ),
                ("10:30 – 10:50", ["Coffee break"]),
            ],
        ),
        (
            "Day 2 — Wednesday 11 September 2024",
            [
                ("09:00 – 10:00", ["Site visit briefing — Ms. Agnieszka Nowak (20 min)"]),
                ("10:00 – 10:15", ["Closing remarks — Mr. Lars Nilsson"]),
            ],
        ),
    ):
        table = d.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "Time"
        table.rows[0].cells[1].text = "Session"
        day_row = table.add_row()
        merged = day_row.cells[0].merge(day_row.cells[1])
        merged.text = day
        for time, lines in rows:
            r = table.add_row()
            r.cells[0].text = time
            _cell(r.cells[1], lines[:1])
            for line in lines[1:]:
                r.cells[1].add_paragraph(line, style="List Bullet")
    d.add_paragraph("Contact: Lars Nilsson <lars.nilsson@bpo.example>")
    d.save(str(path))
    return path


def list_note(path: Path) -> Path:
    """A one-day seminar written as headings, paragraphs and Word bullet lists (with nested bullets)."""
    d: DocxDocument = docx.Document()
    d.add_heading("Caribbean Disaster Data Seminar", level=1)
    d.add_paragraph("Thursday, 14 November 2024")
    d.add_paragraph("Times: Kingston, Jamaica (UTC-5)")
    d.add_heading("Agenda", level=2)
    d.add_paragraph("10:00–10:15 Welcome — Dr. Marcia Campbell, Caribbean Resilience Agency", style="List Bullet")
    d.add_paragraph("10:15–11:15 Session: Hurricane loss data", style="List Bullet")
    d.add_paragraph("Chair: Mr. Andre Baptiste, Island Statistics Network", style="List Bullet 2")
    d.add_paragraph("“Counting what was lost” — Ms. Keisha Thomas (20 min)", style="List Bullet 2")
    d.add_paragraph("“Open loss registers” — Dr. Ravi Persaud (20 min)", style="List Bullet 2")
    d.add_paragraph("Discussion (20 min)", style="List Bullet 2")
    d.add_paragraph("11:15–11:30 Closing — Dr. Marcia Campbell", style="List Bullet")
    d.save(str(path))
    return path


DOCX_NOTES = {"docx-table": table_note, "docx-list": list_note}
