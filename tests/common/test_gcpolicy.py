"""The collector's policy: settle() frees today's garbage and freezes the survivors; refresh() frees frozen cycles."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from zoomops.common.gcpolicy import HeapPolicy


class Node:
    """An object in a reference cycle (only the cycle collector can free it)."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    """Every test starts and ends with nothing frozen (the collector's state is the process's)."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_settle_frees_garbage_cycles_and_freezes_what_is_alive() -> None:
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    kept = Node()
    policy = HeapPolicy()
    policy.settle()
    assert gone() is None  # collected before the freeze, not frozen for good
    assert gc.get_freeze_count() > 0
    assert policy.frozen() == gc.get_freeze_count()
    assert policy.settles == 1
    assert kept.me is kept


def test_a_frozen_cycle_survives_collections_until_refresh() -> None:
    node = Node()
    alive = weakref.ref(node)
    policy = HeapPolicy()
    policy.settle()
    del node
    gc.collect()
    assert alive() is not None  # frozen: the collector does not walk it
    policy.refresh()
    assert alive() is None
    assert (policy.settles, policy.refreshes) == (1, 1)
    assert gc.get_freeze_count() > 0  # what survived is frozen again


def test_objects_made_after_a_settle_are_still_collected() -> None:
    policy = HeapPolicy()
    policy.settle()
    node = Node()
    later = weakref.ref(node)
    del node
    gc.collect()
    assert later() is None


def test_the_longest_collection_is_kept() -> None:
    policy = HeapPolicy()
    first = policy.settle()
    second = policy.refresh()
    assert policy.longest_ms == max(first, second) > 0


def test_settle_without_collecting_freezes_garbage_until_refresh() -> None:
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    policy = HeapPolicy()
    policy.settle(collect=False)  # other events are live: freeze only
    gc.collect()
    assert gone() is not None
    policy.refresh()
    assert gone() is None
