"""The garbage collector's policy in a process that fires cues: keep full collections from pausing a cue.

CPython's full (generation 2) collection walks every tracked object. A runner holds thousands of long-lived
ones (the schedule, compiled cues, effective instants, the board's state), and a service holds them for every
event: measured on the 500 x 40 bench rundown, a full collection paused all threads for 41-65 ms, which is the
whole of the cue-lateness maximum there; in a service with 40 events a day compressed 1000x, full collections
took 3.2 s in all, the longest 560 ms. `settle()` is called once such long-lived state is built (a runner has
started, a service pass has started runners): it collects what is garbage now and freezes the survivors
(`gc.freeze()`), so later full collections walk only what was allocated since, a small fraction.

Frozen objects are never collected, so garbage cycles among them would stay until `refresh()`, which unfreezes,
collects everything and freezes again: the service calls it when no runner is live (nothing to pause).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class HeapPolicy:
    """Settle and refresh the frozen heap; counts what it did, for metrics and benches."""

    settles: int = 0
    refreshes: int = 0
    longest_ms: float = 0.0  # the longest collection this policy ran itself
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def settle(self, *, collect: bool = True) -> float:
        """Collect the garbage among objects not yet frozen, then freeze what is left; returns the ms it took.

        Without `collect` it only freezes, which takes no time at all (the collector's lists are moved whole):
        for when other events are live and must not wait; the garbage cycles frozen with it wait for `refresh`.
        """
        with self._lock:
            return self._timed(self._settle if collect else self._freeze)

    def refresh(self) -> float:
        """Unfreeze everything, collect all garbage (frozen cycles included), freeze again; returns ms. Call it
        only when nothing is due (it walks the whole heap)."""
        with self._lock:
            return self._timed(self._refresh)

    def _settle(self) -> None:
        gc.collect()
        self._freeze()

    def _freeze(self) -> None:
        gc.freeze()
        self.settles += 1

    def _refresh(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.refreshes += 1

    def _timed(self, step: Callable[[], None]) -> float:
        began = time.perf_counter()
        step()
        took = (time.perf_counter() - began) * 1000
        self.longest_ms = max(self.longest_ms, took)
        return took

    @staticmethod
    def frozen() -> int:
        """How many objects are frozen now."""
        return gc.get_freeze_count()
