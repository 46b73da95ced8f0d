"""board_state: exact values on a FakeClock (countdown phases, delay, next, interpreter on duty, latest cues)."""

from __future__ import annotations

from zoomops.board.state import board_state, delay_text, phase, thresholds
from zoomops.runner.engine import Runner
from zoomops.show.model import Schedule
from zoomops.show.rota import build_rota

from .conftest import kst


def state_at(runner: Runner, schedule: Schedule) -> dict:
    return board_state(runner, schedule, build_rota(schedule), runner.event_now())


def test_before_the_event(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    s = state_at(runner, board_schedule)
    assert s["now"] == "2022-09-05T23:50:00+00:00" and s["clock"] == "08:50:00"
    assert s["block"] is None and s["item"] is None
    assert s["countdown"] == {
        "warning_seconds": 120,
        "danger_seconds": 60,
        "mode": "pre",
        "seconds": 600.0,
        "ends_at": "2022-09-06T09:00:00+09:00",
        "ends_local": "09:00",
        "planned_local": "09:00",
        "phase": "normal",
        "share": None,
    }
    assert s["delay"] == {"seconds": 0.0, "text": "on time"}
    assert s["next"] == {
        "cue": "b00.start",
        "kind": "block-start",
        "label": "Talk A",
        "block": "Session A",
        "who": ["Mo", "Ana"],
        "at": "2022-09-06T09:00:00+09:00",
        "local": "09:00",
        "planned_local": "09:00",
        "in_seconds": 600.0,
    }
    assert s["next_cue"]["id"] == "interp.en-ko.t01.on-5" and s["next_cue"]["local"] == "08:55:00"
    assert s["interpretation"] == [
        {
            "pair": "English–Korean",
            "key": "en-ko",
            "on": None,
            "next": {
                "id": "int-a",
                "name": "Interpreter A",
                "turn": 1,
                "at": "2022-09-06T09:00:00+09:00",
                "local": "09:00",
                "planned_local": "09:00",
                "in_seconds": 600.0,
                "handover": False,
            },
        }
    ]
    # started at 08:50, the 08:45 host reminder is beyond the 120 s grace: recorded as missed
    assert [(row["cue"], row["status"], row["local"]) for row in s["latest"]] == [
        ("interp.d1.host-start", "missed", "08:45:00")]
    assert s["actions"] == []
    assert s["finished"] is False and s["speed"] == 1.0 and s["event"] == "board-forum"


def test_countdown_phases_follow_the_speaker_warnings(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    expected = {(9, 12, 30): (150.0, "normal"), (9, 13, 0): (120.0, "warning"), (9, 13, 30): (90.0, "warning"),
                (9, 14, 0): (60.0, "danger"), (9, 14, 59): (1.0, "danger")}
    for (hh, mm, ss), (seconds, name) in expected.items():
        runner.advance_to(kst(hh, mm, ss))
        s = state_at(runner, board_schedule)
        assert (s["countdown"]["seconds"], s["countdown"]["phase"]) == (seconds, name), (hh, mm, ss)
        assert s["countdown"]["mode"] == "item" and s["countdown"]["ends_local"] == "09:15"
        assert s["block"]["label"] == "Session A" and s["block"]["moderator"] == "Mo"
        assert s["item"] == {"cue": "b00.i00.start", "label": "Talk A", "speakers": ["Ana"], "speaker": "Ana",
                             "started": "09:00"}


def test_during_a_talk_the_interpreter_on_duty_and_the_live_handover(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 12, 30))
    s = state_at(runner, board_schedule)
    assert s["interpretation"][0]["on"] == {
        "id": "int-a", "name": "Interpreter A", "turn": 1, "since": "09:00", "until": "09:15", "until_planned": "09:15"
    }
    assert s["interpretation"][0]["next"] == {
        "id": "int-b", "name": "Interpreter B", "turn": 2, "at": "2022-09-06T09:15:00+09:00", "local": "09:15",
        "planned_local": "09:15", "in_seconds": 150.0, "handover": True,
    }
    # next: within the block the moderator stays on, the speakers of the next item are named
    assert s["next"]["cue"] == "b00.i01.start" and s["next"]["label"] == "Talk B"
    assert s["next"]["who"] == ["Bo", "Ana"] and s["next"]["block"] is None


def test_delay_moves_the_countdown_next_and_handover(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 14, 30))
    assert state_at(runner, board_schedule)["countdown"]["phase"] == "danger"
    runner.delay(5)
    s = state_at(runner, board_schedule)
    assert s["delay"] == {"seconds": 300.0, "text": "+5 min behind"}
    assert s["countdown"]["seconds"] == 330.0 and s["countdown"]["phase"] == "normal"
    assert s["countdown"]["ends_local"] == "09:20"
    assert (s["next"]["local"], s["next"]["planned_local"], s["next"]["in_seconds"]) == ("09:20", "09:15", 330.0)
    assert s["next_cue"]["id"] == "b00.i00.overtime" and s["next_cue"]["at"] == "2022-09-06T09:20:00+09:00"
    duty = s["interpretation"][0]
    assert duty["on"]["until"] == "09:20" and duty["next"]["local"] == "09:20" and duty["next"]["in_seconds"] == 330.0
    assert (duty["on"]["until_planned"], duty["next"]["planned_local"]) == ("09:15", "09:15")  # shown beside
    runner.delay(-2)
    s = state_at(runner, board_schedule)
    assert s["delay"] == {"seconds": 180.0, "text": "+3 min behind"} and s["countdown"]["seconds"] == 210.0


