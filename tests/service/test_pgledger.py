"""The runner's ledger in PostgreSQL: claims unique per (event, cue), taken only under the current fencing token
and an unexpired lease on the database's clock; the local fence refuses before the lease can pass; a second
instance continues the same ledger through the runner's restart path (nothing fired twice, an action in flight
reconciled with Zoom); a fenced runner stops acting and says so."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from tests.runner.conftest import TINY_YAML
from tests.runner.test_faults_engine import Rig, z
from tests.service.postgres import Cluster
from zoomops.common.clock import FakeClock
from zoomops.report.ledger_reader import read_ledger
from zoomops.runner.actions import LiveState, RecordingExecutor
from zoomops.runner.ledger import LeaseLost, Ledger
from zoomops.schedule.loader import load_schedule
from zoomops.service.fence import Fence
from zoomops.service.pgledger import PostgresLedger
from zoomops.service.pgstore import PostgresServiceStore
from zoomops.show.model import Schedule
from zoomops.show.timeline import compile_cues

pytestmark = pytest.mark.postgres
KEY = "tiny.yaml"
TTL, MARGIN = timedelta(seconds=3), timedelta(seconds=1)
FAR = datetime(2999, 1, 1, tzinfo=UTC)  # a caller's clock far off: the database's clock decides anyway


class Db:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.store = PostgresServiceStore(dsn)
        self.mono = FakeClock()  # the instances' monotonic clock, moved by hand

    def hold(self, holder: str) -> Fence:
        sent = self.mono.monotonic()
        lease = self.store.acquire(KEY, holder, FAR, TTL)
        assert lease is not None, f"{holder} could not take the lease"
        return Fence(KEY, holder, lease.token, sent, TTL, MARGIN, self.mono.monotonic)

    def expire(self) -> None:
        """The holder stopped renewing and its lease ran out (on the database's clock)."""
        self.store._db.execute("UPDATE zoomops_leases SET expires_at = clock_timestamp() - interval '1 second'")

    def ledger(self, fence: Fence) -> PostgresLedger:
        return PostgresLedger(self.dsn, KEY, fence)

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with psycopg.connect(self.dsn) as conn:
            return list(conn.execute(sql).fetchall())


@pytest.fixture
def tiny(tmp_path: Path) -> Schedule:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_YAML, encoding="utf-8")
    return load_schedule(path).schedule


@pytest.fixture
def db(postgres_cluster: Cluster) -> Iterator[Db]:
    d = Db(postgres_cluster.fresh_dsn())
    yield d
    d.store.close()


AT = datetime(2022, 9, 6, 0, 0, tzinfo=UTC)


def test_a_claim_is_unique_per_event_and_cue_and_every_instance_sees_it(db: Db) -> None:
    fence = db.hold("a")
    first = db.ledger(fence)
    assert first.claim("close", AT, AT, AT, "fired", action="end_webinar") is True
    assert first.claim("close", AT, AT, AT, "fired", action="end_webinar") is False  # claimed: never fired again
    again = db.ledger(fence)  # another instance (or a restart) reads the same ledger
    assert again.claim("close", AT, AT, AT, "fired") is False
    [(cue, status, token, holder)] = db.rows("SELECT cue_id, status, fence, holder FROM zoomops_firings")
    assert (cue, status, token, holder) == ("close", "fired", 1, "a")
    assert {k: (a.action, a.state) for k, a in again.actions().items()} == {"close": ("end_webinar", "claimed")}
    assert [f.cue_id for f in again.unannounced()] == ["close"]
    first.announced("close", AT)
    assert db.ledger(fence).unannounced() == []
    db.store.acquire("other.yaml", "a", FAR, TTL)
    other = PostgresLedger(db.dsn, "other.yaml", Fence("other.yaml", "a", 1, 0.0, TTL, MARGIN, db.mono.monotonic))
    assert other.claim("close", AT, AT, AT, "fired") is True  # the key is (event, cue)
    assert other.firings().keys() == {"close"} and db.ledger(fence).firings().keys() == {"close"}


