"""A live process switches threads every 0.5 ms."""

from __future__ import annotations

import sys

from zoomops.common.switching import LIVE_SWITCH_SECONDS, prefer_short_switches


def test_the_switch_interval_is_set_and_the_old_one_returned() -> None:
    before = sys.getswitchinterval()
    assert prefer_short_switches() == before
    assert sys.getswitchinterval() == LIVE_SWITCH_SECONDS == 0.0005
    assert prefer_short_switches(before) == LIVE_SWITCH_SECONDS
    assert sys.getswitchinterval() == before
