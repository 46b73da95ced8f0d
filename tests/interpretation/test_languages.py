"""People's languages and Hangul names, items' languages, the direction per speaker, and the two language rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.interpretation.interp_helpers import FORUM, load, write
from zoomops.common.diagnostics import InputError
from zoomops.i18n.translate import use_language
from zoomops.schedule.loader import load_schedule
from zoomops.show.pairs import Pair
from zoomops.show.speech import (
    Direction,
    direction,
    floor_language,
    next_speech,
    speech_at,
    speeches,
    spoken_language,
)

SEOUL = ZoneInfo("Asia/Seoul")
EN_KO = Pair("English", "Korean")


def at(hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return datetime(2022, 9, 6, int(h), int(m), tzinfo=SEOUL)


def test_direction_follows_the_spoken_language() -> None:
    assert direction(EN_KO, "ko") == Direction("ko", "en")
    assert direction(EN_KO, "ko").label == "KO→EN"  # type: ignore[union-attr]
    assert direction(EN_KO, "en").label == "EN→KO"  # type: ignore[union-attr]
    assert direction(EN_KO, "ja") is None
    assert direction(EN_KO, None) is None


def test_forum_speaker_and_direction_through_the_morning() -> None:
    s = load_schedule(FORUM).schedule
    listed = speeches(s)
    rows = []
    for hhmm in ("09:00", "09:05", "09:10", "09:15", "09:27", "09:30", "09:45", "10:50", "13:50"):
        sp = speech_at(s, at(hhmm), listed)
        if sp is None:
            rows.append((hhmm, None))
            continue
        d = direction(EN_KO, sp.language)
        rows.append((hhmm, sp.speaker_id, sp.language, d.label if d else None, sp.title))
    assert rows == [
        ("09:00", "kyu-chang-ko", "ko", "KO→EN", "Opening Remarks"),
        ("09:05", "iljae-kim", "ko", "KO→EN", "Opening Remarks"),
        ("09:10", "kim-kwan-young", "ko", "KO→EN", "Opening Remarks"),
        ("09:15", "alex-brillantes-jr", "en", "EN→KO", "Keynote Speech"),
        ("09:27", "jae-hee-park", "ko", "KO→EN", "Group photo"),  # no speaker: the moderator leads it
        ("09:30", "kyung-eun-lee", "ko", "KO→EN", "Presentation 1"),
        ("09:45", "deniz-susar", "en", "EN→KO", "Presentation 2"),
        ("10:50", None),  # the break
        ("13:50", "iljae-kim", "ko", "KO→EN", "Closing Remarks"),
    ]
    nxt = next_speech(s, at("09:12"), listed)
    assert nxt is not None and (nxt.speaker_id, nxt.language, nxt.start) == ("alex-brillantes-jr", "en", at("09:15"))


def test_forum_people_have_languages_and_certain_hangul_names() -> None:
    s = load_schedule(FORUM).schedule
    assert {p.id for p in s.people if p.languages == ["ko"]} == {
        "jae-hee-park", "kyu-chang-ko", "iljae-kim", "kim-kwan-young", "pan-suk-kim", "kyung-eun-lee",
        "mi-kyoung-park", "young-mo-hwang", "soo-young-lee", "seonju-choi",
    }  # fmt: skip
    assert all(p.languages in (["ko"], ["en"]) for p in s.people)
    assert {p.id: p.name_local for p in s.people if p.name_local} == {
        "iljae-kim": "김일재 (placeholder)", "kim-kwan-young": "김관영 (placeholder)",
        "pan-suk-kim": "김판석 (placeholder)",
    }  # fmt: skip  (the concept note gives no Korean names: ours are marked as placeholders)


BLOCKS = """\
- kind: session
  start: "09:00"
  end: "09:40"
  moderator: p1
  items:
    - {kind: presentation, title: "Smart cities", minutes: 20, speakers: [p2], language: ko}
    - kind: presentation
      minutes: 20
      segments:
        - {speaker: p3, minutes: 10, language: EN}
        - {speaker: p1, minutes: 10}
"""


def test_item_and_segment_languages_override_the_speakers(tmp_path: Path) -> None:
    s = load(tmp_path, BLOCKS).schedule
    s.people[0].languages = ["en", "ko"]
    item, shared = s.blocks[0].items
    assert spoken_language(s, item, "p2") == "ko"  # the item says
    assert spoken_language(s, shared, "p3") == "en"  # the segment says ("EN" normalised)
    assert spoken_language(s, shared, "p1") == "en"  # the speaker's first language
    assert spoken_language(s, shared, "p2") is None  # nobody said


RULES = """\
event: {id: t, title: Test, dates: [2022-09-06], timezone: Asia/Seoul}
people:
  - {id: p1, name: P One, email: p1@example.org, languages: [en]}
  - {id: p2, name: P Two, email: p2@example.org, languages: en}
  - {id: a-on-stage, name: A, email: a.home@example.org}
blocks:
  - kind: session
    start: "09:00"
    end: "10:00"
    moderator: p1
    items:
      - {kind: presentation, minutes: 30, speakers: [a-on-stage]}
      - {kind: presentation, minutes: 30, speakers: [p2]}
