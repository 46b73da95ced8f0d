"""Reading files: schedules and rosters with positions, rules with positions, config defaults, agenda import.

Floor 2. Imports `common/`, `show/`, and `i18n/` and `zoom/` (its models, lazily) beside it. One direction of
imports: see README, "Layout" (checked by tests/test_floors.py).
"""
