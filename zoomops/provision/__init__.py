"""Provisioning: schedule -> desired Zoom state -> plan (diff against Zoom) -> apply -> verify.

Floor 3. Imports `common/`, `show/`, `schedule/`, `i18n/`, `zoom/`, and `runner/` beside it (the live position). One
direction of imports: see README, "Layout" (checked by tests/test_floors.py).
"""