interpretation:
  pairs: [[English, Korean]]
  interpreters:
    - {id: a, name: A, email: a@example.org, languages: [English, Korean]}
    - {id: b, name: B, email: b@example.org, languages: [English, Korean]}
"""


def test_language_rules_warn_in_place(tmp_path: Path) -> None:
    path = write(tmp_path, RULES)
    loaded = load_schedule(path)
    shown = str(path)
    assert [d.render() for d in loaded.warnings] == [
        f"{shown}:15:11: warning: interpretation.pairs[0]: English–Korean is interpreted but no speaker uses "
        "Korean (speakers use en)",
        f"{shown}:17:7: warning: interpretation.interpreters[0]: a interprets 09:00-09:30 but is on stage then "
        "as a-on-stage (Presentation)",
    ]


def test_language_rules_in_korean(tmp_path: Path) -> None:
    path = write(tmp_path, RULES)
    with use_language("ko"):
        loaded = load_schedule(path)
    assert [d.message for d in loaded.warnings] == [
        "English–Korean 통역이 있지만 한국어를 쓰는 발표자가 없습니다 (발표자 언어: en)",
        "a은(는) 09:00-09:30에 통역을 맡지만 같은 시간에 a-on-stage(으)로 무대에 오릅니다 (Presentation)",
    ]


def test_no_language_warning_when_the_pair_is_spoken_or_nobody_said(tmp_path: Path) -> None:
    spoken = RULES.replace("languages: en}", "languages: [ko]}")  # p1 moderates in English, p2 speaks Korean
    silent = RULES.replace(", languages: [en]}", "}").replace(", languages: en}", "}")
    for text in (spoken, silent):
        loaded = load_schedule(write(tmp_path, text))
        assert [d.message for d in loaded.warnings if "no speaker uses" in d.message] == []


def test_an_interpreter_off_duty_may_speak(tmp_path: Path) -> None:
    """a opens the rota (09:00-09:30); speaking at 09:30, when b is on duty, does not clash."""
    first, second = "speakers: [p2]}", "speakers: [a-on-stage]}"
    text = RULES.replace(first, "FIRST").replace(second, first).replace("FIRST", second)
    loaded = load_schedule(write(tmp_path, text))
    assert [d.message for d in loaded.warnings if "on stage then" in d.message] == []


def test_languages_are_checked(tmp_path: Path) -> None:
    bad = RULES.replace("languages: [en]}", "languages: [english please]}").replace(
        "languages: en}", "languages: en, preferred_language: x1}"
    )
    path = write(tmp_path, bad)
    with pytest.raises(InputError) as info:
        load_schedule(path)
    assert [d.render() for d in info.value.diagnostics] == [
        f"{path}:3:62: people[0].languages[0]: not a language code: 'english please' (use ISO 639-1, e.g. en or ko)",
        f"{path}:4:65: people[1].preferred_language: not a language code: 'x1' (use ISO 639-1, e.g. en or ko)",
    ]


def test_csv_roster_languages_and_hangul_names(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        RULES.split("people:")[0] + "people: roster.csv\nblocks:" + RULES.split("blocks:")[1], encoding="utf-8"
    )
    (tmp_path / "roster.csv").write_text(
        "id,name,email,languages,name_local,preferred_language\n"
        "p1,Jae-hee Park,p1@example.org,ko,박재희,ko\n"
        "p2,P Two,p2@example.org,ko;en,,\n"
        "a-on-stage,Ann,ann@example.org,,,\n",
        encoding="utf-8",
    )
    p1, p2, ann = load_schedule(tmp_path / "s.yaml").schedule.people
    assert (p1.languages, p1.name_local, p1.preferred_language) == (["ko"], "박재희", "ko")
    assert (p2.languages, p2.name_local, p2.preferred_language) == (["ko", "en"], None, None)
    assert (ann.languages, ann.preferred_language) == ([], None)


def test_a_preferred_language_without_messages_is_a_warning(tmp_path: Path) -> None:
    text = RULES.replace("languages: en}", "languages: [ko], preferred_language: ja}").replace(
        "name: B, email: b@example.org,", "name: B, email: b@example.org, preferred_language: ko,"
    )
    path = write(tmp_path, text)
    warnings = [d.render() for d in load_schedule(path).warnings if "does not write" in d.message]
    assert warnings == [
        f"{path}:4:67: warning: people[1].preferred_language: zoomops does not write ja; "
        "their briefing will be in en, ko"
    ]


def test_floor_language_now_and_next() -> None:
    s = load_schedule(FORUM).schedule
    floor = floor_language(s, EN_KO, at("09:12"))
    assert floor.current is not None and floor.following is not None
    assert (floor.current.speaker_id, floor.current.language, floor.current_direction) == (
        "kim-kwan-young", "ko", Direction("ko", "en"),
    )  # fmt: skip
    assert (floor.following.speaker_id, floor.following_direction) == ("alex-brillantes-jr", Direction("en", "ko"))
    in_break = floor_language(s, EN_KO, at("10:50"))
    assert in_break.current is None and in_break.following is not None
    assert (in_break.following.speaker_id, in_break.following.start) == ("bernadia-irawati-tjandradewi", at("11:00"))
