"""docs/briefing.ko.md is what `zoomops export` writes today: the Korean half of two forum briefings."""

from __future__ import annotations

from tests.conftest import FORUM, ROOT
from zoomops.briefings.interpreters import interpreter_briefings
from zoomops.briefings.localised import BETWEEN_LANGUAGES
from zoomops.briefings.panelists import panelist_briefings
from zoomops.schedule.loader import load_schedule
from zoomops.show.rota import build_rota

DOC = ROOT / "docs" / "briefing.ko.md"
HEAD = """\
# 한국어 안내문 예시 (Korean briefings, rendered)

What `zoomops export FILE --interpreters DIR` and `--panelists DIR` (and `zoomops send`) write for the forum,
Korean half only: the interpreter briefing of Interpreter B, then the panelist briefing of 김관영 (placeholder)
(Kim Kwan-Young), before `apply` (no join links yet). With no `preferred_language`, a briefing holds the English
and then the Korean version; with `preferred_language: ko`, only the Korean. Kept current by
`tests/i18n/test_briefing_doc.py` (`python -m tests.i18n.test_briefing_doc` rewrites it).

---

"""


def expected() -> str:
    s = load_schedule(FORUM).schedule
    [interpreter] = [b for b in interpreter_briefings(s, build_rota(s), {}) if b.person_id == "interpreter-b"]
    [panelist] = [b for b in panelist_briefings(s, {}) if b.person_id == "kim-kwan-young"]
    korean = [b.markdown.split(BETWEEN_LANGUAGES)[1] for b in (interpreter, panelist)]
    return HEAD + BETWEEN_LANGUAGES.join(korean)


def test_the_korean_briefing_in_the_docs_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == expected()


if __name__ == "__main__":
    DOC.write_text(expected(), encoding="utf-8")
