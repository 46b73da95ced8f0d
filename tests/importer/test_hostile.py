"""Hostile documents never give a traceback: each is exit 2 with one clear message (`zoomops import`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_robustness.helpers import run
from zoomops.common.diagnostics import InputError
from zoomops.importer import import_document

NO_AGENDA = "no agenda found: expected a table or list of time ranges like 09:00-09:30"


def _zip(path: Path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.md", b"", NO_AGENDA),
        ("blank.txt", b"\n\n   \n", NO_AGENDA),
        ("binary.md", bytes(range(256)) * 40, "not UTF-8 text (invalid start byte at byte 128)"),
        (
            "nul.md",
            b"09:00-10:00 Opening\x00\x00\x00\x01\x02" * 50,
            "not a text document (binary data); give a .md, .txt, .html or .docx file",
        ),
        (
            "latin1.md",
            "# Café\n\n6 mai 2024\n\n09:00-10:00 Ouverture\n".encode("latin-1"),
            "not UTF-8 text (invalid continuation byte at byte 5)",
        ),
        ("odd-utf16.md", b"\xff\xfe agenda", "not UTF-8 text (invalid start byte at byte 0)"),
        ("fake.docx", b"this is not a zip", "not a readable Word (.docx) document: it is not a ZIP package"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "a Word 97-2003 (.doc) file: save it as .docx first",
        ),
        (
            "paper.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "PDF is not supported: export the concept note as .docx, HTML or text",
        ),
        ("prose.md", b"# Forum\n\nSome prose about 6 September 2022.\n", NO_AGENDA),
        ("deep.html", b"<div>" * 5000 + b"hello" + b"</div>" * 5000, NO_AGENDA),
        ("pipes.md", b"|" * 200000, NO_AGENDA),
    ],
)
def test_hostile_documents(
    name: str,
    content: bytes,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(content)
    code, out, err = run(capsys, "import", name, "-o", "out.yaml")
    assert code == 2 and out == ""
    assert err.splitlines() == [f"{name}: {message}", "1 error(s); nothing was changed."]
    assert not Path("out.yaml").exists()


def test_a_zip_that_is_not_a_word_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _zip(tmp_path / "notes.docx", {"hello.txt": "hi"})
    code, _, err = run(capsys, "import", str(tmp_path / "notes.docx"))
    assert code == 2 and err.splitlines()[0].endswith(
        "not a readable Word (.docx) document: no Word document inside the package"
    )


def test_too_large_and_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as f:
        f.truncate(40 * 1024 * 1024)  # sparse: nothing is written or read
    code, _, err = run(capsys, "import", str(big))
    assert code == 2 and err.splitlines()[0] == f"{big}: the document is 40 MB; the importer reads at most 32 MB"
    code, _, err = run(capsys, "import", str(tmp_path / "absent.md"))
    assert code == 2 and err.splitlines()[0] == f"{tmp_path / 'absent.md'}: cannot read file: No such file or directory"


def test_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    doc = tmp_path / "note.md"
    doc.write_bytes("# Forum\n\n6 September 2022, KST\n\n09:00-10:00 Opening\n".encode("utf-16"))
    assert import_document(doc, "f").data["blocks"][0]["title"] == "Opening"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "09:00-09:30",
                    "| 10:00 | x |",
                    "|---|---|",
                    "- Moderator:",
                    "Dr.",
                    "# Day 1",
                    "6 May 2024",
                    "UTC+9",
                    "<ul>",
                    "</td>",
                    "(10 min)",
                    ";",
                    "Presentations:",
                    "14시~",
                    "2024년 5월",
                    "KST",
                    "\t",
                    "  - ",
                ]
            ),
            st.text(max_size=12),
        ),
        max_size=40,
    )
)
def test_any_text_is_an_import_or_an_input_error(tmp_path: Path, pieces: list[str]) -> None:
    doc = tmp_path / "fuzz.md"
    doc.write_text("".join(p if i % 3 else p + "\n" for i, p in enumerate(pieces)), encoding="utf-8", errors="replace")
    try:
        result = import_document(doc, "fuzz")
    except InputError as exc:
        assert exc.diagnostics
    else:
        assert result.data["blocks"]


def test_an_agenda_beyond_the_models_limits_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    days = "\n".join(f"## 2030-01-{d:02d}\n\n- 09:00-10:00 Session {d}\n" for d in range(1, 32))
    doc = tmp_path / "long.md"
    doc.write_text(
        f"# Long event\n\nAll times UTC.\n\n{days}\n## 2030-02-01\n\n- 09:00-10:00 One more\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "import", str(doc))
    assert code == 2
    assert err.splitlines() == [
        f"{doc}: event.dates: the agenda read does not fit a schedule: List should have at most 31 items after "
        "validation, not 32",
        "1 error(s); nothing was changed.",
    ]