def test_a_stale_token_is_refused_by_the_database_and_nothing_is_written(db: Db) -> None:
    old = db.ledger(db.hold("a"))
    old.claim("preflight", AT, AT, AT, "fired", action="preflight")
    db.expire()
    new_fence = db.hold("b")
    assert new_fence.token == 2
    for write in (lambda: old.claim("close", AT, AT, AT, "fired", action="end_webinar"),
                  lambda: old.sending("preflight", AT),
                  lambda: old.settle("preflight", {"status": "ok"}, AT),
                  lambda: old.add_adjustment("delay", AT, "control", seconds=60, position="close"),
                  lambda: old.set_meta("anchored", {"x": 1})):
        with pytest.raises(LeaseLost, match="token 1"):
            write()
    assert old.fence.lost is not None  # and from now on refused without asking the database
    assert db.rows("SELECT cue_id, fence FROM zoomops_firings") == [("preflight", 1)]
    assert db.rows("SELECT state, sending_fence FROM zoomops_actions") == [("claimed", None)]
    assert db.rows("SELECT count(*) FROM zoomops_adjustments") == [(0,)]
    new = db.ledger(new_fence)
    assert new.claim("close", AT, AT, AT, "fired", action="end_webinar") is True
    new.sending("preflight", AT)
    assert db.rows("SELECT cue_id, state, fence, sending_fence FROM zoomops_actions ORDER BY seq") == [
        ("preflight", "sending", 1, 2), ("close", "claimed", 2, None)]


def test_lease_expiry_is_judged_on_the_database_clock(db: Db) -> None:
    fence = db.hold("a")
    epoch = datetime(1970, 1, 2, tzinfo=UTC)
    assert db.store.acquire(KEY, "b", FAR, TTL) is None  # b's clock says a's lease is long over: not b's call
    ledger = db.ledger(fence)
    assert ledger.claim("c1", AT, AT, AT, "fired") is True
    db.expire()  # the database's clock is past a's lease, whatever a's own clock says (a's fence is fresh)
    assert fence.remaining() > 0
    with pytest.raises(LeaseLost, match="refused a write under token 1"):
        ledger.claim("c2", AT, AT, AT, "fired")
    lease = db.store.acquire(KEY, "b", epoch, TTL)  # a caller's clock in 1970: still the database decides
    assert lease is not None and lease.token == 2 and lease.expires_at > datetime.now(UTC)


def test_the_local_fence_refuses_before_the_lease_can_pass(db: Db) -> None:
    fence = db.hold("a")
    ledger = db.ledger(fence)
    db.mono.advance(1.9)  # renewed 1.9 s ago: 0.1 s left of ttl 3 s minus margin 1 s
    assert ledger.claim("c1", AT, AT, AT, "fired") is True
    db.mono.advance(0.1)  # 2 s: the lease is still the database's for 1 s more, but this instance stops now
    with pytest.raises(LeaseLost, match=r"last renewed 2.0s ago, more than its 3s minus a 1s margin"):
        ledger.claim("c2", AT, AT, AT, "fired")
    assert db.rows("SELECT cue_id FROM zoomops_firings") == [("c1",)]
    sent = db.mono.monotonic()
    renewed = db.store.renew([KEY], "a", FAR, TTL)
    assert renewed == {KEY: 1} and not fence.renewed(renewed[KEY], sent)  # too late: this fence is lost for good
    with pytest.raises(LeaseLost, match=r"last renewed 2.0s ago"):  # its runner has stopped acting; the service
        ledger.claim("c2", AT, AT, AT, "fired")  # starts a new one under a new fence (test_keeper.py)
    assert db.store.renew([KEY], "b", FAR, TTL) == {}  # renewing is for the holder only


def _ledger_factory(db: Db, fence: Fence) -> object:
    return lambda _state_dir: PostgresLedger(db.dsn, KEY, fence)


