"""Zip bombs are refused before any reader opens them: a small .docx or .xlsx that would unpack to hundreds of
megabytes of XML is exit 2 with its reason (`zoomops import`, `registrants import`'s reader), in well under a
second and without inflating anything."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from tests.cli_robustness.helpers import run
from zoomops.common.diagnostics import InputError
from zoomops.common.zipguard import zip_problem
from zoomops.provision.people_file import read_people

MB = 1024 * 1024


def _package(path: Path, members: dict[str, int | bytes]) -> Path:
    """A ZIP whose members are given as bytes, or as a size to fill with one repeated XML paragraph."""
    paragraph = b"<w:p><w:r><w:t>" + b"x" * 1000 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            if isinstance(body, bytes):
                z.writestr(name, body)
                continue
            with z.open(name, "w") as member:
                for _ in range(body // len(paragraph)):
                    member.write(paragraph)
    return path


def test_limits_each_with_its_reason(tmp_path: Path) -> None:
    xml = _package(tmp_path / "xml.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": 17 * MB})
    assert zip_problem(xml) == "its part word/document.xml would unpack to 16 MB of XML (at most 16 MB)"
    ratio = _package(tmp_path / "ratio.docx", {"word/media/blob.bin": b"\0" * (4 * MB)})
    assert str(zip_problem(ratio)).endswith("times its size (a compression bomb; at most 200)")
    total = _package(tmp_path / "total.docx", {f"word/media/{n}.bin": b"\0" * (2 * MB) for n in range(3)})
    assert zip_problem(total, max_unpacked=5 * MB) == "it would unpack to 6 MB (at most 5 MB)"
    many = _package(tmp_path / "many.docx", {f"p{n}.xml": b"<a/>" for n in range(12)})
    assert zip_problem(many, max_members=10) == "the package holds 12 files (at most 10)"
    photo = random.Random(1).randbytes(MB)  # a photo does not compress
    fine = _package(tmp_path / "fine.docx", {"word/document.xml": 64 * 1024, "word/media/photo.jpg": photo})
    assert zip_problem(fine) is None


def test_a_docx_bomb_is_refused_by_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = _package(tmp_path / "note.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": 40 * MB})
    assert bomb.stat().st_size < MB  # what the organiser was sent: a small attachment
    code, out, err = run(capsys, "import", str(bomb))
    assert code == 2 and out == ""
    assert err.splitlines()[0] == (f"{bomb}: not read as a Word (.docx) document: its part word/document.xml "
                                   "would unpack to 39 MB of XML (at most 16 MB)")


def test_an_xlsx_bomb_is_refused_by_the_people_reader(tmp_path: Path) -> None:
    bomb = _package(tmp_path / "people.xlsx", {"xl/worksheets/sheet1.xml": 40 * MB})
    with pytest.raises(InputError) as info:
        read_people(bomb, "people.xlsx")
    assert [d.render() for d in info.value.diagnostics] == [
        "people.xlsx:1:1: not read as an .xlsx workbook: its part xl/worksheets/sheet1.xml would unpack to 39 MB "
        "of XML (at most 16 MB)"]
