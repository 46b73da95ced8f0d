"""How often the interpreter passes its lock between threads, in a process whose threads fire cues.

CPython lets a waiting thread take the interpreter lock from a computing one only every `sys.getswitchinterval()`
(5 ms by default). A cue's thread gives the lock up at every blocking call (a ledger write, a socket send) and
must then wait for it behind whatever thread is computing (a service pass planning an event, a board being
recomputed), once per call. Measured here with one busy thread beside eight SQLite writes (synchronous off, 200
rounds): p99 of the writes 198-211 ms at 5 ms, 43-44 ms at 1 ms, 25 ms at 0.5 ms; p50 0.6-0.8 ms either way;
without the busy thread p99 1.7 ms. `zoomops run`, `rehearse` and `serve` switch every 0.5 ms; a computing
thread pays a few microseconds per switch.
"""

from __future__ import annotations

import sys

LIVE_SWITCH_SECONDS = 0.0005


def prefer_short_switches(seconds: float = LIVE_SWITCH_SECONDS) -> float:
    """Switch threads every `seconds`; returns the interval it replaces."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(seconds)
    return previous
