"""A small validator for the subset of JSON Schema that Zoom's spec uses, plus Zoom's prose rules.

Keywords: type, enum, format (email, date-time, uri), minimum/maximum, minLength/maxLength,
required, properties, items, minItems/maxItems. Unknown properties are ignored, as Zoom does.
The spec writes `maximum` on arrays where it means `maxItems` (panelists: 30 per request), so
`maximum` on an array is treated as a maximum item count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

INVALID = "Invalid field."
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
PASSWORD_RE = re.compile(r"^[A-Za-z0-9@\-_*!]*$")
# Zoom's interpretation languages (English, Chinese, Japanese, German, French, Russian, Portuguese,
# Spanish, Korean) written as the country IDs the `languages` field requires.
INTERPRETATION_COUNTRY_IDS = frozenset({"US", "CN", "JP", "DE", "FR", "RU", "PT", "ES", "KR"})
# `settings.email_language` lists its values in prose only; PATCH lists fewer than create.
EMAIL_LANGUAGES_CREATE = frozenset({"en-US", "de-DE", "es-ES", "fr-FR", "id-ID", "jp-JP", "nl-NL", "pl-PL", "pt-PT",
                                    "ru-RU", "tr-TR", "zh-CN", "zh-TW", "ko-KO", "it-IT", "vi-VN"})
EMAIL_LANGUAGES_UPDATE = EMAIL_LANGUAGES_CREATE - {"id-ID", "nl-NL", "pl-PL", "tr-TR"}
TOPIC_MAX = 200  # response schema: "maxLength": 200
PASSWORD_MAX = 10  # description: "A maximum of 10 characters"


@dataclass(frozen=True)
class FieldError:
    """One rejected field, as Zoom reports it in `errors[]`."""

    field: str
    message: str = INVALID

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def _join(base: str, name: str) -> str:
    return f"{base}.{name}" if base else name


def _type_ok(expected: str, value: Any) -> bool:
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    kinds = {"string": str, "boolean": bool, "object": dict, "array": list}
    return isinstance(value, kinds.get(expected, object))


def _format_ok(fmt: str, value: str) -> bool:
    if fmt == "email":
        return bool(EMAIL_RE.match(value))
    if fmt == "uri":
        return bool(URI_RE.match(value))
    if fmt == "date-time":
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return False
        return "T" in value
    return True


def _scalar_errors(schema: dict[str, Any], value: Any) -> bool:
    """True when a non-container value breaks enum, bounds, length or format."""
    if "enum" in schema and value not in schema["enum"]:
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            return True
        if "maximum" in schema and value > schema["maximum"]:
            return True
    if isinstance(value, str):
        if len(value) > schema.get("maxLength", len(value)) or len(value) < schema.get("minLength", 0):
            return True
        if "format" in schema and not _format_ok(schema["format"], value):
            return True
    return False


def validate(schema: dict[str, Any], value: Any, field: str = "") -> list[FieldError]:
    """Every error in `value` against `schema`, depth first, in property order."""
    expected = schema.get("type")
    if expected and not _type_ok(expected, value):
        return [FieldError(field)]
    if _scalar_errors(schema, value):
        return [FieldError(field)]
    if isinstance(value, dict):
        return _object_errors(schema, value, field)
    if isinstance(value, list):
        return _array_errors(schema, value, field)
    return []


def _object_errors(schema: dict[str, Any], value: dict[str, Any], field: str) -> list[FieldError]:
    errors = [FieldError(_join(field, name)) for name in schema.get("required", []) if name not in value]
    for name, sub in schema.get("properties", {}).items():
        if name in value and value[name] is not None:
            errors.extend(validate(sub, value[name], _join(field, name)))
    return errors


def _array_errors(schema: dict[str, Any], value: list[Any], field: str) -> list[FieldError]:
    most = schema.get("maxItems", schema.get("maximum"))
    if (most is not None and len(value) > most) or len(value) < schema.get("minItems", 0):
        return [FieldError(field)]
    item_schema = schema.get("items", {})
    errors: list[FieldError] = []
    for index, item in enumerate(value):
        errors.extend(validate(item_schema, item, f"{field}[{index}]"))
    return errors


def interpreter_errors(settings: dict[str, Any]) -> list[FieldError]:
    """`languages` must be exactly two distinct country IDs Zoom supports for interpretation."""
    block = settings.get("language_interpretation") or {}
    interpreters = block.get("interpreters") or []
    errors: list[FieldError] = []
    for index, item in enumerate(interpreters if isinstance(interpreters, list) else []):
        codes = str(item.get("languages", "")).split(",") if isinstance(item, dict) else []
        if len(codes) != 2 or codes[0] == codes[1] or not set(codes) <= INTERPRETATION_COUNTRY_IDS:
            errors.append(FieldError(f"settings.language_interpretation.interpreters[{index}].languages"))
    return errors


def webinar_rule_errors(body: dict[str, Any], *, update: bool = False) -> list[FieldError]:
    """Rules stated only in the spec's prose: topic and password length, password characters, email language."""
    errors: list[FieldError] = []
    topic = body.get("topic")
    if isinstance(topic, str) and len(topic) > TOPIC_MAX:
        errors.append(FieldError("topic"))
    password = body.get("password")
    if isinstance(password, str) and (len(password) > PASSWORD_MAX or not PASSWORD_RE.match(password)):
        errors.append(FieldError("password"))
    settings = body.get("settings")
    if isinstance(settings, dict):
        languages = EMAIL_LANGUAGES_UPDATE if update else EMAIL_LANGUAGES_CREATE
        if "email_language" in settings and settings["email_language"] not in languages:
            errors.append(FieldError("settings.email_language"))
        errors.extend(interpreter_errors(settings))
    return errors
