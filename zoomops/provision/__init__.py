"""Provisioning: schedule -> desired Zoom state -> plan (diff against Zoom) -> apply -> verify."""
