"""The app, assembled once per command: the one configuration object (`settings`: environment, `.env`,
`config/zoomops.yaml`) and the one place that builds from it the Zoom client or sandbox, the provisioning store,
the runner's executor and notifiers (`context`, `connect`, `live`).

Floor 5. Imports any floor below (common, show, schedule, i18n, zoom, sandbox, provision, runner, board); only
`cli/` imports it. One direction of imports: see README, "Layout" (checked by tests/test_floors.py).
"""
