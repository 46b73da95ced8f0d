"""Turn pydantic's validation errors into messages for organizers: what was read, what was expected, how to fix.

Misspelled keys and enum values get a "did you mean"; a value YAML read as something else (`no` as false,
2022 as a number) is explained with the quotes that fix it; an empty mapping names the fields it needs.
"""

from __future__ import annotations

import difflib
import re
import types
import unicodedata
from datetime import date, time
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from zoomops.common.diagnostics import Diagnostic
from zoomops.i18n.translate import _, localise, ngettext
from zoomops.schedule.yamlsource import SourceMap, field_name
from zoomops.show.text import N_, Text

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M], data: Any, smap: SourceMap, base: Path_ = ()
) -> tuple[M | None, list[Diagnostic]]:
    """Validate data against a model; every error as file:line:col: field: message."""
    diags = adopt_misspelled_keys(model, data, smap, base)
    try:
        return model.model_validate(data), diags
    except ValidationError as exc:
        seen: set[Path_] = set()
        for err in exc.errors():
            path = clean_loc(tuple(err["loc"]), data)
            if path not in seen:  # a union (`all` or a list) fails once per member: say it once
                seen.add(path)
                diags.append(_diagnostic(model, err, path, smap, base))
        return None, diags


# ---------------------------------------------------------------- the model's shape at a path


def _unwrap(ann: Any) -> Any:
    """Optional[X] / X | None -> X (the first non-None member of a union)."""
    if get_origin(ann) in (Union, types.UnionType):
        members = [a for a in get_args(ann) if a is not type(None)]
        return next((a for a in members if _is_model(a) or get_origin(a) in (list, dict)), members[0])
    return ann


def _is_model(ann: Any) -> bool:
    return isinstance(ann, type) and issubclass(ann, BaseModel)


def annotation_at(model: type[BaseModel], path: Path_) -> Any:
    """The type the model expects at `path` (None when the path leaves the model)."""
    ann: Any = model
    for part in path:
        ann = _unwrap(ann)
        if isinstance(part, int):
            args = get_args(ann)
            ann = args[0] if get_origin(ann) is list and args else None
        elif _is_model(ann):
            fld = ann.model_fields.get(part)
            ann = fld.annotation if fld is not None else None
        else:
            return None
    return _unwrap(ann)


def _fields(model: Any) -> list[str]:
    return list(model.model_fields) if _is_model(model) else []


def did_you_mean(word: str, choices: list[str]) -> str | None:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not found:
        found = [c for c in choices if c.casefold() == word.casefold()]
    return found[0] if found else None


def adopt_misspelled_keys(model: type[BaseModel], data: Any, smap: SourceMap, path: Path_ = ()) -> list[Diagnostic]:
    """A misspelled key (`evnt:`) is reported, then read as the key it resembles so errors inside it show too."""
    return list(_adopt(model, data, smap, path, ()))


def _adopt(ann: Any, data: Any, smap: SourceMap, base: Path_, rel: Path_) -> Any:
    ann = _unwrap(ann)
    if isinstance(data, list) and get_origin(ann) is list and get_args(ann):
        for i, item in enumerate(data):
            yield from _adopt(get_args(ann)[0], item, smap, base, (*rel, i))
        return
    if not (isinstance(data, dict) and _is_model(ann)):
        return
    fields = _fields(ann)
    for key in [k for k in data if k not in fields]:
        match = did_you_mean(key, [f for f in fields if f not in data])
        if match is None:
            continue
        data[match] = data.pop(key)
        smap.alias((*base, *rel, key), (*base, *rel, match))
        line, col = smap.locate((*base, *rel, key))
        msg = hidden_character(key) or _("unknown field; did you mean '{match}'?").format(match=match)
        yield Diagnostic(smap.file, line, col, field_name((*base, *rel, key)), msg)
    for key, value in data.items():
        if key in fields:
            yield from _adopt(ann.model_fields[key].annotation, value, smap, base, (*rel, key))


# ---------------------------------------------------------------- one error


def _diagnostic(model: type[BaseModel], err: Any, path: Path_, smap: SourceMap, base: Path_) -> Diagnostic:
    line, col = smap.locate((*base, *path))
    return Diagnostic(smap.file, line, col, field_name((*base, *path)), message(model, err, path, smap, base))


