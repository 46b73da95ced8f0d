"""After the event: the as-run report (ledger vs plan), attendance, Q&A, polls and recording chapters.

Floor 3. Imports `common/`, `show/`, `zoom/` and `sandbox/`. One direction of imports: see README, "Layout" (checked
by tests/test_floors.py).
"""
