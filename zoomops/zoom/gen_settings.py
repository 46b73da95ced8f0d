"""Generate `zoomops/zoom/settings_models.py` (webinar create and update settings) from the vendored spec.

Run by a developer after `trim_spec.py` refreshed the vendored subset; `tests/zoom/test_settings_models.py`
regenerates the module in memory and fails if the committed file differs:

    .venv/bin/python -m zoomops.zoom.gen_settings

Every property of `settings` in `POST /users/{userId}/webinars` and `PATCH /webinars/{webinarId}` becomes an
optional field with the spec's type, enum (or the enum the spec states only in prose, kept by the trimmer as
`x-enum-from-description`), bounds and lengths; anything else is refused (`extra="forbid"`). Objects that are
identical in both schemas share one class. `EXTENSIONS` adds the few fields Zoom documents only in its
changelog; `BASES` gives a class hand-written rules (in `settings_base.py`) without editing generated code.
"""

from __future__ import annotations

import argparse
import json
import keyword
from pathlib import Path
from typing import Any

SPEC = Path(__file__).resolve().parents[1] / "sandbox" / "spec" / "zoom_webinar_subset.json"
OUT = Path(__file__).with_name("settings_models.py")
ROOTS = (("WebinarSettings", "POST /users/{userId}/webinars"), ("WebinarUpdateSettings", "PATCH /webinars/{webinarId}"))
# Zoom changelog 2025-03-17: `interpreter_languages` on webinar interpreters (opt-in: interpretation.zoom_field).
EXTENSIONS: dict[str, dict[str, dict[str, Any]]] = {
    "LanguageInterpretationInterpreter": {"interpreter_languages": {"type": "string"}},
}
BASES = {
    "WebinarSettings": "SettingsRules",
    "WebinarUpdateSettings": "SettingsRules",
    "LanguageInterpretationInterpreter": "InterpreterForms",
}
HEADER = '''"""Zoom's webinar settings (create and update), GENERATED from the vendored spec — do not edit.

Source: zoomops/sandbox/spec/zoom_webinar_subset.json; generator: zoomops/zoom/gen_settings.py.
"""

# ruff: noqa: E501

from __future__ import annotations

from typing import Literal

from pydantic import Field

from zoomops.zoom.settings_base import InterpreterForms, RequestModel, SettingsRules
'''


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_") if part)


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


class Generator:
    """Collects classes depth first (nested ones before their users), sharing identical schemas."""

    def __init__(self) -> None:
        self.classes: dict[str, str] = {}
        self.by_schema: dict[str, str] = {}

    def object_class(self, name: str, schema: dict[str, Any], prefix: str = "") -> str:
        extended = {**schema, "properties": {**schema.get("properties", {}), **EXTENSIONS.get(name, {})}}
        key = json.dumps(extended, sort_keys=True)
        if key in self.by_schema:
            return self.by_schema[key]
        class_name = name if name not in self.classes else prefix + name
        required = set(schema.get("required", []))
        lines = [f"class {class_name}({BASES.get(class_name, 'RequestModel')}):"]
        fields = extended["properties"]
        if not fields:
            lines.append("    pass")
        for field_name, sub in fields.items():
            lines.append(self._field(class_name, field_name, sub, field_name in required, prefix))
        self.classes[class_name] = "\n".join(lines)
        self.by_schema[key] = class_name
        return class_name

    def _field(self, owner: str, name: str, schema: dict[str, Any], required: bool, prefix: str) -> str:
        annotation = self._type(owner, name, schema, prefix)
        constraints = _constraints(schema)
        default = "..." if required else "None"
        attr = f"{name}_" if keyword.iskeyword(name) else name
        alias = f", alias={name!r}" if attr != name else ""
        suffix = "" if required else " | None"
        if constraints or alias:
            value = f"Field(default={default}{alias}{constraints})"
        else:
            value = default if not required else "Field(...)"
        note = "  # deprecated in Zoom's spec" if schema.get("deprecated") else ""
        return f"    {attr}: {annotation}{suffix} = {value}{note}"

    def _type(self, owner: str, name: str, schema: dict[str, Any], prefix: str) -> str:
        enum = schema.get("enum") or schema.get("x-enum-from-description")
        if enum:
            return f"Literal[{', '.join(repr(v) for v in enum)}]"
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            base = owner.removeprefix("Webinar").removeprefix("UpdateSettings").removeprefix("Settings")
            return self.object_class(base + _camel(name) if base else _camel(name), schema, prefix)
        if kind == "array":
            items = schema.get("items", {})
            if items.get("type") == "object" or "properties" in items:
                base = owner.removeprefix("Webinar").removeprefix("UpdateSettings").removeprefix("Settings")
                inner = self.object_class(base + _camel(_singular(name)), items, prefix)
            else:
                inner = self._type(owner, name, items, prefix)
            return f"list[{inner}]"
        return {"boolean": "bool", "integer": "int", "number": "float", "string": "str"}.get(str(kind), "object")


def _constraints(schema: dict[str, Any]) -> str:
    out = []
    if schema.get("type") == "array":
        most = schema.get("maxItems", schema.get("maximum"))  # the spec writes `maximum` for arrays
        if most is not None:
            out.append(f"max_length={most}")
        if "minItems" in schema:
            out.append(f"min_length={schema['minItems']}")
    elif not (schema.get("enum") or schema.get("x-enum-from-description")):
        bounds = (("minimum", "ge"), ("maximum", "le"), ("minLength", "min_length"), ("maxLength", "max_length"))
        for key, arg in bounds:
            if key in schema:
                out.append(f"{arg}={schema[key]}")
        if "pattern" in schema:
            out.append(f"pattern={schema['pattern']!r}")
    return "".join(f", {c}" for c in out)


def generate(spec_path: Path = SPEC) -> str:
    """The module text for the spec at `spec_path`."""
    document = json.loads(spec_path.read_text("utf-8"))
    gen = Generator()
    for class_name, operation in ROOTS:
        settings = document["operations"][operation]["requestBody"]["properties"]["settings"]
        gen.object_class(class_name, settings, prefix="Update" if "Update" in class_name else "")
    body = "\n\n\n".join(gen.classes.values())
    return f"{HEADER}\n\n{body}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.write_text(generate(args.spec), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
