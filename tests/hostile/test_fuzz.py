"""Fuzz `zoomops validate` with the forum file mutated (byte flips, lost and repeated lines, random unicode).

Whatever the bytes, validate answers 0 or 2, every error is located (`file:line:col: …` or `file: …`), memory
stays under a bound, and nothing raises. CI runs a bounded number of examples; `bench/bench_hostile.py` runs
thousands (ZOOMOPS_FUZZ_EXAMPLES) and reports the figures.
"""

from __future__ import annotations

import os
import re
import tempfile
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.hostile.runner import run, write_files

FORUM = (ROOT / "schedules" / "2022-undesa-krila-forum.yaml").read_bytes()
LINES = FORUM.split(b"\n")
EXAMPLES = int(os.environ.get("ZOOMOPS_FUZZ_EXAMPLES", "40"))
MEMORY_BOUND = 200 * 1024 * 1024  # bytes Python allocates while validating one file
LOCATED = re.compile(r"^forum\.yaml(:\d+:\d+)?: |^[\w./-]+\.csv(:\d+:\d+)?: ")
SUMMARY = re.compile(r"^\d+ error\(s\); nothing was changed\.$")

flip = st.tuples(st.just("flip"), st.integers(0, len(FORUM) - 1), st.integers(0, 255))
delete = st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1), st.just(0))
repeat = st.tuples(st.just("repeat"), st.integers(0, len(LINES) - 1), st.integers(1, 3))
insert = st.tuples(st.just("insert"), st.integers(0, len(FORUM)), st.text(min_size=1, max_size=8))
MUTATION = st.one_of(flip, delete, repeat, insert)


def mutate(data: bytes, steps: list[tuple[str, int, object]]) -> bytes:
    for kind, at, arg in steps:
        if kind == "flip" and data:
            i = at % len(data)
            data = data[:i] + bytes([int(arg)]) + data[i + 1 :]  # type: ignore[call-overload]
        elif kind == "insert":
            i = at % (len(data) + 1)
            data = data[:i] + str(arg).encode("utf-8", "surrogatepass") + data[i:]
        else:
            lines = data.split(b"\n")
            i = at % len(lines)
            lines[i:i + 1] = [] if kind == "delete" else [lines[i]] * (1 + int(arg))  # type: ignore[call-overload]
            data = b"\n".join(lines)
    return data


@settings(max_examples=EXAMPLES, deadline=None, derandomize="ZOOMOPS_FUZZ_EXAMPLES" not in os.environ, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(MUTATION, min_size=1, max_size=6))
def test_validate_answers_every_mutation(steps: list[tuple[str, int, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_files(root, {"forum.yaml": mutate(FORUM, steps)})
        tracemalloc.start()
        try:
            outcome = run(root, ("validate", "forum.yaml"))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert "Traceback" not in outcome.out + outcome.err
    assert outcome.code in (0, 2)
    assert peak < MEMORY_BOUND
    lines = outcome.lines
    if outcome.code == 2:
        assert SUMMARY.match(lines[-1]), lines
        assert all(LOCATED.match(line) for line in lines[:-1]), lines
    else:
        assert outcome.out.startswith("forum.yaml: ok — ")
        assert all(LOCATED.match(line) for line in lines), lines
