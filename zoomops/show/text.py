"""Messages that people read, written in English but translatable later: a `Text` is the English string
(it *is* a str, so everything that prints, compares or stores messages keeps working) that also remembers
its template and fields, so a reader in another language can have it in theirs (`zoomops.i18n.localise`).

`N_("Now: {label}", label=...)` marks the template for extraction by Babel (`pybabel extract`).
"""

from __future__ import annotations

from typing import Any


class Text(str):
    """An English message that remembers its `template` and `fields`."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, fields: dict[str, Any] | None = None) -> Text:
        fields = dict(fields or {})
        obj = super().__new__(cls, template.format(**fields) if fields else template)
        obj.template, obj.fields = template, fields
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.template, self.fields))

    def to_dict(self) -> dict[str, Any]:
        """The template and fields as JSON (nested Texts as dicts too)."""
        fields = {k: v.to_dict() if isinstance(v, Text) else v for k, v in self.fields.items()}
        return {"template": self.template, "fields": fields}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Text:
        fields = {
            k: cls.from_dict(v) if isinstance(v, dict) and "template" in v else v for k, v in data["fields"].items()
        }
        return cls(data["template"], fields)


def N_(template: str, /, **fields: Any) -> Text:
    """Mark `template` as a message to translate and fill its `{fields}`; the result reads as English."""
    return Text(template, fields)