def test_ahead_of_plan(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 5))
    runner.delay(-3)
    s = state_at(runner, board_schedule)
    assert s["delay"] == {"seconds": -180.0, "text": "3 min ahead"}
    assert s["countdown"]["seconds"] == 420.0 and s["countdown"]["ends_local"] == "09:12"


def test_segments_name_who_has_the_floor(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 20))
    s = state_at(runner, board_schedule)
    assert s["item"]["label"] == "Talk B" and s["item"]["speakers"] == ["Bo", "Ana"] and s["item"]["speaker"] == "Bo"
    runner.advance_to(kst(9, 26))
    s = state_at(runner, board_schedule)
    assert s["item"]["speaker"] == "Ana" and s["countdown"]["seconds"] == 240.0


def test_the_floor_stays_with_the_speaker_on_after_a_delay_and_during_the_overrun(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 16))  # Talk B: Bo's segment began on time at 09:15
    assert state_at(runner, board_schedule)["floor"][0]["now"]["speaker"] == "Bo"
    runner.delay(5)  # the rest of the day moves; Bo keeps the floor (09:16 minus 5 min would be Ana's Talk A)
    floor = state_at(runner, board_schedule)["floor"][0]
    assert floor["now"]["speaker"] == "Bo" and floor["now"]["title"] == "Talk B"
    assert (floor["next"]["speaker"], floor["next"]["local"]) == ("Ana", "09:30")  # planned 09:25, +5 min
    runner.advance_to(kst(9, 28))  # past Bo's planned end (09:25): the delay gave him until 09:30
    floor = state_at(runner, board_schedule)["floor"][0]
    assert floor["now"]["speaker"] == "Bo" and (floor["next"]["speaker"], floor["next"]["local"]) == ("Ana", "09:30")
    runner.advance_to(kst(9, 31))
    assert state_at(runner, board_schedule)["floor"][0]["now"]["speaker"] == "Ana"


def test_break_counts_down_to_the_next_block_and_shows_the_action(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 35))
    s = state_at(runner, board_schedule)
    assert s["block"] == {"cue": "b01.break-start", "label": "Break", "kind": "break", "is_break": True,
                          "moderator": None, "started": "09:30"}
    assert s["item"] is None
    cd = s["countdown"]
    assert (cd["mode"], cd["seconds"], cd["ends_local"], cd["phase"]) == ("break", 300.0, "09:40", "normal")
    assert s["next"]["cue"] == "b02.start" and s["next"]["label"] == "Panel" and s["next"]["who"] == ["Mo"]
    duty = s["interpretation"][0]
    assert duty["on"] is None
    assert (duty["next"]["name"], duty["next"]["turn"], duty["next"]["local"], duty["next"]["handover"]) == (
        "Interpreter A", 3, "09:40", False)
    assert [a["cue"] for a in s["actions"]] == ["b01.recording-pause", "preflight"]
    assert s["actions"][0]["outcome"] == {"status": "ok", "detail": ""} and s["actions"][0]["local"] == "09:30:00"
    assert [row["cue"] for row in s["latest"]] == [
        "interp.en-ko.t03.on-5", "b01.recording-pause", "b01.break-start", "b00.i01.overtime",
        "b00.i01.warn-1", "b00.i01.warn-2", "b00.i01.s01.spotlight", "b00.i01.s01.start"]
    assert all(row["status"] == "fired" and row["late_seconds"] == 0 for row in s["latest"])
    assert s["latest"][1] == {
        "cue": "b01.recording-pause", "status": "fired", "kind": "action", "audience": "tech_host",
        "message": "Pause the cloud recording", "action": "recording_pause", "local": "09:30:00",
        "late_seconds": 0, "note": None, "outcome": {"status": "ok", "detail": ""},
        "text": {"template": "Pause the cloud recording", "fields": {}},  # for the page's language
    }


def test_skipping_the_next_item_start_runs_the_talk_into_overtime(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 14))
    runner.skip("b00.i01.start")
    runner.advance_to(kst(9, 16, 5))
    s = state_at(runner, board_schedule)
    assert s["item"]["label"] == "Talk A"
    assert (s["countdown"]["seconds"], s["countdown"]["phase"]) == (-65.0, "overtime")
    skipped = [row for row in s["latest"] if row["status"] == "skipped"]
    assert [row["cue"] for row in skipped] == ["b00.i01.start"]


