"""Import the agenda of an organizer's concept note (Markdown, Word, HTML or text) as a draft schedule.

A pipeline of small steps: read the document into one intermediate form (`document`), find the agenda and
split it into days (`agenda`), read each row into a block (`rows`, `times`, `dates`), read speakers
(`speakers`), resolve people (`people`), decide the time zone (`zones`), build the typed schedule
(`build`), write YAML (`yamlout`) and explain how every row was read (`explain`). `pipeline` runs them.

Floor 2. Imports `common/`, `show/` and `schedule/` beside it. One direction of imports: see README, "Layout"
(checked by tests/test_floors.py).
"""

from zoomops.importer.pipeline import ImportResult, import_document

__all__ = ["ImportResult", "import_document"]
