"""plan/apply/status/export/teardown through the CLI, on the sandbox the CLI opens itself (no credentials)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from zoomops.cli.main import main


@pytest.fixture(autouse=True)
def sandbox_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for var in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_API_URL", "ZOOM_OAUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main([*args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_plan_apply_replan_status_teardown(forum_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, plan = run_json(capsys, "plan", str(forum_path))
    assert code == 0 and plan["mode"] == "sandbox"
    assert [w["action"] for w in plan["webinars"]] == ["create"]
    assert plan["write_calls"] == 2
    assert plan["daily_budget"] == {"spends": 1, "used_today_by_zoomops": 0, "limit": 100}

    code, applied = run_json(capsys, "apply", str(forum_path), "--yes")
    assert code == 0 and applied["verified"] is True and applied["panelists_added"] == 18

    code, again = run_json(capsys, "plan", str(forum_path))
    assert code == 0 and again["changes"] is False and again["write_calls"] == 0

    code, status = run_json(capsys, "status", str(forum_path))
    [w] = status["webinars"]
    assert w["webinar_id"] == applied["webinars"]["event"] and w["drift"] == []
    assert len(w["panelists"]) == 21 and all(p["join_url"] for p in w["panelists"])
    assert len(w["interpreters"]) == 3

    code, torn = run_json(capsys, "teardown", str(forum_path), "--yes")
    assert code == 0 and torn["deleted"] == [w["webinar_id"]]
    code, after = run_json(capsys, "plan", str(forum_path))
    assert [x["action"] for x in after["webinars"]] == ["create"]


def test_apply_without_yes_and_no_terminal_changes_nothing(
    forum_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apply", str(forum_path)]) == 1
    assert "Nothing was changed." in capsys.readouterr().err
    _, plan = run_json(capsys, "plan", str(forum_path))
    assert [w["action"] for w in plan["webinars"]] == ["create"]


def test_provisioning_refuses_people_without_email(
    tmp_path: Path, forum_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "f.yaml"
    bad.write_text(forum_path.read_text().replace(", email: placeholder+lei-zheng@example.org", ""))
    assert main(["plan", str(bad)]) == 2
    err = capsys.readouterr().err
    assert (
        "f.yaml:21:5: people[8].email: Prof. Lei Zheng is on stage and must become a panelist, but has no email" in err
    )
    assert "Traceback" not in err


def test_partial_credentials_exit_2(
    forum_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZOOM_ACCOUNT_ID", "acc")
    assert main(["plan", str(forum_path)]) == 2
    assert "ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET" in capsys.readouterr().err


def test_panelist_briefings_carry_join_links_and_utc_instants(
    forum_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _applied = run_json(capsys, "apply", str(forum_path), "--yes")
    _, status = run_json(capsys, "status", str(forum_path))
    link = next(p["join_url"] for p in status["webinars"][0]["panelists"] if "soo-young-lee" in p["email"])
    assert main(["export", str(forum_path), "--panelists", str(tmp_path / "out")]) == 0
    md = (tmp_path / "out" / "soo-young-lee.md").read_text()
    assert "- Presentation 3 in Session 3: Addressing Climate Change" in md
    assert ": Tue, Sep 6, 2022, 1:00\u202fPM–1:10\u202fPM (Asia/Seoul)\n" in md  # Babel (CLDR) in English
    assert ": 2022년 9월 6일 (화) 오후 1:00–오후 1:10 (Asia/Seoul)\n" in md  # and in Korean: no preferred language
    assert "moderator: Ms. Mi Kyoung Park" in md
    assert link in md
    cal = Calendar.from_ical((tmp_path / "out" / "soo-young-lee.ics").read_bytes())
    events = [
        (str(e["summary"]), e.decoded("dtstart").isoformat(), e.decoded("dtend").isoformat())
        for e in cal.walk("VEVENT")
    ]
    name = "2022 UN DESA-KRILA Forum: Promoting Innovative Local Govern…"
    # The practice session is the runner's practice cue (run.practice_reminder_minutes, 30 min before).
    assert events[0] == (f"{name}: Tech check (practice session) / 기술 점검 (연습 세션)", "2022-09-05T23:30:00+00:00",
                         "2022-09-06T00:00:00+00:00")
    assert events[1][1:] == ("2022-09-06T04:00:00+00:00", "2022-09-06T04:10:00+00:00")
    assert len(list((tmp_path / "out").glob("*.md"))) == 18


def test_status_shows_the_live_position_while_a_runner_is_active(
    forum_path: Path, sandbox_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    from zoomops.common.clock import FakeClock
    from zoomops.runner.actions import NoActions
    from zoomops.runner.engine import Runner
    from zoomops.runner.notify import MemoryNotifier
    from zoomops.runner.server import ControlServer
    from zoomops.schedule.loader import load_schedule

    state = sandbox_env / "state"
    _, live = run_json(capsys, "status", str(forum_path))
    assert live["live"] is None

    schedule = load_schedule(forum_path).schedule
    clock = FakeClock(datetime(2022, 9, 5, 22, 0, tzinfo=UTC))
    runner = Runner(schedule, state, clock, NoActions(), MemoryNotifier(), threaded=False)
    runner.start()
    server = ControlServer(runner, state, clock)
    server.start()
    try:
        runner.advance_to(datetime(2022, 9, 6, 0, 50, tzinfo=UTC))  # 09:50 KST: Session 1, Presentation 2
        code, report = run_json(capsys, "status", str(forum_path))
    finally:
        server.stop()
        runner.stop()
    assert code == 0
    live = report["live"]
    assert live["block"].startswith("Session 1: Accelerating Digital Transformation")
    assert live["item"] == "Presentation 2"
    assert live["time_left_seconds"] == 600.0  # Presentation 3 starts at 10:00
    assert live["delay_seconds"] == 0.0
