"""The template briefings say everything the registration-era briefings said (join link, tech check, slots,
times in every zone, moderator, channel, turns, boothmates, who speaks), in English and in Korean.

Each FIELD is one thing the old string-built briefing wrote (its line quoted in the comment), with the line
the template writes now in each language: a lost field fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FORUM
from zoomops.briefings.briefing import Briefing
from zoomops.briefings.interpreters import interpreter_briefings
from zoomops.briefings.panelists import panelist_briefings
from zoomops.schedule.loader import load_schedule
from zoomops.show.rota import build_rota

SOO = "https://zoom.example/w/1?tk=soo"
B = "https://zoom.example/w/1?tk=b"
NNBSP = "\u202f"  # CLDR puts a narrow no-break space before AM/PM

# (field, English line, Korean line) of Ms. Soo Young Lee's briefing, her time zone set to Europe/Paris.
PANELIST_FIELDS = [
    # "# Panelist briefing — Ms. Soo Young Lee"
    ("name", "# Panelist briefing — Ms. Soo Young Lee", "# 패널리스트 안내문 — Ms. Soo Young Lee"),
    # "**2022 UN DESA-KRILA Forum on …**"
    ("event", "**2022 UN DESA-KRILA Forum on “Promoting Innovative Local Governance", None),
    # "- Presentation 3 in Session 3: …: Tue 06 Sep 13:00–13:10 (Asia/Seoul)"
    ("slot and its time",
     "- Presentation 3 in Session 3: Addressing Climate Change and Building Resilience at the Local Level through "
     f"Public-Private-People Partnerships (PPPPs): Tue, Sep 6, 2022, 1:00{NNBSP}PM–1:10{NNBSP}PM (Asia/Seoul)",
     "- Session 3: Addressing Climate Change and Building Resilience at the Local Level through "
     "Public-Private-People Partnerships (PPPPs) — Presentation 3: "
     "2022년 9월 6일 (화) 오후 1:00–오후 1:10 (Asia/Seoul)"),
    # "  - your time: Tue 06 Sep 06:00–06:10 (Europe/Paris)"
    ("own time", f"  - your time: Tue, Sep 6, 2022, 6:00{NNBSP}AM–6:10{NNBSP}AM (Europe/Paris)",
     "  - 본인 시간대: 2022년 9월 6일 (화) 오전 6:00–오전 6:10 (Europe/Paris)"),
    # "  - moderator: Ms. Mi Kyoung Park"
    ("moderator", "  - moderator: Ms. Mi Kyoung Park", "  - 사회자: Ms. Mi Kyoung Park"),
    # "Join the practice session at 08:30 (Asia/Seoul), 01:30 your time (Europe/Paris): camera, …"
    ("tech check",
     f"Join the practice session at Tue, Sep 6, 2022, 8:30{NNBSP}AM (Asia/Seoul), 1:30{NNBSP}AM your time "
     "(Europe/Paris): camera, microphone, screen sharing.",
     "2022년 9월 6일 (화) 오전 8:30 (Asia/Seoul), 본인 시간대 기준 오전 1:30 (Europe/Paris)에 연습 세션에 입장해 "
     "카메라, 마이크, 화면 공유를 점검하세요."),
    # "Use your personal panelist link (do not share it):" then the link
    ("join link", f"Use your personal panelist link (do not share it):\n{SOO}",
     f"본인 전용 패널리스트 링크로 입장하세요(다른 사람과 공유하지 마세요):\n{SOO}"),
]

# The same for Interpreter B, in Europe/Paris.
INTERPRETER_FIELDS = [
    ("name", "# Interpretation briefing: Interpreter B (placeholder)", "# 통역 안내문: Interpreter B (placeholder)"),
    # "Tuesday 06 September 2022. Times are in Asia/Seoul, then in your time zone (Europe/Paris), then UTC."
    ("day and zones", "Tuesday, September 6, 2022. Times are in Asia/Seoul, then in your time zone (Europe/Paris), "
     "then UTC.",
     "2022년 9월 6일 화요일. 시각은 Asia/Seoul 기준이며, 이어서 본인 시간대(Europe/Paris)와 UTC로 적습니다."),
    # "- English ↔ Korean (Zoom pair `US,KR`), booth A."
    ("channel", "- English ↔ Korean (Zoom pair `US,KR`), booth A.", "- 영어 ↔ 한국어 (Zoom 언어 쌍 `US,KR`), 부스 A."),
    # "- Use the Zoom **desktop client** (Windows or macOS), signed in with **placeholder+interpreter-b@…**"
    ("account", "signed in with **placeholder+interpreter-b@example.org**: Zoom gives the interpreter role",
     "**placeholder+interpreter-b@example.org** 계정으로 로그인해 입장하세요. Zoom은 이 계정에 통역사 역할을"),
    # "- Your personal join link (do not share it): https://…."
    ("join link", f"- Your personal join link (do not share it): {B}.",
     f"- 본인 전용 참가 링크(다른 사람과 공유하지 마세요): {B}\n"),
    # "- Tech check: join the practice session at 08:30 Asia/Seoul (01:30 your time), 23:30 UTC: audio, …"
    ("tech check", "- Tech check: join the practice session at 08:30 Asia/Seoul (01:30 your time), 23:30 UTC: audio, "
     "your interpretation channel, the handover with your boothmate.",
     "- 기술 점검: 08:30 Asia/Seoul (본인 시간대 기준 01:30), 23:30 UTC에 연습 세션에 입장해 오디오, 통역 채널, "
     "부스 동료와의 교대를 점검하세요."),
    # "- You join the webinar as a panelist; the host starts interpretation about 15 minutes before …"
    ("panelist role", "- You join the webinar as a panelist;", "- 웨비나에는 패널리스트로 입장합니다."),
    # "- Handover: keep a backchannel with your boothmate; …"
    ("handover", "- Handover: keep a backchannel with your boothmate;",
     "- 교대: 부스 동료와 별도 연락 채널을 유지하세요."),
    # "## Your turns (3, 90 minutes)"
    ("turns", "## Your turns (3, 90 minutes)", "## 통역 차례 (3회, 90분)"),
    # "### Turn 2: 09:30–10:00 Asia/Seoul (02:30–03:00 Europe/Paris), 00:30–01:00 UTC"
    ("turn times", "### Turn 2: 09:30–10:00 Asia/Seoul (02:30–03:00 Europe/Paris), 00:30–01:00 UTC",
     "### 2번째 차례: 09:30–10:00 Asia/Seoul (02:30–03:00 Europe/Paris), 00:30–01:00 UTC"),
    # "- Boothmate: Interpreter C (placeholder). After your turn: Interpreter C (placeholder) takes over at 10:00."
    ("boothmate and after",
     "- Boothmate: Interpreter C (placeholder). After your turn: Interpreter C (placeholder) takes over at 10:00.",
     "- 부스 동료: Interpreter C (placeholder). "
     "차례가 끝나면: 10:00에 Interpreter C (placeholder)이(가) 이어받습니다."),
    # "- Session 1: …" then "  - 09:30 Presentation 1: Dr. Pan Suk Kim, Ms. Kyung-eun Lee" (moderator, speaker)
    ("block, moderator, items and speakers",
     "- Session 1: Accelerating Digital Transformation for Public Service Innovation and Revitalization of Local "
     "Economy (moderator: Dr. Pan Suk Kim, Korean)\n"
     "  - 09:30 Presentation 1 — Ms. Kyung-eun Lee: Korean, KO→EN\n"
     "  - 09:45 Presentation 2 — Mr. Deniz Susar: English, EN→KO\n",
     "- Session 1: Accelerating Digital Transformation for Public Service Innovation and Revitalization of Local "
     "Economy (사회자: 김판석 (placeholder) (Dr. Pan Suk Kim), 한국어)\n"
     "  - 09:30 Presentation 1 — Ms. Kyung-eun Lee: 한국어, KO→EN\n"
     "  - 09:45 Presentation 2 — Mr. Deniz Susar: 영어, EN→KO\n"),
]


def _briefings() -> tuple[Briefing, Briefing]:
    s = load_schedule(FORUM).schedule
    assert s.interpretation is not None
    soo = s.person("soo-young-lee")
    assert soo is not None
    soo.timezone = s.interpretation.interpreters[1].timezone = "Europe/Paris"
    links = {"placeholder+soo-young-lee@example.org": SOO, "placeholder+interpreter-b@example.org": B}
    [panelist] = [b for b in panelist_briefings(s, links) if b.person_id == "soo-young-lee"]
    [interpreter] = [b for b in interpreter_briefings(s, build_rota(s), links) if b.person_id == "interpreter-b"]
    return panelist, interpreter


def _halves(briefing: Briefing) -> tuple[str, str]:
    """A briefing without a preferred language: the English, then the Korean."""
    assert briefing.languages == ["en", "ko"]
    english, korean = briefing.markdown.split("\n---\n\n")
    return english, korean


@pytest.mark.parametrize(("which", "fields"), [(0, PANELIST_FIELDS), (1, INTERPRETER_FIELDS)])
def test_every_field_of_the_old_briefing_is_there_in_both_languages(which: int, fields: list) -> None:  # type: ignore[type-arg]
    english, korean = _halves(_briefings()[which])
    missing = [(name, "en") for name, en, _ in fields if en not in english]
    missing += [(name, "ko") for name, en, ko in fields if (ko or en) not in korean]
    assert missing == []


def test_a_preferred_language_gives_one_language(tmp_path: Path) -> None:
    s = load_schedule(FORUM).schedule
    person = s.person("kim-kwan-young")
    assert person is not None
    person.preferred_language = "ko"
    [b] = [b for b in panelist_briefings(s, {}) if b.person_id == "kim-kwan-young"]
    assert b.languages == ["ko"] and "\n---\n" not in b.markdown
    assert b.markdown.startswith("# 패널리스트 안내문 — 김관영 (placeholder) (Mr. Kim Kwan-Young)\n")
    assert b.markdown.endswith("본인 전용 패널리스트 링크로 입장하세요(다른 사람과 공유하지 마세요):\n"
                               "(아직 준비되지 않았습니다 — 주최 측이 `zoomops apply` 후에 보내 드립니다)\n")


def test_whether_a_slot_is_interpreted_goes_by_its_block_not_its_title() -> None:
    s = load_schedule(FORUM).schedule
    assert s.interpretation is not None
    s.blocks[3].title = s.blocks[1].title  # two blocks with one title; only the first is interpreted
    s.interpretation.blocks = [1]
    briefings = {b.person_id: b for b in panelist_briefings(s, {})}
    lee, bayona = briefings["kyung-eun-lee"], briefings["bernadia-irawati-tjandradewi"]
    assert "  - you speak Korean; the audience hears English through the interpreters\n" in lee.markdown
    assert "  - you speak English\n" in bayona.markdown and "the audience hears" not in bayona.markdown
