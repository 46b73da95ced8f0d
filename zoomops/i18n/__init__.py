"""Localisation: gettext catalogs (managed with Babel) per language, the active language, dates per locale,
and a Jinja2 environment with the i18n extension for everything people read.

`from zoomops.i18n.translate import _` marks and translates a message; `zoomops.i18n.catalog` loads the
catalogs in `locale/`; `zoomops.i18n.dates` formats instants; `zoomops.i18n.templates` renders templates.

Floor 2. Imports `show/` (languages). One direction of imports: see README, "Layout" (checked by
tests/test_floors.py).
"""
