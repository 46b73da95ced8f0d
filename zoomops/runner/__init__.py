"""The live runner: cues compiled from the schedule, fired once, on time, from durable state.

Floor 3. Imports `common/`, `show/`, `i18n/` and `zoom/`. One direction of imports: see README, "Layout" (checked by
tests/test_floors.py).
"""
