"""What people receive before the event: panelist and interpreter briefings (Markdown) and calendar files.

Floor 3. Imports `common/` and `show/`. One direction of imports: see README, "Layout" (checked by
tests/test_floors.py).
"""
