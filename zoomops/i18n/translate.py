"""The language messages are written in, and the gettext functions code marks its messages with.

The process-wide language is set once (`set_language`, from the configuration's `language`); `use_language`
overrides it for a block of code (one person's briefing, one board view). Messages are str.format templates
with named fields: `_("items fill {filled} of {span} minutes").format(filled=25, span=30)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from zoomops.i18n.catalog import SOURCE_LANGUAGE, normalise_language, translator
from zoomops.show.text import N_, Text

__all__ = ["N_", "Text", "_", "current_language", "localise", "ngettext", "set_language", "use_language"]

_process_language = SOURCE_LANGUAGE
_pinned = False  # chosen on the command line: configuration does not override it
_scoped: ContextVar[str | None] = ContextVar("zoomops_language", default=None)


def set_language(lang: str, *, pin: bool = False) -> str:
    """Make `lang` the process's language; returns its code. Raises UnknownLanguage.

    `pin` (a command line's `--lang`) keeps it over the configuration's choice (`prefer_language`).
    """
    global _process_language, _pinned
    _process_language, _pinned = normalise_language(lang), pin
    return _process_language


def prefer_language(lang: str) -> str:
    """The configuration's language (`ZOOMOPS_LANG`): used unless a language was pinned."""
    return _process_language if _pinned else set_language(lang)


def current_language() -> str:
    return _scoped.get() or _process_language


@contextmanager
def use_language(lang: str) -> Iterator[str]:
    """Within the block, messages are in `lang`."""
    token = _scoped.set(normalise_language(lang))
    try:
        yield current_language()
    finally:
        _scoped.reset(token)


def _(message: str) -> str:
    """`message` in the current language."""
    return str(translator(current_language()).gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language (Korean has one form)."""
    return str(translator(current_language()).ngettext(singular, plural, n))


def localise(message: str, lang: str | None = None) -> str:
    """A message in `lang` (default: the current language): a `Text` is translated from its template and
    fields (nested Texts too); any other string is returned as it is."""
    if not isinstance(message, Text):
        return message
    lang = lang or current_language()
    fields = {k: localise(v, lang) if isinstance(v, Text) else v for k, v in message.fields.items()}
    template = str(translator(lang).gettext(message.template))
    return template.format(**fields) if fields else template
