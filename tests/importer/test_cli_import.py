"""`zoomops import`: --explain, --force, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_robustness.helpers import run

NOTE = """# Harbour Tech Breakfast

Date: 3 March 2025 · Times in Auckland (NZDT)

- 07:30 – 08:00 Breakfast
- 08:00 – 08:30 “Ports that think” — Dr. Aroha Ngata, Harbour Data Lab (20 min)
  - Q&A (10 min)
- 08:30 – 08:40 Closing: Ms. Mele Fifita
"""


def test_explain_prints_how_every_row_was_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("note.md").write_text(NOTE, encoding="utf-8")
    code, out, err = run(capsys, "import", "note.md", "--explain", "-o", "harbour.yaml")
    assert code == 0 and err == "wrote harbour.yaml (3 blocks, 2 people); 0 warning(s)\n"
    assert out.splitlines() == [
        "note.md: time zone Pacific/Auckland — from 'Auckland, NZDT' (the day heading, line 3)",
        "date 2025-03-03 — from 'Date: 3 March 2025 · Times in Auckland (NZDT)'",
        "  line 5: blocks[0] 07:30-08:00 from '07:30 - 08:00'; break ('Breakfast'); title 'Breakfast'",
        "  line 6: blocks[1] 08:00-08:30 from '08:00 - 08:30'; session; title 'Ports that think'",
        "      items[0] presentation 'Ports that think', 20 min",
        "        speaker Dr. Aroha Ngata",
        "      items[1] qa 'Q&A', 10 min",
        "  line 8: blocks[2] 08:30-08:40 from '08:30 - 08:40'; closing ('Closing'); title 'Closing'",
        "      items[0] remarks 'Closing', 10 min",
        "        speaker Ms. Mele Fifita",
    ]
    code, out, err = run(capsys, "import", "note.md", "--explain")  # the YAML goes to stdout, the explanation not
    assert out.startswith("# Imported from note.md") and err.splitlines()[0].startswith("note.md: time zone")
    code, out, _ = run(capsys, "import", "note.md", "--explain", "--json")
    assert code == 0 and json.loads(out)["explain"][2].startswith("  line 5: blocks[0] 07:30-08:00")


def test_output_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("note.md").write_text(NOTE, encoding="utf-8")
    Path("mine.yaml").write_text("keep me\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "note.md", "-o", "mine.yaml")
    assert code == 2 and err.splitlines() == [
        "mine.yaml: exists; pass --force to overwrite it",
        "1 error(s); nothing was changed.",
    ]
    assert Path("mine.yaml").read_text(encoding="utf-8") == "keep me\n"
    code, _, err = run(capsys, "import", "note.md", "-o", "mine.yaml", "--force")
    assert code == 0 and Path("mine.yaml").read_text(encoding="utf-8").startswith("# Imported from note.md")
    code, _, _ = run(capsys, "validate", "mine.yaml")
    assert code == 0


def test_word_locations_are_paragraph_numbers(tmp_path: Path) -> None:
    from tests.importer.docx_notes import list_note
    from zoomops.importer import import_document

    result = import_document(list_note(tmp_path / "seminar.docx"), "s")
    assert result.explanation[2] == (
        "  paragraph 5: blocks[0] 10:00-10:15 from '10:00-10:15'; opening ('Welcome'); title 'Welcome'"
    )
