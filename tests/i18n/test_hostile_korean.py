"""The hostile-input corpus answered in Korean (`--lang ko`): every message is translated, at the same place
(`file:line:col: field:`) and with the same exit code as in English. Values quoted from the input, Zoom's
setting names and a library's reason (email-validator, the csv module) stay as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile.corpus import CASES, Case
from tests.hostile.expected import EXPECTED
from tests.hostile.runner import run, write_files

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PLACE = re.compile(r"^(.*?:\d+:\d+: |[^:]*: )")
ENGLISH: set[str] = set()  # a case answered in English on purpose would be listed here


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_in_korean(case: Case, tmp_path: Path) -> None:
    write_files(tmp_path, case.files)
    outcome = run(tmp_path, ("--lang", "ko", *case.args), case.env)
    english = EXPECTED[case.name]
    assert "Traceback" not in outcome.out + outcome.err
    assert outcome.code == case.code and len(outcome.lines) == len(english)
    for korean, source in zip(outcome.lines, english, strict=True):
        place = PLACE.match(source)  # the summary line ("1 error(s); …") has none
        assert place is None or korean.startswith(place.group(1)), (korean, source)
    untranslated = [line for line in outcome.lines if not HANGUL.search(line.replace("경고", ""))]  # "warning"
    assert (untranslated != []) == (case.name in ENGLISH), untranslated