def test_a_takeover_continues_the_ledger_without_firing_anything_twice(db: Db, tiny: Schedule,
                                                                       tmp_path: Path) -> None:
    cues = {c.id: c for c in compile_cues(tiny)}
    leader = Rig(tiny, tmp_path / "a", z("23:50", day=5), open_ledger=_ledger_factory(db, db.hold("a")),
                 lock_dir=tmp_path)
    leader.runner.start()
    resume_at = cues["b01.recording-resume"].at
    leader.runner.advance_to(resume_at - timedelta(seconds=1))
    # the leader claims the resume and starts sending it, then dies before the outcome is recorded
    ledger = leader.runner.ledger
    assert ledger is not None
    ledger.claim("b01.recording-resume", resume_at, resume_at, resume_at, "fired", action="recording_resume")
    ledger.sending("b01.recording-resume", resume_at)
    before = dict(leader.executor.calls)
    leader.runner.stop()

    db.expire()
    standby = Rig(tiny, tmp_path / "b", resume_at + timedelta(seconds=2),
                  RecordingExecutor(state=LiveState("started", "started", "recording")),
                  open_ledger=_ledger_factory(db, db.hold("b")), lock_dir=tmp_path)
    standby.runner.start()
    assert standby.executor.calls == []  # Zoom shows the recording resumed: settled from Zoom, not sent again
    assert [e["reconciled"] for e in standby.notes.events if e["type"] == "action"] == [True]
    standby.runner.advance_to(z("01:00"))
    assert set(standby.executor.calls).isdisjoint(before.items())  # nothing the leader sent is sent again
    sent = [c for c, _ in leader.executor.calls + standby.executor.calls] + ["b01.recording-resume"]  # (Zoom's)
    assert sorted(sent) == sorted(c.id for c in cues.values() if c.action)  # every action exactly once
    claims = db.rows("SELECT cue_id, fence FROM zoomops_firings")
    assert sorted(c for c, _ in claims) == sorted(cues)  # every cue claimed exactly once (primary key)
    on_time = [e["cue"] for e in leader.cue_events(status="fired") + standby.cue_events(status="fired")
               if not e.get("late")]
    assert len(on_time) == len(set(on_time))
    assert db.rows("SELECT count(*) FROM zoomops_actions WHERE state != 'settled'") == [(0,)]
    assert {t for c, t in claims if c == "close"} == {2}
    standby.runner.stop()


def test_a_fenced_runner_stops_acting_and_says_so(db: Db, tiny: Schedule, tmp_path: Path) -> None:
    cues = {c.id: c for c in compile_cues(tiny)}
    fence = db.hold("a")
    leader = Rig(tiny, tmp_path / "a", z("23:50", day=5), open_ledger=_ledger_factory(db, fence),
                 lock_dir=tmp_path / "a")
    leader.runner.start()
    start = cues["b00.start"].at
    leader.runner.advance_to(start - timedelta(seconds=1))
    calls, claimed = list(leader.executor.calls), db.rows("SELECT count(*) FROM zoomops_firings")
    db.mono.advance(2.0)  # no renewal for ttl minus margin: the leader must stop before the lease can pass
    assert leader.runner.advance_to(start + timedelta(minutes=30)) == []
    assert leader.executor.calls == calls and db.rows("SELECT count(*) FROM zoomops_firings") == claimed
    [fenced] = leader.runs("fenced")
    assert fenced["summary"].startswith("FENCED: the lease of tiny.yaml (token 1) was last renewed 2.0s ago")
    assert leader.runner.fenced is not None and leader.runner.run_pending() == []
    assert leader.runner.status()["fenced"].startswith("the lease of tiny.yaml (token 1) was last renewed 2.0s ago")
    leader.runner.stop()


def test_the_ledger_leaves_a_copy_the_report_reads(db: Db, tmp_path: Path) -> None:
    ledger = db.ledger(db.hold("a"))
    later = AT + timedelta(minutes=1)
    ledger.claim("preflight", AT, AT, AT, "fired", action="preflight")
    ledger.announced("preflight", AT)
    ledger.settle("preflight", {"status": "ok", "detail": "checked"}, AT)
    ledger.claim("b00.start", later, later, later + timedelta(seconds=2), "fired")
    ledger.claim("b00.warn-1m", later, later, later, "skipped", "skipped by control")
    ledger.add_adjustment("delay", later, "control", seconds=120, position="b00.start")
    ledger.set_meta("timebase", {"speed": 60})
    (tmp_path / "runner.sqlite").write_bytes(b"an older copy")  # replaced whole
    ledger.export_sqlite(tmp_path / "runner.sqlite")
    copy = Ledger.in_dir(tmp_path)
    assert copy.firings() == ledger.firings() and copy.adjustment_log() == ledger.adjustment_log()
    assert copy.actions() == ledger.actions() and copy.get_meta("timebase") == {"speed": 60}
    assert [f.cue_id for f in copy.unannounced()] == ["b00.start"]
    copy.close()
    report = read_ledger(tmp_path)
    assert report.firings["preflight"].outcome == {"status": "ok", "detail": "checked"}
    assert sorted(report.firings) == ["b00.start", "b00.warn-1m", "preflight"]
