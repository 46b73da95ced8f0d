"""The gettext catalogs: extraction is up to date, Korean covers every message, every message renders in both."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from zoomops.i18n.catalog import available_languages, po_file, translator

POT = ROOT / "zoomops" / "i18n" / "locale" / "zoomops.pot"
LANGUAGES = ("en", "ko")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def _fields(text: str) -> set[str]:
    """The named fields a message fills: `{name}` (str.format) and `%(name)s` (Jinja2 new-style gettext)."""
    brace = {f for _, f, _, _ in string.Formatter().parse(text) if f}
    return brace | set(re.findall(r"%\((\w+)\)s", text))


def test_extraction_is_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-extract with babel.cfg (what `pybabel extract` does) and compare with the committed template."""
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "--no-location", "-o", str(fresh), "."])
    assert len(_ids(_read(fresh))) >= 20
    missing = _ids(_read(fresh)) - _ids(_read(POT))
    stale = _ids(_read(POT)) - _ids(_read(fresh))
    assert (missing, stale) == (set(), set()), "run the pybabel extract/update commands in README 'Languages'"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalog_has_exactly_the_extracted_messages(lang: str) -> None:
    assert _ids(_read(Path(str(po_file(lang))), lang)) == _ids(_read(POT))


def test_korean_translates_every_message() -> None:
    ko = _read(Path(str(po_file("ko"))), "ko")
    untranslated = [
        m.id for m in ko if m.id and not all(m.string if isinstance(m.string, tuple | list) else [m.string])
    ]
    fuzzy = [m.id for m in ko if m.id and m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


def test_english_is_its_msgids_so_it_needs_no_babel() -> None:
    """translator("en") skips Babel (start-up speed): that is only right while en.po translates nothing."""
    english = _read(Path(str(po_file("en"))), "en")
    assert [m.id for m in english if m.id and any(m.string if isinstance(m.string, tuple | list) else [m.string])] == []
    assert translator("en").gettext("nobody") == "nobody"
    assert translator("en").ngettext("needs at least {n} entry, found {found}",
                                     "needs at least {n} entries, found {found}", 2).endswith("entries, found {found}")


def test_catalogs_are_the_two_languages() -> None:
    assert available_languages() == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders(lang: str) -> None:
    """Each message, looked up through the compiled catalog and filled in, fills the same fields as the English
    one; in Korean it is really translated (never the English text)."""
    translations = translator(lang)
    assert len(list(_read(POT))) >= 20
    for message in _read(POT):
        if not message.id:
            continue
        if isinstance(message.id, str):
            shown, sources = [translations.gettext(message.id)], [message.id]
        else:
            singular, plural = message.id[0], message.id[1]
            shown = [translations.ngettext(singular, plural, n) for n in (1, 2)]
            sources = [singular, plural]
        for text, source in zip(shown, sources, strict=True):
            assert _fields(text) == _fields(source), (lang, source, text)
            values = {f: f"<{f}>" for f in _fields(source)}
            rendered = text.format(**values) if "{" in source else text % values if "%(" in source else text
            assert all(v in rendered for v in values.values()), (lang, source, rendered)
            if lang == "ko" and re.search(r"[A-Za-z]{3}", re.sub(r"\{\w+\}|%\(\w+\)s|`[^`]*`|UTC|Zoom", "", source)):
                assert re.search(r"[\uac00-\ud7a3]", rendered), f"not translated to Korean: {source!r}"
