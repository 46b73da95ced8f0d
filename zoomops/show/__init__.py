"""The event as data and pure rules: schedule model, run of show, language pairs and rota, cues, delays.

Floor 1 of the layout (README, "Layout"; tests/test_floors.py), the ground floor of the domain: imports
nothing from zoomops but `common/`, does no I/O. Everything else builds on it.
"""
