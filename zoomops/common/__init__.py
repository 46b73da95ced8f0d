"""Small primitives shared by every domain: the clock, diagnostics, the state directory, owner-only files and
Zoom's plan limits as data.

Floor 0. Imports nothing from zoomops. One direction of imports: see README, "Layout" (checked by
tests/test_floors.py).
"""
