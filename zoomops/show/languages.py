"""Languages Zoom offers for spoken interpretation and the country IDs its API expects."""

from __future__ import annotations

# Zoom's system-supported interpretation languages (official spec, user settings enum) and the
# country IDs the webinar `languages` field takes ("US,CN" = English-Chinese). KR for Korean is
# inferred from Zoom's "country ID" rule; see README "Limits".
ZOOM_LANGUAGE_CODES: dict[str, str] = {
    "English": "US",
    "Chinese": "CN",
    "Japanese": "JP",
    "German": "DE",
    "French": "FR",
    "Russian": "RU",
    "Portuguese": "PT",
    "Spanish": "ES",
    "Korean": "KR",
}


def canonical_language(name: str) -> str | None:
    """Return Zoom's spelling of a language name (case-insensitive), or None if Zoom lacks it."""
    wanted = name.strip().casefold()
    for known in ZOOM_LANGUAGE_CODES:
        if known.casefold() == wanted:
            return known
    return None


def zoom_languages_value(pair: tuple[str, str]) -> str:
    """The `languages` string for a pair, e.g. ("English", "Korean") -> "US,KR"."""
    return ",".join(ZOOM_LANGUAGE_CODES[lang] for lang in pair)