def clean_loc(loc: tuple[Any, ...], data: Any) -> Path_:
    """Drop pydantic's union/validator tags so the path is a real path into the document."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and "[" not in part and "-" not in part:
            out.append(part)  # a missing or unknown key
            node = None
    return tuple(out)


def message(model: type[BaseModel], err: Any, path: Path_, smap: SourceMap, base: Path_ = ()) -> str:
    """What was read, what was expected and how to fix it."""
    kind = str(err.get("type", ""))
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _("required field is missing")
    if kind == "extra_forbidden":
        return _unknown_field(model, path)
    if kind in ("enum", "literal_error") and "expected" in ctx:
        return _not_one_of(value, str(ctx["expected"]))
    raw = smap.raw.get((*base, *path))
    if (value is None and kind.endswith(("_type", "_parsing"))) or kind in ("model_type", "model_attributes_type"):
        return _wrong_shape(model, path, value)
    if kind == "string_type" and raw is not None:
        return _yaml_read_as(path, raw, value)
    if raw is not None and isinstance(value, bool):
        return _("YAML reads {raw} as {what}: expected {expected}").format(
            raw=raw, what=_what(value), expected=_expected_name(annotation_at(model, path)))
    if kind in _TYPES:
        return _expected_found(_expected_name(annotation_at(model, path)), value)
    return _plain(kind, err, ctx, value, path)


_TYPES = ("string_type", "list_type", "dict_type", "int_type", "bool_type", "date_type", "time_type", "float_type")


def hidden_character(key: str) -> str | None:
    """The message for a key that holds an invisible format character (a zero-width space pasted with it)."""
    hidden = next((ch for ch in key if unicodedata.category(ch) == "Cf"), None)
    if hidden is None:
        return None
    name = unicodedata.name(hidden, "format character").lower()
    return _("unknown field: the key holds an invisible character {code} ({name}); retype the key").format(
        code=f"U+{ord(hidden):04X}", name=name)


def _unknown_field(model: type[BaseModel], path: Path_) -> str:
    fields = _fields(annotation_at(model, path[:-1]))
    if not fields:
        return _("unknown field (check the spelling)")
    key = str(path[-1]) if path else ""
    hidden = hidden_character(key)
    if hidden is not None:
        return hidden
    match = did_you_mean(key, fields)
    if match is not None:
        return _("unknown field; did you mean '{match}'?").format(match=match)
    return _("unknown field; expected one of {fields}").format(fields=", ".join(fields))


def _not_one_of(value: Any, expected: str) -> str:
    choices = re.findall(r"'([^']*)'", expected)
    match = did_you_mean(str(value), choices) if isinstance(value, str) else None
    hint = _("; did you mean '{match}'?").format(match=match) if match else ""
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:60] + "…"
    listed = [f"'{c}'" for c in choices]
    if len(listed) > 1:  # pydantic's "'a', 'b' or 'c'", in the reader's language
        expected = _("{some} or {last}").format(some=", ".join(listed[:-1]), last=listed[-1])
    return _("{value} is not one of {expected}").format(value=shown, expected=expected) + hint


def _what(value: Any) -> str:
    """What YAML read, in words: "the number 2022", "a list"."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _("fields (key: value lines)")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, date):
        return _("the date {date}").format(date=value.isoformat())
    if isinstance(value, int | float):
        return _("the number {number}").format(number=value)
    text = str(value)
    return _("the text {text}").format(text=repr(text[:60]) + ("…" if len(text) > 60 else ""))


def _expected_found(expected: str, value: Any) -> str:
    return _("expected {expected}, found {what}").format(expected=expected, what=_what(value))


def _wrong_shape(model: type[BaseModel], path: Path_, value: Any) -> str:
    expected = annotation_at(model, path)
    key = str(path[-1]) if path and isinstance(path[-1], str) else "this entry"
    if _is_model(expected):
        required = [n for n, f in expected.model_fields.items() if f.is_required()]
        names = ", ".join(required or _fields(expected)[:4])
        if value is None:
            return _("nothing is written under {key}: its fields ({names}) go on the lines below it, indented by "
                     "two more spaces").format(key=key, names=names)
        return _("expected fields ({names}) as key: value lines, found {what}").format(names=names, what=_what(value))
    if value is None:
        return _("empty: write a value after '{key}:', or delete the line").format(key=key)
    return _expected_found(_expected_name(expected), value)


