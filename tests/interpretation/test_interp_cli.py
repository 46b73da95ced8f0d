"""`zoomops interpreters` and `zoomops export --interpreters`: output, --json, exit codes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tests.interpretation.interp_helpers import FORUM, schedule_text, write
from zoomops.cli.main import cli

NO_INTERP = schedule_text('- {kind: session, start: "09:00", end: "10:00"}', "")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_interpreters_prints_the_rota_in_local_time_with_utc() -> None:
    result = run("interpreters", str(FORUM))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[3] == (
        "English–Korean: team Interpreter A (placeholder), Interpreter B (placeholder), Interpreter C (placeholder)"
    )
    assert (
        lines[4]
        == "  t01  09:00-09:30 (00:00-00:30Z)  30 min  Interpreter A (placeholder)  → Interpreter B (placeholder)"
    )
    assert "  t04  10:30-10:45 (01:30-01:45Z)  15 min  Interpreter A (placeholder)  → break" in lines
    assert "  t10  13:30-14:00 (04:30-05:00Z)  30 min  Interpreter A (placeholder)  → end" in lines
    assert "  Interpreter A (placeholder): 4 turns, 100 min" in lines


def test_interpreters_json() -> None:
    result = run("interpreters", str(FORUM), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["event"], data["timezone"]) == ("2022-undesa-krila-forum", "Asia/Seoul")
    pair = data["pairs"][0]
    assert (pair["pair"], pair["key"], [m["id"] for m in pair["team"]]) == (
        ["English", "Korean"],
        "en-ko",
        ["interpreter-a", "interpreter-b", "interpreter-c"],
    )
    first = pair["turns"][0]
    assert {k: first[k] for k in ("code", "interpreter", "boothmate", "start", "end_utc", "minutes")} == {
        "code": "t01",
        "interpreter": "interpreter-a",
        "boothmate": "interpreter-b",
        "start": "2022-09-06T09:00:00+09:00",
        "end_utc": "2022-09-06T00:30:00+00:00",
        "minutes": 30,
    }
    assert len(pair["turns"]) == 10


def test_interpreters_without_interpretation_or_with_a_bad_file_exits_2(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("interpreters", str(write(tmp_path, NO_INTERP)))
    assert result.exit_code == 2
    assert "s.yaml:1:1: interpretation: the schedule has no interpretation" in result.stderr
    result = run("interpreters", "missing.yaml", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["ok"] is False


def test_export_interpreters_writes_briefings(tmp_path) -> None:
    out = tmp_path / "briefings"
    result = run("export", str(FORUM), "--interpreters", str(out), "--json")
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)["written"]["interpreters"]
    assert [p.rsplit("/", 1)[-1] for p in written][:2] == ["interpreter-a.md", "interpreter-a.ics"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.rsplit("/", 1)[-1] for p in written)
    assert len(written) == 6


def test_export_needs_something_to_export_and_interpreters_to_brief(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", str(FORUM))
    assert result.exit_code == 2
    assert "say what to export: --interpreters DIR and/or --panelists DIR" in result.stderr
    result = run("export", str(write(tmp_path, NO_INTERP)), "--interpreters", "out")
    assert result.exit_code == 2
    assert "s.yaml:1:1: interpretation: the schedule has no interpreters to brief" in result.stderr
    assert not (tmp_path / "out").exists()
