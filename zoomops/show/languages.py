"""Languages Zoom offers for spoken interpretation and the country IDs its API expects."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator

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


# ISO 639-1 codes of the same languages: what people speak and read ("ko"), ids and file names ("en-ko").
ISO_639_1: dict[str, str] = {
    "English": "en",
    "Chinese": "zh",
    "Japanese": "ja",
    "German": "de",
    "French": "fr",
    "Russian": "ru",
    "Portuguese": "pt",
    "Spanish": "es",
    "Korean": "ko",
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


# ---- what people speak on stage and read: ISO 639-1 codes ("ko", "en") ----

_CODE = re.compile(r"^[a-z]{2,3}$")


def language_code(value: object) -> str:
    """A language as a lower-case ISO 639 code: "ko", "KO", "ko-KR", "ko_KR" and "Korean" all give "ko".

    Raises ValueError (a pydantic field error) for anything else.
    """
    text = str(value).strip()
    known = canonical_language(text)
    if known is not None:
        return ISO_639_1[known]
    code = re.split(r"[-_]", text, maxsplit=1)[0].casefold()
    if not _CODE.match(code):
        raise ValueError(f"not a language code: {text!r} (use ISO 639-1, e.g. en or ko)")
    return code


def language_codes(value: object) -> object:
    """A list of languages written as a list or as one string (`ko`, `ko;en`, `ko en`: a CSV cell)."""
    if isinstance(value, str):
        return [part for part in re.split(r"[\s,;/]+", value) if part]
    return value


LanguageCode = Annotated[str, BeforeValidator(language_code)]
LanguageCodes = Annotated[list[LanguageCode], BeforeValidator(language_codes)]


def iso_code(language: str) -> str | None:
    """The ISO 639-1 code of a language Zoom offers ("Korean" -> "ko"), or None."""
    known = canonical_language(language)
    return ISO_639_1[known] if known else None
