"""Property: applying s1 then s2 leaves Zoom exactly as applying s2 from nothing; re-applying s2 writes nothing."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FORUM
from tests.provision.conftest import make_context
from zoomops.common.clock import FakeClock
from zoomops.provision.apply import Applier
from zoomops.provision.plan import Planner
from zoomops.sandbox.app import ZoomSandbox

BASE: dict[str, Any] = yaml.safe_load(FORUM.read_text())
SPEAKER_SLOTS = [
    (bi, ii) for bi, b in enumerate(BASE["blocks"]) for ii, it in enumerate(b.get("items", [])) if it.get("speakers")
]
PEOPLE = [p["id"] for p in BASE["people"]]

edits = st.fixed_dictionaries(
    {
        "close_end": st.sampled_from(["14:00", "14:05", "14:30"]),
        "recording": st.sampled_from(["cloud", "local", "none"]),
        "qa": st.booleans(),
        "swaps": st.lists(st.tuples(st.sampled_from(SPEAKER_SLOTS), st.sampled_from(PEOPLE)), max_size=4),
        "interpreters": st.sampled_from([["a", "b", "c"], ["a", "b"], ["b", "c"], ["c", "a", "b"]]),
        "alt_host": st.booleans(),
        "title": st.sampled_from([None, "Forum rehearsal", "KRILA Forum 2022"]),
    }
)


def schedule_with(edit: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    closing = doc["blocks"][-1]
    closing["end"] = edit["close_end"]
    closing.pop("minutes")
    for (bi, ii), person in edit["swaps"]:
        doc["blocks"][bi]["items"][ii]["speakers"] = [person]
    team = {m["id"][-1]: m for m in BASE["interpretation"]["interpreters"]}
    doc["interpretation"]["interpreters"] = [team[x] for x in edit["interpreters"]]
    if edit["alt_host"]:
        doc["event"]["alternative_hosts"] = ["placeholder+mi-kyoung-park@example.org"]
    doc["zoom"] = {"topic": BASE["zoom"]["topic"],
                   "settings": {"auto_recording": edit["recording"], "question_and_answer": {"enable": edit["qa"]}}}
    if edit["title"]:
        doc["zoom"]["topic"] = edit["title"]
    return doc


def apply_doc(doc: dict[str, Any], sandbox: ZoomSandbox, clock: FakeClock, work: Path) -> int:
    path = work / "s.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    ctx = make_context(path, sandbox, clock, work / "state")
    plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    Applier(ctx.client, ctx.store, ctx.host).apply(plan)
    ctx.close()
    return plan.write_calls


def zoom_state(sandbox: ZoomSandbox) -> dict[str, Any]:
    [rec] = [w for w in sandbox.snapshot()["webinars"].values() if not w.get("deleted")]
    w = rec["webinar"]
    li = w["settings"].get("language_interpretation", {})
    return {
        **{k: w[k] for k in ("topic", "type", "start_time", "duration", "timezone", "agenda")},
        "settings": {k: v for k, v in w["settings"].items() if k != "language_interpretation"},
        "interpreters": sorted((i["email"], i["languages"]) for i in li.get("interpreters", [])),
        "panelists": sorted(p["email"] for p in rec["panelists"]),
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s1=edits, s2=edits)
def test_apply_s1_then_s2_equals_s2_from_nothing(s1: dict[str, Any], s2: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        clock = FakeClock()
        sb1, sb2 = ZoomSandbox(clock), ZoomSandbox(clock)
        apply_doc(schedule_with(s1), sb1, clock, Path(a))
        apply_doc(schedule_with(s2), sb1, clock, Path(a))
        apply_doc(schedule_with(s2), sb2, clock, Path(b))
        assert zoom_state(sb1) == zoom_state(sb2)
        assert apply_doc(schedule_with(s2), sb1, clock, Path(a)) == 0
