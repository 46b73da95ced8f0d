"""The event as data and pure rules: schedule model, run of show, language pairs and rota, cues, delays.

The ground floor: imports nothing from zoomops but `common/`, does no I/O. Everything else builds on it.
"""
