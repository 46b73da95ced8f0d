"""The Zoom REST API client: config, auth, transport with retries and pacing, typed models, webhooks.

Floor 2. Imports `common/` only. One direction of imports: see README, "Layout" (checked by tests/test_floors.py).
"""
