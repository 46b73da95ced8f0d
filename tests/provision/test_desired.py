"""The desired Zoom state for the forum, exactly."""

from __future__ import annotations

from pathlib import Path

from zoomops.provision.desired import desired_webinars, marker_for
from zoomops.provision.diff import ActualPanelist, diff_panelists, diff_webinar
from zoomops.schedule.defaults import Defaults
from zoomops.schedule.loader import load_schedule


def forum(path: Path):
    return desired_webinars(load_schedule(path).schedule, Defaults())


def test_forum_is_one_webinar_with_exact_timing(forum_path: Path) -> None:
    [w] = forum(forum_path)
    assert w.key == "event"
    assert w.body["type"] == 5
    assert w.body["start_time"] == "2022-09-06T00:00:00Z"
    assert w.body["timezone"] == "Asia/Seoul"
    assert w.body["duration"] == 300
    assert w.body["topic"].startswith("2022 UN DESA-KRILA Forum: Promoting") and len(w.body["topic"]) == 160
    assert w.notes == []  # the title's 211 characters would not fit Zoom's 200: the forum sets zoom.topic
    # The marker leads: Zoom's webinar list cuts agendas to 250 characters.
    assert w.body["agenda"].splitlines()[:3] == ["zoomops-event: 2022-undesa-krila-forum/event", "",
                                                 "09:00-09:30 Opening Session"]
    assert w.body["agenda"].splitlines()[-1] == "Times in Asia/Seoul."


def test_forum_settings_and_interpreters(forum_path: Path) -> None:
    [w] = forum(forum_path)
    s = w.body["settings"]
    assert s["practice_session"] is True
    assert s["panelists_video"] is True
    assert s["question_and_answer"]["enable"] is True
    assert s["auto_recording"] == "cloud"
    assert s["alternative_hosts"] == ""
    assert s["language_interpretation"] == {
        "enable": True,
        "interpreters": [
            {"email": "placeholder+interpreter-a@example.org", "languages": "US,KR"},
            {"email": "placeholder+interpreter-b@example.org", "languages": "US,KR"},
            {"email": "placeholder+interpreter-c@example.org", "languages": "US,KR"},
        ],
    }


def test_forum_panelists_are_every_speaker_and_moderator_once(forum_path: Path) -> None:
    [w] = forum(forum_path)
    emails = [p.email for p in w.panelists]
    assert len(emails) == 18 == len(set(emails))
    assert emails[:3] == [
        "placeholder+jae-hee-park@example.org",
        "placeholder+kyu-chang-ko@example.org",
        "placeholder+iljae-kim@example.org",
    ]
    assert "placeholder+zoom-host@example.org" not in emails


def test_host_and_alternative_hosts_are_not_panelists(tmp_path: Path, forum_path: Path) -> None:
    text = forum_path.read_text().replace(
        "alternative_hosts: []", "alternative_hosts: [placeholder+mi-kyoung-park@example.org]"
    )
    p = tmp_path / "f.yaml"
    p.write_text(text)
    [w] = forum(p)
    assert w.body["settings"]["alternative_hosts"] == "placeholder+mi-kyoung-park@example.org"
    assert "placeholder+mi-kyoung-park@example.org" not in [x.email for x in w.panelists]


def test_split_per_block_makes_one_webinar_per_non_break_block(tmp_path: Path, forum_path: Path) -> None:
    p = tmp_path / "f.yaml"
    p.write_text(forum_path.read_text().split("\nzoom:\n")[0] + "\nzoom:\n  split: block\n  topic: Forum\n")
    ws = forum(p)
    assert [w.key for w in ws] == ["b00", "b01", "b03", "b05", "b06"]
    assert [(w.body["start_time"], w.body["duration"]) for w in ws] == [
        ("2022-09-06T00:00:00Z", 30),
        ("2022-09-06T00:30:00Z", 75),
        ("2022-09-06T02:00:00Z", 80),
        ("2022-09-06T03:30:00Z", 75),
        ("2022-09-06T04:45:00Z", 15),
    ]
    assert ws[1].body["topic"].startswith("Forum — Session 1:")
    assert [p.email for p in ws[4].panelists] == [
        "placeholder+kyu-chang-ko@example.org",
        "placeholder+iljae-kim@example.org",
    ]
    assert ws[2].marker == marker_for("2022-undesa-krila-forum", "b03")


def test_diff_reports_only_changed_fields(forum_path: Path) -> None:
    [w] = forum(forum_path)
    actual = {
        **w.body,
        "id": 1,
        "start_time": "2022-09-06T00:00:00Z",
        "settings": {
            **w.body["settings"],
            "auto_recording": "none",
            "question_and_answer": {**w.body["settings"]["question_and_answer"], "enable": False},
        },
    }
    changes, patch = diff_webinar(w, actual)
    assert [(c.path, c.old, c.new) for c in changes] == [
        ("settings.auto_recording", "none", "cloud"),
        ("settings.question_and_answer.enable", False, True),
    ]
    assert patch == {
        "settings": {"auto_recording": "cloud", "question_and_answer": w.body["settings"]["question_and_answer"]}
    }


def test_diff_of_identical_state_is_empty_even_with_reordered_interpreters(forum_path: Path) -> None:
    [w] = forum(forum_path)
    li = w.body["settings"]["language_interpretation"]
    shuffled = {
        "enable": True,
        "interpreters": [{**i, "email": i["email"].upper()} for i in reversed(li["interpreters"])],
    }
    actual = {
        **w.body,
        "start_time": "2022-09-06T00:00:00+00:00",
        "settings": {**w.body["settings"], "language_interpretation": shuffled},
    }
    assert diff_webinar(w, actual) == ([], {})


def test_panelist_diff_never_removes_interpreters(forum_path: Path) -> None:
    [w] = forum(forum_path)
    actual = [ActualPanelist(str(i), p.email.upper(), p.name) for i, p in enumerate(w.panelists[1:])]
    actual.append(ActualPanelist("x", "placeholder+interpreter-a@example.org", "Interpreter A"))
    actual.append(ActualPanelist("y", "gone@example.org", "Gone"))
    add, remove = diff_panelists(w, actual)
    assert [p.email for p in add] == ["placeholder+jae-hee-park@example.org"]
    assert [p.email for p in remove] == ["gone@example.org"]
