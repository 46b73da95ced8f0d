"""Every case of the hostile corpus gets exactly its answer from `zoomops validate`: each message at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.corpus import CASES, Case
from tests.hostile.expected import EXPECTED
from tests.hostile.runner import run, write_files


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_answered_exactly(case: Case, tmp_path: Path) -> None:
    write_files(tmp_path, case.files)
    outcome = run(tmp_path, case.args, case.env)
    assert "Traceback" not in outcome.out + outcome.err
    assert (outcome.code, outcome.lines) == (case.code, EXPECTED[case.name])


def test_the_corpus_is_large_and_varied() -> None:
    malformed = [c for c in CASES if c.code == 2]
    assert len(malformed) >= 100
    rosters = [c for c in malformed if "roster.csv" in c.files]
    configs = [c for c in malformed if "zoomops.yaml" in c.files]
    assert len(rosters) >= 10
    assert len(configs) >= 10
    assert set(EXPECTED) == {c.name for c in CASES}
    assert len({c.name for c in CASES}) == len(CASES)
