"""An embedded, stateful Zoom API sandbox: in-process (requests adapter) or over real HTTP.

Floor 2. Imports `common/` only: not the client in `zoom/` (the plan limits both use are in `common/`). One
direction of imports: see README, "Layout" (checked by tests/test_floors.py).
"""
