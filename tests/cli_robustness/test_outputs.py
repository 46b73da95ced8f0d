"""`import -o` and `export DIR` into places that cannot be written: one line, exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_robustness.helpers import run
from tests.conftest import FORUM, ROOT

AGENDA = ROOT / "tests" / "fixtures" / "forum-agenda.md"


def test_import_into_missing_directory(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import", str(AGENDA), "-o", "nodir/x.yaml")
    assert code == 1
    assert out == ""
    assert err.splitlines()[-1] == "zoomops: cannot write nodir/x.yaml: No such file or directory"


def test_import_onto_a_directory(capsys: pytest.CaptureFixture[str]) -> None:
    Path("adir").mkdir()
    code, _, err = run(capsys, "import", str(AGENDA), "-o", "adir")
    assert code == 1
    assert err.splitlines()[-1] == "zoomops: cannot write adir: Is a directory"


@pytest.mark.parametrize("kind", ["--interpreters", "--panelists"])
def test_export_under_a_file(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    Path("afile").write_text("x", encoding="utf-8")
    code, out, err = run(capsys, "export", str(FORUM), kind, "afile/sub")
    assert code == 1
    assert out == ""
    assert err.splitlines() == ["zoomops: cannot create directory afile/sub: Not a directory"]
    assert not Path("state").exists()  # failed before Zoom (the sandbox) was read


def test_export_stops_and_says_what_was_written(capsys: pytest.CaptureFixture[str]) -> None:
    Path("out").mkdir()
    Path("out/interpreter-b.md").mkdir()  # the third file cannot be written
    code, _, err = run(capsys, "export", str(FORUM), "--interpreters", "out")
    assert code == 1
    assert err.splitlines()[-1] == (
        "zoomops: cannot write out/interpreter-b.md: Is a directory (2 file(s) already written to out)"
    )
