"""Interpretation rules: team of two per pair (error), a third for a long day (warning), Zoom's languages."""

from __future__ import annotations

import pytest

from tests.interpretation.interp_helpers import FORUM, schedule_text, write
from zoomops.common.diagnostics import InputError
from zoomops.schedule.loader import load_schedule

FIVE_HOURS = """
- {kind: opening, start: "09:00", end: "10:45"}
- {kind: break, start: "10:45", end: "11:00"}
- {kind: session, start: "11:00", end: "12:20"}
- {kind: break, start: "12:20", end: "12:30"}
- {kind: session, start: "12:30", end: "14:00"}
"""

TWO = """\
interpretation:
  pairs: [[English, Korean]]
  interpreters:
    - {id: a, name: A, email: a@example.org, languages: [English, Korean]}
    - {id: b, name: B, email: b@example.org, languages: [Korean, English]}
"""


def rendered(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [d.render() for d in exc.value.diagnostics]


def test_the_forum_with_three_interpreters_has_no_interpretation_warning(monkeypatch) -> None:
    monkeypatch.chdir(FORUM.parent.parent)
    loaded = load_schedule(FORUM)
    assert [d.render() for d in loaded.warnings if "interpret" in d.field] == []


def test_two_interpreters_for_275_minutes_warn_to_plan_a_third(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = load_schedule(write(tmp_path, schedule_text(FIVE_HOURS, TWO)))
    assert [d.render() for d in loaded.warnings] == [
        "s.yaml:14:3: warning: interpretation.interpreters: 4 h 35 min of English–Korean interpreting on "
        "2022-09-06 calls for 3 interpreters (a two-way team of two covers up to about 4 hours); the team has 2"
    ]


def test_the_third_interpreter_is_asked_for_from_four_hours_on(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    under = load_schedule(write(tmp_path, schedule_text('- {kind: session, start: "09:00", end: "12:59"}', TWO)))
    assert under.warnings == []
    four = load_schedule(write(tmp_path, schedule_text('- {kind: session, start: "09:00", end: "13:00"}', TWO)))
    assert [d.message for d in four.warnings] == [
        "4 h 00 min of English–Korean interpreting on 2022-09-06 calls for 3 interpreters "
        "(a two-way team of two covers up to about 4 hours); the team has 2"
    ]


def test_a_pair_with_one_interpreter_who_covers_both_languages_is_an_error(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    interp = """\
interpretation:
  pairs: [[English, Korean]]
  interpreters:
    - {id: a, name: A, email: a@example.org, languages: [English, Korean]}
    - {id: b, name: B, email: b@example.org, languages: [English, Japanese]}
"""
    path = write(tmp_path, schedule_text('- {kind: session, start: "09:00", end: "10:00"}', interp))
    with pytest.raises(InputError) as exc:
        load_schedule(path)
    assert rendered(exc) == [
        "s.yaml:9:11: interpretation.pairs[0]: English–Korean needs at least two interpreters who work in both "
        "languages; found 1 (a)",
        "s.yaml:12:46: warning: interpretation.interpreters[1].languages: b works in English and Japanese, "
        "which is not one of the pairs",
    ]


def test_a_pair_nobody_covers_is_a_draft_warning_until_provisioning(tmp_path, monkeypatch) -> None:
    """An imported agenda names no team yet: a warning for `validate`, an error for provisioning."""
    monkeypatch.chdir(tmp_path)
    interp = """\
interpretation:
  pairs: [[English, Korean], [English, Klingon]]
  interpreters:
    - {id: a, name: A, email: a@example.org, languages: [English, Japanese]}
    - {id: b, name: B, email: b@example.org, languages: [English, Japanese]}
"""
    path = write(tmp_path, schedule_text('- {kind: session, start: "09:00", end: "10:00"}', interp))
    nobody = (
        "interpretation.pairs[0]: English–Korean needs at least two interpreters who work in both languages; found none"
    )
    klingon = (
        "s.yaml:9:40: interpretation.pairs[1][1]: Zoom does not offer 'Klingon' for interpretation (it offers "
        "English, Chinese, Japanese, German, French, Russian, Portuguese, Spanish, Korean)"
    )
    others = [
        f"s.yaml:{line}:46: warning: interpretation.interpreters[{i}].languages: {who} works in English and "
        "Japanese, which is not one of the pairs"
        for line, i, who in ((11, 0, "a"), (12, 1, "b"))
    ]
    with pytest.raises(InputError) as exc:
        load_schedule(path)
    assert rendered(exc) == [f"s.yaml:9:11: warning: {nobody}", klingon, *others]
    with pytest.raises(InputError) as exc:
        load_schedule(path, for_provisioning=True)
    assert rendered(exc) == [f"s.yaml:9:11: {nobody}", klingon, *others]


def test_interpreters_without_pairs_is_an_error(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    interp = TWO.replace("  pairs: [[English, Korean]]\n", "")
    with pytest.raises(InputError) as exc:
        load_schedule(write(tmp_path, schedule_text('- {kind: session, start: "09:00", end: "10:00"}', interp)))
    assert rendered(exc) == ["s.yaml:8:1: interpretation.pairs: list the language pairs, e.g. [[English, Korean]]"]
