"""Timeline compiler: the forum's cues at exact instants, stable ids, audiences, opt-in actions."""

from __future__ import annotations

from datetime import UTC, datetime

from zoomops.show.cue import Audience
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues, gaps, render_message


def z(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def by_id(schedule: Schedule, **kw: object) -> dict:
    return {c.id: c for c in compile_cues(schedule, **kw)}  # type: ignore[arg-type]


def test_forum_cue_instants_exact(forum: Schedule) -> None:
    cues = by_id(forum)
    expected = {
        "preflight": "2022-09-05T23:00:00Z",
        "practice-reminder": "2022-09-05T23:30:00Z",
        "b00.t-10": "2022-09-05T23:50:00Z",
        "b00.t-5": "2022-09-05T23:55:00Z",
        "b00.start": "2022-09-06T00:00:00Z",
        "b00.i00.s01.start": "2022-09-06T00:05:00Z",
        "b00.i00.warn-2": "2022-09-06T00:13:00Z",
        "b01.start": "2022-09-06T00:30:00Z",
        "b01.i00.warn-2": "2022-09-06T00:43:00Z",
        "b01.i00.warn-1": "2022-09-06T00:44:00Z",
        "b01.i00.overtime": "2022-09-06T00:45:00Z",
        "b01.i02.start": "2022-09-06T01:00:00Z",
        "b01.i02.warn-2": "2022-09-06T01:13:00Z",
        "b01.i02.warn-1": "2022-09-06T01:14:00Z",
        "b01.i02.overtime": "2022-09-06T01:15:00Z",
        "b02.break-start": "2022-09-06T01:45:00Z",
        "b03.t-10": "2022-09-06T01:50:00Z",
        "b03.t-5": "2022-09-06T01:55:00Z",
        "b03.start": "2022-09-06T02:00:00Z",
        "b05.i02.s01.start": "2022-09-06T04:10:00Z",
        "b05.i02.warn-2": "2022-09-06T04:18:00Z",
        "b06.start": "2022-09-06T04:45:00Z",
        "b06.end": "2022-09-06T05:00:00Z",
        "close": "2022-09-06T05:00:00Z",
    }
    assert {k: cues[k].at.astimezone(UTC) for k in expected} == {k: z(v) for k, v in expected.items()}


def test_forum_structure_and_audiences(forum: Schedule) -> None:
    cues = by_id(forum)
    assert cues["preflight"].action == "preflight"
    assert cues["preflight"].audience is Audience.tech_host
    assert cues["b01.i00.warn-2"].kind == "warning" and cues["b01.i00.warn-1"].kind == "danger"
    assert cues["b01.i00.overtime"].audience is Audience.moderator
    assert cues["b01.i00.spotlight"].message == "Spotlight Ms. Kyung-eun Lee in Zoom"
    assert cues["b02.break-start"].message.startswith("Break — back at 11:00 with Session 2: Promoting Social")
    assert "moderator Ms. Mi Kyoung Park" in cues["b03.t-5"].message
    assert "presenters Dr. Bernadia Irawati Tjandradewi, Dr. Michelle L. Oren" in cues["b03.t-5"].message
    # discussion and Q&A have no speakers: no warnings; the group photo is open-ended
    assert "b01.i03.warn-2" not in cues and "b01.i04.overtime" not in cues and "b00.i02.warn-2" not in cues
    # a 10-minute presentation still gets both warnings
    assert "b03.i03.warn-2" in cues and "b03.i03.warn-1" in cues
    # no Zoom action unless the schedule opts in
    assert {c.action for c in cues.values()} == {None, "preflight"}
    assert cues["close"].message == "Close: end the webinar in Zoom"


def test_sorted_with_stable_ids(forum: Schedule) -> None:
    first, second = compile_cues(forum), compile_cues(forum)
    assert [c.id for c in first] == [c.id for c in second]
    assert [c.at for c in first] == sorted(c.at for c in first)
    ids = [c.id for c in first]
    assert ids.index("b01.i00.overtime") < ids.index("b01.i01.start")  # same instant: emission order


def test_interpretation_cues_merged(forum: Schedule) -> None:
    with_interp = by_id(forum)
    without = by_id(forum, interpretation=False)
    extra = set(with_interp) - set(without)
    assert extra and all(i.startswith("interp.") for i in extra)
    assert all(with_interp[i].audience in (Audience.interpreters, Audience.tech_host) for i in extra)


def test_opt_in_actions(forum: Schedule) -> None:
    opts = forum.run.model_copy(deep=True)
    opts.actions.end_webinar = True
    opts.actions.livestream = True
    opts.actions.pause_recording_in_breaks = True
    cues = by_id(forum, options=opts)
    assert cues["close"].action == "end_webinar"
    assert cues["livestream-start"].at == cues["b00.start"].at and cues["livestream-start"].action == "livestream_start"
    assert cues["livestream-stop"].at == cues["close"].at
    assert cues["b02.recording-pause"].at.astimezone(UTC) == z("2022-09-06T01:45:00Z")
    assert cues["b02.recording-resume"].at.astimezone(UTC) == z("2022-09-06T02:00:00Z")
    assert cues["b04.recording-pause"].params["method"] == "recording.pause"


def test_gaps_are_the_breaks(forum: Schedule) -> None:
    assert [(g.start.astimezone(UTC), g.seconds) for g in gaps(forum)] == [
        (z("2022-09-06T01:45:00Z"), 900.0),
        (z("2022-09-06T03:20:00Z"), 600.0),
    ]


def test_break_message_follows_delay(forum: Schedule) -> None:
    cue = by_id(forum)["b02.break-start"]
    later = {"b03.start": z("2022-09-06T02:05:00Z")}
    assert render_message(cue, later, forum.tz).startswith("Break — back at 11:05 with Session 2")
