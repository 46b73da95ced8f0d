"""The gettext catalogs in `locale/<lang>/LC_MESSAGES/zoomops.po`: which exist, and one translator per language.

Catalogs are compiled from their `.po` file with Babel when first used and cached for the process; there
is no compiled `.mo` file to go stale. `en` is the source language (its msgstrs are empty: msgid is the text).
"""

from __future__ import annotations

import functools
import io
from gettext import GNUTranslations, NullTranslations
from importlib import resources
from importlib.abc import Traversable
from typing import TYPE_CHECKING

from zoomops.show.languages import language_code

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "zoomops"
SOURCE_LANGUAGE = "en"


class UnknownLanguage(ValueError):
    """A language zoomops has no catalog for."""


def locale_dir() -> Traversable:
    return resources.files("zoomops.i18n") / "locale"


def po_file(lang: str) -> Traversable:
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def available_languages() -> tuple[str, ...]:
    """Languages with a catalog, sorted: ("en", "ko")."""
    return tuple(sorted(d.name for d in locale_dir().iterdir() if d.is_dir() and po_file(d.name).is_file()))


def normalise_language(value: str) -> str:
    """ "ko", "ko-KR", "ko_KR", "Korean" -> "ko"; a language without a catalog is an UnknownLanguage."""
    try:
        code = language_code(value)
    except ValueError as exc:
        raise UnknownLanguage(str(exc)) from None
    if code not in available_languages():
        raise UnknownLanguage(f"no catalog for {value!r}; zoomops speaks {', '.join(available_languages())}")
    return code


@functools.cache
def translator(lang: str) -> NullTranslations:
    """The compiled catalog of `lang` (cached); untranslated messages fall back to their English msgid.

    English is the source language: its messages are their msgids (its `.po` has no msgstr, which
    tests/i18n check), so it needs no catalog and no Babel. For another language Babel reads the `.po`
    (its plural rule from the header, no CLDR lookup) and compiles it in memory; gettext reads the result.
    """
    lang = normalise_language(lang)
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    # Lazy: Babel costs ~60 ms at start-up and only a non-English catalog needs it
    from babel.messages.mofile import write_mo

    catalog = _read_catalog(lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return GNUTranslations(compiled)


@functools.cache
def messages(lang: str) -> dict[str, str]:
    """Every translated singular message of `lang`'s catalog, msgid -> text (empty for the source language):
    what a web page needs to localise the cue messages it receives (see `zoomops.show.text.Text.to_dict`)."""
    catalog = _read_catalog(normalise_language(lang))
    return {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def _read_catalog(lang: str) -> Catalog:
    """`lang`'s `.po`, read by Babel."""
    # Lazy: Babel costs ~60 ms at start-up and only a non-English catalog or the board's messages need it
    from babel.messages.pofile import read_po

    with po_file(lang).open("rb") as fh:
        return read_po(fh, domain=DOMAIN)