def test_after_the_close(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(10, 1))
    s = state_at(runner, board_schedule)
    assert s["finished"] is True and s["block"] is None and s["item"] is None and s["next"] is None
    assert s["countdown"]["mode"] == "ended" and s["countdown"]["seconds"] is None
    assert s["actions"][0]["cue"] == "close" and s["actions"][0]["action"] == "end_webinar"


def test_delay_text_and_phase() -> None:
    assert [delay_text(x) for x in (0, 2.9, 300, 90, -180, -30)] == [
        "on time", "on time", "+5 min behind", "+1.5 min behind", "3 min ahead", "0.5 min ahead"]
    assert [phase(x, 120, 60) for x in (None, 121, 120, 61, 60, 0, -0.5)] == [
        "idle", "normal", "warning", "warning", "danger", "danger", "overtime"]
    assert phase(30, None, None) == "normal"


def test_thresholds_come_from_the_schedule(board_schedule) -> None:
    assert thresholds(board_schedule) == (120, 60)
    one = board_schedule.model_copy(deep=True)
    one.run.speaker_warnings = [3]
    assert thresholds(one) == (180, None)


def test_texts_follow_the_delay_and_a_shared_slot_counts_down_the_speakers_share(make_runner, board_schedule) -> None:
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 5))
    runner.delay(5)
    runner.advance_to(kst(9, 21))
    fired = {e["cue"]: str(e["message"]) for e in runner.notifier.events if e.get("type") == "cue"}
    assert fired["b00.i00.warn-2"] == "2 min left: Talk A — Ana (ends 09:20)"  # planned 09:15
    assert fired["interp.en-ko.t02.handover-2"] == (
        "2 min to handover: Interpreter B takes over from Interpreter A at 09:20")
    s = state_at(runner, board_schedule)
    assert s["countdown"]["share"] == {"speaker": "Bo", "n": 1, "of": 2, "next": "Ana"}
    assert (s["countdown"]["seconds"], s["countdown"]["ends_local"], s["countdown"]["planned_local"]) == (
        540.0, "09:30", "09:25")  # to Ana's turn, not to the end of Talk B
    assert s["session"] == {"label": "Session A", "ends_at": "2022-09-06T09:35:00+09:00", "ends_local": "09:35",
                            "planned_local": "09:30", "seconds": 840.0}
    assert s["speaking"] == {"title": "Talk B", "speaker": "Bo", "language": None}
    assert [(u["local"], u["planned_local"], u["label"]) for u in s["upcoming"]] == [
        ("09:30", "09:25", "Next speaker: Ana (Talk B)"), ("09:35", "09:30", "Break"), ("09:40", "09:40", "Panel")]
    runner.advance_to(kst(9, 31))
    s = state_at(runner, board_schedule)
    assert s["countdown"]["share"] == {"speaker": "Ana", "n": 2, "of": 2, "next": None}
    assert s["item"]["speaker"] == "Ana"
    assert (s["countdown"]["seconds"], s["countdown"]["ends_local"]) == (240.0, "09:35")


def test_the_next_speaker_after_a_break_keeps_the_time_the_break_absorbed(make_runner, board_schedule) -> None:
    """+5 min in Ana's share (ends 09:30, then the 10-minute break): Session B still starts at 09:40, and so
    does its first speaker on the interpreters' panel (not planned + delay, 09:45)."""
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 26))
    runner.delay(5)
    s = state_at(runner, board_schedule)
    assert runner.effective("b02.start").astimezone(kst(9, 40).tzinfo) == kst(9, 40)
    assert (s["floor"][0]["now"]["speaker"], s["floor"][0]["next"]["speaker"]) == ("Ana", "Mo")
    assert s["floor"][0]["next"]["local"] == "09:40"
    runner.delay(-2)  # a lead never pulls the published 09:40 start early: Mo still at 09:40
    assert state_at(runner, board_schedule)["floor"][0]["next"]["local"] == "09:40"


def test_the_interpreters_start_reminder_waits_with_the_published_start(make_runner, board_schedule) -> None:
    """`next` at 09:26 starts the break 4 minutes early; Session B is published for 09:40 and waits, and so
    does the interpreters' "5 min to interpretation" for it (09:35, not 09:31)."""
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 26))
    assert runner.next()["cue"] == "b01.break-start"
    on5 = next(c for c in runner.cues if c.kind == "interpretation.on" and c.at == kst(9, 35))
    assert (runner.effective("b02.start"), runner.effective("b02.t-1")) == (kst(9, 40), kst(9, 39))
    assert runner.effective(on5.id) == kst(9, 35)
