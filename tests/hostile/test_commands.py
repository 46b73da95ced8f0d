"""`timeline`, `plan` and `import` over the whole hostile corpus: exit 0 or 2, never a traceback, errors where
`validate` puts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.corpus import CASES, Case
from tests.hostile.runner import run, write_files

SCHEDULES = [c for c in CASES if c.args[0] == "validate"]
# Valid for validate, refused by plan: the stricter rules of provisioning (Zoom's 200-character topic).
PLAN_REFUSES = {"title_over_200_is_a_warning"}


@pytest.mark.parametrize("case", SCHEDULES, ids=[c.name for c in SCHEDULES])
def test_commands_answer_like_validate(case: Case, tmp_path: Path) -> None:
    write_files(tmp_path, case.files)
    validated = run(tmp_path, case.args, case.env)
    for command in ("timeline", "plan"):
        other = run(tmp_path, (command, *case.args[1:]), case.env)
        assert "Traceback" not in other.out + other.err
        if validated.code == 2:
            assert other.code == 2, command
            assert validated.lines[0] in other.lines, command  # the first error, at the same place
        elif command == "plan" and case.name in PLAN_REFUSES:
            assert other.code == 2
        else:
            assert other.code == 0, other.err
    imported = run(tmp_path, ("import", case.args[1], "-o", "imported.yaml"))
    assert "Traceback" not in imported.out + imported.err
    assert imported.code in (0, 2), imported.err[-500:]


HOSTILE_DOCUMENTS: dict[str, str | bytes] = {
    "nested.md": "".join("  " * i + f"- level {i}\n" for i in range(600)),
    "quotes.md": "> " * 2000 + "09:00-09:30 Opening\n",
    "controls.md": "# Forum\x0b\n\n6 September 2022\x07, GMT+9 Seoul\n\n09:00-09:30 Open\x00ing\n",
    "wide_table.md": "| " + " | ".join(f"c{i}" for i in range(3000)) + " |\n|" + "---|" * 3000 + "\n",
    "long_line.txt": "09:00-09:30 " + "x" * 500_000 + "\n",
    "binary.md": bytes(range(256)) * 64,
    "utf16.md": "# Forum\n\n09:00-09:30 Opening\n".encode("utf-16"),
    "latin1.md": "# Caf\xe9 forum\n\n6 September 2022, GMT+9 Seoul\n\n09:00-09:30 Opening\n".encode("latin-1"),
    "html_bomb.html": "<div>" * 5000 + "09:00-09:30 Opening" + "</div>" * 5000,
    "times_only.md": "\n".join(f"{h:02d}:00-{h:02d}:30 Slot {h}" for h in range(24)) + "\n",
    "fake.docx": b"PK\x03\x04" + b"\x00" * 200,
    "empty.md": "",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCUMENTS))
def test_import_survives_hostile_documents(name: str, tmp_path: Path) -> None:
    write_files(tmp_path, {name: HOSTILE_DOCUMENTS[name]})
    outcome = run(tmp_path, ("import", name, "-o", "out.yaml", "--timezone", "Asia/Seoul"))
    assert "Traceback" not in outcome.out + outcome.err
    assert outcome.code in (0, 2), outcome.err[-500:]


def test_import_will_not_overwrite_without_force(tmp_path: Path) -> None:
    agenda = "# Forum\n\n6 September 2022, Seoul (KST), GMT+9\n\n09:00-09:30 Opening\n"
    write_files(tmp_path, {"agenda.md": agenda, "s.yaml": "keep me\n"})
    refused = run(tmp_path, ("import", "agenda.md", "-o", "s.yaml"))
    assert refused.code == 2
    assert (tmp_path / "s.yaml").read_text(encoding="utf-8") == "keep me\n"
    forced = run(tmp_path, ("import", "agenda.md", "-o", "s.yaml", "--force"))
    assert forced.code == 0, forced.err
    assert "\nevent:\n" in (tmp_path / "s.yaml").read_text(encoding="utf-8")
