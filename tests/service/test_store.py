"""The service store (SQLite and PostgreSQL): events reset to draft on a new content hash; leases with fencing
tokens. SQLite judges a lease's expiry on the caller's clock, PostgreSQL on its own: `lapse` makes the database's
clock pass the leases (the SQLite tests pass a later instant instead)."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.service.postgres import Cluster
from zoomops.service.store import Lifecycle, ServiceStore, SqliteServiceStore, StaleFence

T0 = datetime(2022, 9, 1, 0, 0, tzinfo=UTC)
TTL = timedelta(seconds=15)


Opener = Callable[[], ServiceStore]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens a store on one shared database: SQLite in the state dir, or a fresh PostgreSQL database."""
    opened: list[ServiceStore] = []
    if request.param == "sqlite":
        def make() -> ServiceStore:
            opened.append(SqliteServiceStore(tmp_path / "state"))
            return opened[-1]
    else:
        from zoomops.service.pgstore import PostgresServiceStore

        cluster: Cluster = request.getfixturevalue("postgres_cluster")
        dsn = cluster.fresh_dsn()

        def make() -> ServiceStore:
            opened.append(PostgresServiceStore(dsn))
            return opened[-1]
    yield make
    for s in opened:
        s.close()


def lapse(store: ServiceStore) -> None:
    """On PostgreSQL, every lease ran out (on the database's clock); on SQLite the callers' instants do it."""
    dsn = getattr(store, "dsn", None)
    if dsn is not None:
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as db:
            db.execute("UPDATE zoomops_leases SET expires_at = clock_timestamp() - interval '1 second'")


@pytest.fixture
def store(opener: Opener) -> ServiceStore:
    return opener()


def test_new_file_is_draft_same_hash_is_unchanged_new_hash_resets(store: ServiceStore) -> None:
    rec, changed = store.upsert_event("a.yaml", "/s/a.yaml", "h1", T0)
    assert changed and rec.state is Lifecycle.DRAFT
    store.update("a.yaml", None, T0, state=Lifecycle.PLANNED, plan_text="+ create", plan_digest="d1",
                 approved_digest="d1", approved_by="org")
    rec, changed = store.upsert_event("a.yaml", "/s/a.yaml", "h1", T0)
    assert not changed and rec.state is Lifecycle.PLANNED and rec.plan_text == "+ create"
    rec, changed = store.upsert_event("a.yaml", "/s/a.yaml", "h2", T0 + TTL)
    assert changed and rec.state is Lifecycle.DRAFT
    assert (rec.plan_text, rec.approved_digest, rec.approved_by) == (None, None, None)
    assert rec.updated_at == (T0 + TTL).isoformat()


def test_the_sqlite_database_is_private_to_its_owner(tmp_path: Path) -> None:
    SqliteServiceStore(tmp_path / "state").close()
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700


def test_lease_of_another_holder_is_not_taken_until_it_expires(store: ServiceStore) -> None:
    first = store.acquire("a.yaml", "alpha", T0, TTL)
    assert first is not None and first.token == 1
    assert store.acquire("a.yaml", "beta", T0 + timedelta(seconds=14), TTL) is None
    renewed = store.acquire("a.yaml", "alpha", T0 + timedelta(seconds=10), TTL)
    assert renewed is not None and renewed.token == 1  # renewing keeps the token
    assert store.acquire("a.yaml", "beta", T0 + timedelta(seconds=24), TTL) is None  # renewed until 25 s
    lapse(store)
    taken = store.acquire("a.yaml", "beta", T0 + timedelta(seconds=25), TTL)
    assert taken is not None and (taken.holder, taken.token) == ("beta", 2)
    assert store.lease("a.yaml") == taken


def test_a_write_under_a_stale_fencing_token_is_refused(store: ServiceStore) -> None:
    store.upsert_event("a.yaml", "/s/a.yaml", "h1", T0)
    old = store.acquire("a.yaml", "alpha", T0, TTL)
    assert old is not None
    store.update("a.yaml", old.token, T0, state=Lifecycle.PLANNED)
    lapse(store)
    new = store.acquire("a.yaml", "beta", T0 + TTL, TTL)
    assert new is not None and new.token == old.token + 1
    with pytest.raises(StaleFence):
        store.update("a.yaml", old.token, T0 + TTL, state=Lifecycle.FAILED)
    assert store.update("a.yaml", new.token, T0 + TTL, state=Lifecycle.PROVISIONED).state is Lifecycle.PROVISIONED


def test_release_lets_the_next_holder_in_with_a_larger_token(store: ServiceStore) -> None:
    store.acquire("a.yaml", "alpha", T0, TTL)
    store.release("a.yaml", "alpha")
    taken = store.acquire("a.yaml", "beta", T0, TTL)
    assert taken is not None and taken.token == 2


def test_two_stores_on_one_database_see_one_lease(opener: Opener) -> None:
    one, two = opener(), opener()
    one.upsert_event("a.yaml", "/s/a.yaml", "h1", T0)
    assert one.acquire("a.yaml", "alpha", T0, TTL) is not None
    assert two.acquire("a.yaml", "beta", T0, TTL) is None
    assert two.get("a.yaml") == one.get("a.yaml")
    lapse(two)
    taken = two.acquire("a.yaml", "beta", T0 + TTL, TTL)
    assert taken is not None and taken.token == 2
    with pytest.raises(StaleFence):
        one.update("a.yaml", 1, T0 + TTL, state=Lifecycle.LIVE)


def test_unknown_field_and_unknown_event_are_errors(store: ServiceStore) -> None:
    with pytest.raises(ValueError):
        store.update("a.yaml", None, T0, colour="red")
    with pytest.raises(KeyError):
        store.update("missing.yaml", None, T0, state=Lifecycle.DONE)


def test_renew_extends_the_holders_leases_in_one_call_and_keeps_their_tokens(store: ServiceStore) -> None:
    store.acquire("a.yaml", "alpha", T0, TTL)
    store.acquire("b.yaml", "beta", T0, TTL)
    assert store.renew(["a.yaml", "b.yaml", "c.yaml"], "alpha", T0 + timedelta(seconds=10), TTL) == {"a.yaml": 1}
    assert store.acquire("a.yaml", "beta", T0 + timedelta(seconds=20), TTL) is None  # renewed until 25 s
    lapse(store)
    taken = store.acquire("a.yaml", "beta", T0 + timedelta(seconds=25), TTL)
    assert taken is not None and taken.token == 2
    assert store.renew(["a.yaml"], "alpha", T0 + timedelta(seconds=26), TTL) == {}  # beta's now: not renewed
