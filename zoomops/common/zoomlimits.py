"""Zoom's published per-plan limits, as data: the one table the client (to pace) and the sandbox (to enforce) read.

Sources: zoom-api.md §6 (Zoom "Rate limits" docs) for the per-second and per-minute budgets, which are
account-wide and shared by every app; Zoom support article 115005657826 for panelists per webinar.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """Zoom's rate-limit labels (the `X-RateLimit-Category` values)."""

    LIGHT = "Light"
    MEDIUM = "Medium"
    HEAVY = "Heavy"
    RESOURCE_INTENSIVE = "Resource-intensive"


# plan -> category -> (requests, per seconds)
PLAN_LIMITS: dict[str, dict[Category, tuple[int, float]]] = {
    "free": {Category.LIGHT: (4, 1.0), Category.MEDIUM: (2, 1.0), Category.HEAVY: (1, 1.0),
             Category.RESOURCE_INTENSIVE: (10, 60.0)},
    "pro": {Category.LIGHT: (30, 1.0), Category.MEDIUM: (20, 1.0), Category.HEAVY: (10, 1.0),
            Category.RESOURCE_INTENSIVE: (10, 60.0)},
    "business": {Category.LIGHT: (80, 1.0), Category.MEDIUM: (60, 1.0), Category.HEAVY: (40, 1.0),
                 Category.RESOURCE_INTENSIVE: (20, 60.0)},
}

# Panelists per webinar.
PLAN_PANELIST_CAP: dict[str, int] = {"free": 100, "pro": 100, "business": 300}

# Webinar create + update requests per host user per UTC day (every plan).
DAILY_CREATE_UPDATE_LIMIT = 100
