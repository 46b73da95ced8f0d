"""Cue messages read as English and localise per audience: every cue of the forum in Korean."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.conftest import FORUM
from zoomops.i18n.translate import localise
from zoomops.schedule.loader import load_schedule
from zoomops.show.cue import Cue
from zoomops.show.text import Text
from zoomops.show.timeline import compile_cues, render_message


def _cues() -> dict[str, Cue]:
    s = load_schedule(FORUM).schedule
    return {c.id: c for c in compile_cues(s)}


def test_every_forum_cue_is_translatable_and_reads_korean() -> None:
    cues = _cues()
    assert len(cues) == 127
    untranslatable = [cid for cid, c in cues.items() if not isinstance(c.message, Text)]
    assert untranslatable == []
    not_korean = [cid for cid, c in cues.items() if not re.search(r"[\uac00-\ud7a3]", localise(c.message, "ko"))]
    assert not_korean == []


def test_korean_cue_messages_exact() -> None:
    cues = _cues()
    ko = {cid: localise(cues[cid].message, "ko") for cid in (
        "preflight", "b00.i00.start", "b01.i00.warn-2", "interp.en-ko.t02.handover-5", "interp.en-ko.t02.handover-0",
        "interp.d1.host-start", "close",
    )}  # fmt: skip
    assert ko == {
        "preflight": "사전 점검 (T-60): 웨비나 설정, 패널리스트, 통역, 녹화 — 09:00 시작",
        "b00.i00.start": "지금: Opening Remarks — Mr. Kyu Chang Ko, Mr. Iljae Kim, Mr. Kim Kwan-Young (15분)",
        "b01.i00.warn-2": "2분 남음: Presentation 1 — Ms. Kyung-eun Lee (09:45 종료)",
        "interp.en-ko.t02.handover-5": "교대 5분 전: 09:30에 Interpreter A (placeholder)에서 "
        "Interpreter B (placeholder)(으)로 교대",
        "interp.en-ko.t02.handover-0": "지금 교대: Interpreter B (placeholder) 시작, Interpreter A (placeholder) 종료 "
        "— 음소거를 확인하세요",
        "interp.d1.host-start": "Zoom 데스크톱 클라이언트에서 통역을 시작하고(통역 > 시작) 두 채널(English, Korean)이 "
        "송출 중인지 확인하세요",
        "close": "종료: Zoom에서 웨비나를 끝내세요",
    }
    assert cues["close"].message == "Close: end the webinar in Zoom"


def test_delay_adjusted_break_message_stays_translatable() -> None:
    cues = _cues()
    cue = cues["b02.break-start"]
    s = load_schedule(FORUM).schedule
    later = cues["b03.start"].at + timedelta(minutes=5)
    adjusted = render_message(cue, {"b03.start": later}, s.tz)
    assert adjusted.startswith("Break — back at 11:05 with Session 2:")
    assert localise(adjusted, "ko").startswith("Break — 11:05에 Session 2:")
