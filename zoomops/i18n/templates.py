"""A Jinja2 environment per language with the i18n extension and Babel's date filters.

Templates mark text with `{% trans %}…{% endtrans %}` or `{{ _("…") }}` (new-style gettext: named
`%(field)s` placeholders, auto-escaped in HTML); `pybabel extract` collects them with the python messages.
"""

from __future__ import annotations

from jinja2 import BaseLoader, Environment, StrictUndefined, select_autoescape

from zoomops.i18n.catalog import normalise_language, translator
from zoomops.i18n.dates import (
    format_clock,
    format_day,
    format_hm,
    format_instant,
    format_long_day,
    format_span,
    language_name,
)


def environment(loader: BaseLoader, lang: str) -> Environment:
    """An environment whose templates render in `lang` (HTML templates are auto-escaped)."""
    lang = normalise_language(lang)
    env = Environment(
        loader=loader,
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(("html", "html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translator(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        day=lambda d: format_day(d, lang),
        clock=lambda t: format_clock(t, lang),
        instant=lambda t: format_instant(t, lang),
        span=lambda t: format_span(t[0], t[1], lang),
        longday=lambda d: format_long_day(d, lang),
        hm=lambda t: format_hm(t, lang),
        language=lambda code: language_name(code, lang),
    )
    env.globals["lang"] = lang
    return env
