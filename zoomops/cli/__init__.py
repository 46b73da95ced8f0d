"""The `zoomops` command line: one module per group of commands, loaded lazily.

Floor 6, the top: parses options, calls `zoomops.app`, prints; assembles nothing itself. One direction of imports:
see README, "Layout" (checked by tests/test_floors.py).
"""
