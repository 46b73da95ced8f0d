"""`zoomops validate | import | timeline` through main(): exit codes, JSON shape, help, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FORUM, ROOT
from zoomops.cli.main import main

AGENDA = ROOT / "tests" / "fixtures" / "forum-agenda.md"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_validate_forum_ok(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "validate", str(FORUM))
    assert code == 0
    assert out.startswith("schedules/2022-undesa-krila-forum.yaml: ok — ")
    assert out.endswith(": 7 blocks, 18 people, 2 warning(s)\n")
    assert err.count("warning:") == 2


def test_validate_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "validate", "--json", str(FORUM))
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"ok", "event", "blocks", "people", "warnings"}
    assert (data["ok"], data["event"], data["blocks"], data["people"]) == (True, "2022-undesa-krila-forum", 7, 18)
    assert data["warnings"][0] == {
        "file": "schedules/2022-undesa-krila-forum.yaml",
        "line": 39,
        "col": 5,
        "field": "blocks[0].items",
        "message": "items fill 25 of 30 minutes (Group photo without a duration)",
        "severity": "warning",
    }


def test_validate_invalid_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text("event: {id: x}\nblocks: nope\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", "bad.yaml")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "bad.yaml:1:1: event.title: required field is missing",
        "bad.yaml:1:1: event.dates: required field is missing",
        "bad.yaml:1:1: event.timezone: required field is missing",
        "bad.yaml:2:1: blocks: expected a list ([a, b] or lines starting with '- '), found the text 'nope'",
        "4 error(s); nothing was changed.",
    ]
    code, out, _ = run(capsys, "validate", "--json", "bad.yaml")
    data = json.loads(out)
    assert code == 2 and data["ok"] is False and len(data["errors"]) == 4
    assert data["errors"][3]["field"] == "blocks"


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00", b"event: [\n", b"- 1\n"])
def test_validate_never_a_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes) -> None:
    (tmp_path / "x.yaml").write_bytes(content)
    code, _, err = run(capsys, "validate", str(tmp_path / "x.yaml"))
    assert code == 2
    assert err.endswith("1 error(s); nothing was changed.\n")


def test_missing_file_and_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "none.yaml"))
    assert code == 2 and "cannot read file: No such file or directory" in err
    code, _, err = run(capsys, "validate")
    assert code == 2 and "Missing argument 'FILE'" in err
    code, _, err = run(capsys, "validate", "--nope", "x")
    assert code == 2 and "No such option '--nope'" in err


@pytest.mark.parametrize("command", ["validate", "import", "timeline"])
def test_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert out.startswith(f"Usage: zoomops {command} [OPTIONS]")
    assert "--json" in out


def test_import_writes_a_schedule_that_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out_file = tmp_path / "2022-undesa-krila-forum.yaml"
    code, out, err = run(capsys, "import", str(AGENDA), "-o", str(out_file))
    assert code == 0 and out == ""
    assert err.splitlines()[-1] == f"wrote {out_file} (7 blocks, 18 people); 1 warning(s)"
    assert "event:\n  id: 2022-undesa-krila-forum\n" in out_file.read_text(encoding="utf-8")
    code, out, err = run(capsys, "validate", str(out_file))
    assert code == 0
    assert out.endswith(": 7 blocks, 18 people, 22 warning(s)\n")  # 18 emails, 2 timings, no interpreters, topic
    code, _, err = run(capsys, "validate", "--provisioning", str(out_file))
    assert code == 2
    assert err.endswith("20 error(s); nothing was changed.\n")


def test_import_json_and_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", "--json", str(AGENDA))
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"ok", "output", "warnings", "schedule"}
    assert data["ok"] is True and data["output"] is None
    assert data["schedule"]["event"]["timezone"] == "Asia/Seoul"
    assert [w["field"] for w in data["warnings"]] == ["interpretation.interpreters"]
    code, out, _ = run(capsys, "import", str(AGENDA))
    assert code == 0 and out.startswith("# Imported from forum-agenda.md")


def test_import_no_agenda_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "note.md"
    doc.write_text("Just prose.\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(doc), "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert "no agenda found: expected a table or list of time ranges like 09:00-09:30" in err
    assert not (tmp_path / "x.yaml").exists()


def test_timeline(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "timeline", str(FORUM))
    assert code == 0
    assert "09:00-09:30 (00:00-00:30Z)  Opening Session  [30 min]" in out
    code, out, _ = run(capsys, "timeline", "--json", str(FORUM))
    data = json.loads(out)
    assert data["blocks"][-1]["end_utc"] == "2022-09-06T05:00:00+00:00"
    assert data["blocks"][5]["items"][2]["speakers"] == [
        {"id": "soo-young-lee", "start": "2022-09-06T13:00:00+09:00", "end": "2022-09-06T13:10:00+09:00"},
        {"id": "seonju-choi", "start": "2022-09-06T13:10:00+09:00", "end": "2022-09-06T13:20:00+09:00"},
    ]


def test_validate_imports_no_heavy_modules() -> None:
    """`validate` must not pay for the HTTP client, the scheduler or rich (see bench/bench_validate.py)."""
    import subprocess
    import sys

    code = (
        "import sys; from zoomops.cli.main import main; rc = main(['validate', sys.argv[1]]); "
        "print(rc, sorted(m for m in ('requests', 'rich', 'apscheduler', 'tenacity') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(FORUM)], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.splitlines()[-1] == "0 []"


def test_import_timezone_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "note.md"
    doc.write_text("# Forum\n\n6 September 2022\n\n09:00-09:30 Opening\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "--json", str(doc))
    assert code == 2 and "no time zone found" in err
    code, out, _ = run(capsys, "import", "--json", "--timezone", "Europe/Berlin", str(doc))
    assert code == 0 and json.loads(out)["schedule"]["event"]["timezone"] == "Europe/Berlin"