def _expected_name(ann: Any) -> str:
    origin = get_origin(ann)
    if origin is list:
        return _("a list ([a, b] or lines starting with '- ')")
    if origin is dict:
        return _("fields (key: value lines)")
    names = {str: _("text"), int: _("a whole number"), bool: _("true or false"), date: _("a date (YYYY-MM-DD)"),
             time: _("a time of day in quotes, e.g. '09:00'")}
    return names.get(_base_type(ann), _("a value"))


def _base_type(ann: Any) -> Any:
    """Annotated[date, ...] -> date."""
    while get_origin(ann) is Annotated:
        ann = get_args(ann)[0]
    return ann


def _yaml_read_as(path: Path_, raw: str, value: Any) -> str:
    key = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    example = f'{key}: "{raw}"' if key and not isinstance(path[-1], int) else f'"{raw}"'
    return _("YAML reads {raw} as {what}, not as text: put it in quotes: {example}").format(
        raw=raw, what=_what(value), example=example)


_BOUNDS = {"greater_than_equal": (N_("must be at least {limit}, found {value}{unit}"), "ge"),
           "less_than_equal": (N_("must be at most {limit}, found {value}{unit}"), "le"),
           "greater_than": (N_("must be more than {limit}, found {value}{unit}"), "gt"),
           "less_than": (N_("must be less than {limit}, found {value}{unit}"), "lt")}
_UNITS = {"block_warnings": N_(" (minutes before a block starts)"),
          "speaker_warnings": N_(" (minutes before a speaker's time is up)"), "misfire_grace_seconds": N_(" (seconds)")}


def _unit(path: Path_) -> str:
    name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    unit = _UNITS.get(name, N_(" (minutes)") if name.endswith("minutes") else None)
    return localise(unit) if unit is not None else ""


def _plain(kind: str, err: Any, ctx: dict[str, Any], value: Any, path: Path_ = ()) -> str:
    error = ctx.get("error")
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Text):
        return localise(error.args[0])  # a validator's own message, marked with N_
    msg = str(err.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if msg.startswith("value is not a valid email address: "):
        reason = msg.removeprefix("value is not a valid email address: ").rstrip(".")
        return _("not an email address: {value} ({reason})").format(
            value=repr(value), reason=reason[:1].lower() + reason[1:])
    if kind == "too_short" and "min_length" in ctx:
        n, found = ctx["min_length"], ctx.get("actual_length", 0)
        return ngettext(
            "needs at least {n} entry, found {found}", "needs at least {n} entries, found {found}", n
        ).format(n=n, found=found)
    if kind == "too_long" and "max_length" in ctx:
        n, found = ctx["max_length"], ctx.get("actual_length", 0)
        return ngettext(
            "allows at most {n} entry, found {found}", "allows at most {n} entries, found {found}", n
        ).format(n=n, found=found)
    if kind == "string_pattern_mismatch":
        return _("{value}: use lower-case letters, digits, '.', '_' or '-' (e.g. jae-hee-park)").format(
            value=repr(value)
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _expected_found(_("a whole number"), value)
    if kind in ("bool_parsing", "bool_type"):
        return _expected_found(_("true or false"), value)
    if kind in _BOUNDS and not isinstance(value, bool):
        template, key = _BOUNDS[kind]
        return localise(template).format(limit=ctx.get(key), value=value, unit=_unit(path))
    if kind == "date_from_datetime_inexact":
        example = value.date().isoformat() if hasattr(value, "date") else "2030-05-01"
        return _("a date and a time: write only the date, e.g. {example}").format(example=example)
    if kind == "finite_number":
        return _("input should be a finite number")
    if kind == "string_too_long" and "max_length" in ctx:
        return _("at most {n} characters, found {found}").format(n=ctx["max_length"], found=len(str(value)))
    return msg[:1].lower() + msg[1:]
