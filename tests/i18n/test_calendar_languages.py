"""Calendar entries in the reader's language: SUMMARY, DESCRIPTION and the calendar's name, dates by Babel."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from tests.conftest import FORUM
from zoomops.briefings.interpreters import interpreter_briefings
from zoomops.briefings.panelists import panelist_briefings
from zoomops.schedule.loader import load_schedule
from zoomops.show.rota import build_rota

STAMP = datetime(2022, 9, 1, tzinfo=UTC)
EVENT = "2022 UN DESA-KRILA Forum: Promoting Innovative Local Govern…"
TITLE = load_schedule(FORUM).schedule.event.title
LINK = "https://zoom.example/w/1?tk=kim"


def _panelist_calendar(lang: str) -> Calendar:
    s = load_schedule(FORUM).schedule
    person = s.person("kim-kwan-young")
    assert person is not None
    person.preferred_language = lang
    [b] = [b for b in panelist_briefings(s, {"placeholder+kim-kwan-young@example.org": LINK})
           if b.person_id == "kim-kwan-young"]
    assert b.languages == [lang]
    return Calendar.from_ical(b.calendar(STAMP, 0))


@pytest.mark.parametrize(("lang", "calname", "summaries", "descriptions"), [
    ("ko", f"{EVENT}: 패널리스트 안내문",
     [f"{EVENT}: 기술 점검 (연습 세션)", f"{EVENT}: 발표: Opening Remarks — Opening Session"],
     [f"{TITLE}\n\n2022년 9월 6일 (화) 오전 8:30–오전 9:00 (Asia/Seoul)\n"
      f"본인 전용 패널리스트 링크로 입장하세요: {LINK}",
      f"{TITLE}\n\n2022년 9월 6일 (화) 오전 9:10–오전 9:15 (Asia/Seoul)\n"
      f"본인 전용 패널리스트 링크로 입장하세요: {LINK}"]),
    ("en", f"{EVENT}: panelist briefing",
     [f"{EVENT}: Tech check (practice session)", f"{EVENT}: Speaking: Opening Remarks — Opening Session"],
     [f"{TITLE}\n\nTue, Sep 6, 2022, 8:30\u202fAM–9:00\u202fAM (Asia/Seoul)\n"
      f"Join with your personal panelist link: {LINK}",
      f"{TITLE}\n\nTue, Sep 6, 2022, 9:10\u202fAM–9:15\u202fAM (Asia/Seoul)\n"
      f"Join with your personal panelist link: {LINK}"]),
])
def test_panelist_calendar_in_their_language(lang: str, calname: str, summaries: list[str],
                                             descriptions: list[str]) -> None:
    cal = _panelist_calendar(lang)
    events = list(cal.walk("VEVENT"))
    assert str(cal["x-wr-calname"]) == calname
    assert [str(e["summary"]) for e in events] == summaries
    assert [str(e["description"]) for e in events] == descriptions
    assert [str(a["description"]) for e in events for a in e.walk("VALARM")] == summaries


def test_moderator_summary_and_a_korean_interpreter_calendar() -> None:
    s = load_schedule(FORUM).schedule
    assert s.interpretation is not None
    s.interpretation.interpreters[0].preferred_language = "ko"
    [a] = [b for b in interpreter_briefings(s, build_rota(s), {}) if b.person_id == "interpreter-a"]
    practice, first, *_ = Calendar.from_ical(a.calendar(STAMP, 0)).walk("VEVENT")
    assert str(practice["summary"]) == f"{EVENT}: 기술 점검 (연습 세션)"
    assert str(practice["description"]) == (
        f"{TITLE}\n\n2022년 9월 6일 (화) 오전 8:30 (Asia/Seoul)\n"
        "Zoom 데스크톱 클라이언트에 지정된 이메일 계정으로 로그인해 입장하세요.")
    assert str(first["summary"]) == f"{EVENT}: 영어 ↔ 한국어 통역 1번째 차례 (다음 차례: Interpreter B (placeholder))"
    assert str(first["description"]).split("\n")[2:5] == [
        "2022년 9월 6일 (화) 오전 9:00–오전 9:30 (Asia/Seoul)",
        "부스 동료: Interpreter B (placeholder). "
        "차례가 끝나면: 09:30에 Interpreter B (placeholder)이(가) 이어받습니다.",
        "Opening Session (사회자: Mr. Jae-hee Park, 한국어)",
    ]
    assert str(first["description"]).split("\n")[7] == (
        "- 09:10 Opening Remarks — 김관영 (placeholder) (Mr. Kim Kwan-Young): 한국어, KO→EN")
    s2 = load_schedule(FORUM).schedule
    s2.person("jae-hee-park").preferred_language = "ko"  # type: ignore[union-attr]
    [mod] = [b for b in panelist_briefings(s2, {}) if b.person_id == "jae-hee-park"]
    summaries = [str(e["summary"]) for e in Calendar.from_ical(mod.calendar(STAMP, 0)).walk("VEVENT")]
    assert summaries[1] == f"{EVENT}: 사회 진행: Opening Session"
    assert str(list(Calendar.from_ical(mod.calendar(STAMP, 0)).walk("VEVENT"))[1]["description"]).endswith(
        "본인 전용 패널리스트 링크는 추후 보내 드립니다(`zoomops apply` 후).")
