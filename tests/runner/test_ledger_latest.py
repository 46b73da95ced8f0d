"""What the console panel and /api/status read twice a second: the ledger's last rows (not all of them) and
the runner's position, kept between cues and recomputed when one is done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.runner.test_engine import Rig, z
from zoomops.runner.ledger import Ledger
from zoomops.show.model import Schedule

AT = datetime(2022, 9, 6, 0, 0, tzinfo=UTC)


def test_latest_is_the_end_of_firings_in_order(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "runner.sqlite")
    try:
        for n, cue in enumerate(["c", "a", "d", "b"]):  # fired in this order, ids in another
            ledger.claim(cue, AT, AT, AT + timedelta(seconds=n), "fired")
        ledger.claim("e", AT, AT, AT + timedelta(seconds=3), "missed")  # same instant as b: the later row last
        assert [f.cue_id for f in ledger.firings().values()] == ["c", "a", "d", "b", "e"]
        assert [f.cue_id for f in ledger.latest(3)] == ["d", "b", "e"]
        assert [f.cue_id for f in ledger.latest(10)] == ["c", "a", "d", "b", "e"]
        assert ledger.latest(2)[-1].status == "missed"
    finally:
        ledger.close()


def test_status_reads_the_last_rows_and_position_follows_every_cue(tiny: Schedule, tmp_path: Path) -> None:
    rig = Rig(tiny, tmp_path, z("23:50", day=5))
    runner = rig.runner
    runner.start()
    runner.advance_to(z("00:02"))
    assert runner.ledger is not None
    assert [row["cue"] for row in runner.status()["latest"]] == list(runner.ledger.firings())[-6:]
    first = runner.position()
    assert first.item is not None and first.item.id == "b00.i00.start"
    assert runner.position().item is first.item  # nothing done since: the same walk
    runner.next()  # b00.i01 starts now: the walk is done again
    assert runner.position().item is not None and runner.position().item.id == "b00.i01.start"
    runner.skip("b02.start")
    assert runner.position().transition is not None and runner.position().transition.id != "b02.start"
    runner.stop()
