"""Interpretation cues: 5-2-now handovers, start of each stretch, the host's start and check."""

from __future__ import annotations

from tests.interpretation.interp_helpers import FORUM, load
from zoomops.schedule.loader import load_schedule
from zoomops.show.cue import Audience, Cue
from zoomops.show.handovers import interpretation_cues
from zoomops.show.rota import build_rota


def forum_cues() -> list[Cue]:
    s = load_schedule(FORUM).schedule
    return interpretation_cues(s, build_rota(s))


def brief(cues: list[Cue]) -> list[tuple[str, str, str]]:
    return [(c.id, f"{c.at:%H:%M}", c.message) for c in cues]


def test_forum_first_cues_exact() -> None:
    assert brief(forum_cues()[:6]) == [
        (
            "interp.d1.host-start",
            "08:45",
            "Start interpretation in the Zoom desktop client (Interpretation > Start) and check both channels, "
            "English and Korean, are live",
        ),
        (
            "interp.en-ko.t01.on-5",
            "08:55",
            "5 min to interpretation: Interpreter A (placeholder) on at 09:00, Interpreter B (placeholder) next",
        ),
        ("interp.d1.host-check", "09:00", "Interpretation: confirm both channels, English and Korean, are live"),
        (
            "interp.en-ko.t02.handover-5",
            "09:25",
            "5 min to handover: Interpreter B (placeholder) takes over from Interpreter A (placeholder) at 09:30",
        ),
        (
            "interp.en-ko.t02.handover-2",
            "09:28",
            "2 min to handover: Interpreter B (placeholder) takes over from Interpreter A (placeholder) at 09:30",
        ),
        (
            "interp.en-ko.t02.handover-0",
            "09:30",
            "Handover now: Interpreter B (placeholder) on, Interpreter A (placeholder) off — watch your mute",
        ),
    ]


def test_forum_cue_set_audiences_and_ordering() -> None:
    cues = forum_cues()
    ids = [c.id for c in cues]
    assert len(ids) == len(set(ids)) == 2 + 3 + 7 * 3  # host x2, a start per stretch, 7 live handovers
    assert [c.at for c in cues] == sorted(c.at for c in cues)
    assert {c.id for c in cues if c.audience == Audience.tech_host} == {"interp.d1.host-start", "interp.d1.host-check"}
    after_breaks = [(c.id, f"{c.at:%H:%M}") for c in cues if c.kind == "interpretation.on"]
    assert after_breaks == [("interp.en-ko.t01.on-5", "08:55"), ("interp.en-ko.t05.on-5", "10:55"),
                            ("interp.en-ko.t08.on-5", "12:25")]  # fmt: skip
    t07 = [c for c in cues if c.id.startswith("interp.en-ko.t07.")]
    assert [(c.id, c.at.isoformat(), c.block_index, c.params["outgoing"]) for c in t07] == [
        ("interp.en-ko.t07.handover-5", "2022-09-06T11:50:00+09:00", 3, "interpreter-c"),
        ("interp.en-ko.t07.handover-2", "2022-09-06T11:53:00+09:00", 3, "interpreter-c"),
        ("interp.en-ko.t07.handover-0", "2022-09-06T11:55:00+09:00", 3, "interpreter-c"),
    ]


def test_a_warning_before_the_outgoing_turn_began_is_dropped(tmp_path) -> None:
    s = load(tmp_path, '- {kind: session, start: "10:00", end: "11:03"}').schedule
    rota = build_rota(s)  # turns 10:00-10:30, 10:30-11:00, 11:00-11:03
    cues = [c for c in interpretation_cues(s, rota) if c.kind == "interpretation.handover"]
    assert [(c.id, f"{c.at:%H:%M}") for c in cues] == [
        ("interp.en-ko.t02.handover-5", "10:25"),
        ("interp.en-ko.t02.handover-2", "10:28"),
        ("interp.en-ko.t02.handover-0", "10:30"),
        ("interp.en-ko.t03.handover-5", "10:55"),
        ("interp.en-ko.t03.handover-2", "10:58"),
        ("interp.en-ko.t03.handover-0", "11:00"),
    ]


def test_two_pairs_name_the_pair_and_all_channels(tmp_path) -> None:
    interp = """\
interpretation:
  pairs: [[English, Korean], [English, Japanese]]
  interpreters:
    - {id: a, name: A, email: a@example.org, languages: [English, Korean]}
    - {id: b, name: B, email: b@example.org, languages: [English, Korean]}
    - {id: j1, name: J1, email: j1@example.org, languages: [English, Japanese]}
    - {id: j2, name: J2, email: j2@example.org, languages: [English, Japanese]}
"""
    s = load(tmp_path, '- {kind: session, start: "10:00", end: "11:00"}', interp).schedule
    cues = {c.id: c.message for c in interpretation_cues(s, build_rota(s), host_start_minutes=20)}
    assert cues["interp.en-ja.t02.handover-0"] == "Handover now: J2 on, J1 off — watch your mute (English–Japanese)"
    assert (
        cues["interp.d1.host-check"] == "Interpretation: confirm all channels, English, Korean and Japanese, are live"
    )
