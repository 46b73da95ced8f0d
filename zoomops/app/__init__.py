"""Floor 5: the one configuration object (`settings`) and the one place that assembles the app (`context`).

Imports any lower floor (common, show, schedule, zoom, sandbox, provision, runner, briefings, board); only
`cli/` imports it.
"""
