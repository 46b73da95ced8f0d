"""The live run-of-show board: a page and a Server-Sent Events stream on the runner's control server.

Floor 4. Imports `common/`, `show/` and `runner/` (the engine and its control server). One direction of imports: see
README, "Layout" (checked by tests/test_floors.py).
"""
