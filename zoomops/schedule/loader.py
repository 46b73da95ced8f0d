"""Read a schedule file (YAML, roster inline or in a CSV beside it) into a validated Schedule."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.i18n.translate import N_, _, ngettext
from zoomops.schedule.rules import check_schedule
from zoomops.schedule.yamlsource import SourceMap, YamlSyntaxError, field_name, load_yaml
from zoomops.show.model import Person, Schedule

M = TypeVar("M", bound=BaseModel)

CSV_COLUMNS = (
    *("id", "honorific", "name", "affiliation", "email", "timezone"),
    *("languages", "name_local", "preferred_language"),
)


@dataclass
class LoadedSchedule:
    """A schedule with where it came from and what validation said about it."""

    schedule: Schedule
    path: Path
    source: SourceMap
    person_sources: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # aligned with schedule.people: where each entry came from (YAML entry or CSV row)
    person_origins: list[PersonOrigin] = field(default_factory=list)
    # ids written in the people list whose entry was invalid (reported already): not "unknown"
    invalid_person_ids: set[str] = field(default_factory=set)
    people_unreadable: bool = False

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def where(self, path: tuple[str | int, ...]) -> tuple[str, int, int]:
        line, col = self.source.locate(path)
        return self.source.file, line, col

    def person_where(self, index: int, fld: str) -> tuple[str, int, int, str]:
        """file, line, col and field name of a field of the index-th person (YAML or CSV)."""
        if 0 <= index < len(self.person_origins):
            return self.person_origins[index].where(fld)
        file, line, col = self.where(("people",))
        return file, line, col, fld


@dataclass(frozen=True)
class PersonOrigin:
    """Where a roster entry was written: a YAML list entry (`people[3]`) or a CSV row (columns by name)."""

    smap: SourceMap
    base: tuple[str | int, ...] = ()

    def where(self, fld: str) -> tuple[str, int, int, str]:
        line, col = self.smap.locate((*self.base, fld))
        return self.smap.file, line, col, field_name((*self.base, fld))


def display_path(path: Path) -> str:
    """The path as the user would recognise it: relative to the cwd when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 text file; a missing or unreadable file is an input error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = _("cannot read file: {reason}").format(reason=exc.strerror or exc)
        raise InputError([Diagnostic(shown, 0, 0, "", message)]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Diagnostic(shown, 0, 0, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None


def load_model_file(path: Path, model: type[M]) -> M:
    """Load any YAML file into a pydantic model, errors as diagnostics."""
    shown = display_path(path)
    data, smap = parse_yaml(read_text(path, shown), shown)
    obj, diags = validate_model(model, data if data is not None else {}, smap)
    if diags:
        raise InputError(diags)
    assert obj is not None
    return obj


def parse_yaml(text: str, shown: str) -> tuple[Any, SourceMap]:
    try:
        return load_yaml(text, shown)
    except YamlSyntaxError as exc:
        raise InputError([Diagnostic(shown, exc.line, exc.col, "", exc.message)]) from None


def load_schedule(path: Path, *, for_provisioning: bool = False, panelist_cap: int | None = None) -> LoadedSchedule:
    """Load, validate and check a schedule; raise InputError listing every error found.

    Warnings are returned on the LoadedSchedule. With `for_provisioning`, problems that would stop
    Zoom provisioning (people on stage without an email) are errors instead of warnings.
    """
    shown = display_path(path)
    return load_schedule_text(
        read_text(path, shown),
        shown,
        path.parent,
        path=path,
        for_provisioning=for_provisioning,
        panelist_cap=panelist_cap,
    )


def load_schedule_text(
    text: str,
    shown: str,
    base_dir: Path,
    *,
    path: Path | None = None,
    for_provisioning: bool = False,
    panelist_cap: int | None = None,
) -> LoadedSchedule:
    """Like load_schedule, for schedule text already in memory (a roster CSV is looked up in base_dir)."""
    path = path if path is not None else base_dir / shown
    data, smap = parse_yaml(text, shown)
    if data is None:
        raise InputError([Diagnostic(shown, 1, 1, "", "the file is empty: a schedule has event, people and blocks")])
    if not isinstance(data, dict):
        raise InputError([Diagnostic(shown, 1, 1, "", "a schedule is a mapping with event, people and blocks")])
    diags: list[Diagnostic] = []
    people, person_sources, people_diags, origins, invalid = _load_people(data.pop("people", []), path, smap)
    diags.extend(people_diags)
    schedule, model_diags = validate_model(Schedule, data, smap)
    diags.extend(model_diags)
    if schedule is None:
        raise InputError(_ordered(diags))
    schedule.people = people
    loaded = LoadedSchedule(schedule, path, smap, person_sources, diags)
    loaded.person_origins = origins
    loaded.people_unreadable = not people and any(d.severity == "error" for d in people_diags)
    loaded.invalid_person_ids = invalid - {p.id for p in people}
    loaded.diagnostics.extend(check_schedule(loaded, for_provisioning=for_provisioning, panelist_cap=panelist_cap))
    loaded.diagnostics = _ordered(loaded.diagnostics)
    errors = [d for d in loaded.diagnostics if d.severity == "error"]
    if errors:
        raise InputError(loaded.diagnostics)
    return loaded


def _ordered(diags: list[Diagnostic]) -> list[Diagnostic]:
    unique = list(dict.fromkeys(diags))
    return sorted(unique, key=lambda d: (d.file, d.line, d.col))


def validate_model(
    model: type[M], data: Any, smap: SourceMap, base: tuple[str | int, ...] = ()
) -> tuple[M | None, list[Diagnostic]]:
    """Validate data against a model; map every pydantic error to file:line:col: field: message."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_diagnostic(err, data, smap, base) for err in exc.errors()]


def _diagnostic(err: Any, data: Any, smap: SourceMap, base: tuple[str | int, ...]) -> Diagnostic:
    path = _clean_loc(tuple(err["loc"]), data)
    line, col = smap.locate((*base, *path))
    return Diagnostic(smap.file, line, col, field_name((*base, *path)), _message(err))


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
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


_MESSAGES = {
    "missing": N_("required field is missing"),
    "extra_forbidden": N_("unknown field (check the spelling)"),
}


def _message(err: Any) -> str:
    kind = err.get("type", "")
    if kind in _MESSAGES:
        return _(_MESSAGES[kind])
    msg = str(err.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if kind == "enum" and "expected" in err.get("ctx", {}):
        return _("{value} is not one of {expected}").format(
            value=repr(err.get("input")), expected=err["ctx"]["expected"]
        )
    if kind == "too_short" and "min_length" in err.get("ctx", {}):
        n, found = err["ctx"]["min_length"], err["ctx"].get("actual_length", 0)
        return ngettext(
            "needs at least {n} entry, found {found}", "needs at least {n} entries, found {found}", n
        ).format(n=n, found=found)
    if kind == "too_long" and "max_length" in err.get("ctx", {}):
        n, found = err["ctx"]["max_length"], err["ctx"].get("actual_length", 0)
        return ngettext(
            "allows at most {n} entry, found {found}", "allows at most {n} entries, found {found}", n
        ).format(n=n, found=found)
    if kind == "string_pattern_mismatch":
        return _("{value}: use lower-case letters, digits, '.', '_' or '-' (e.g. jae-hee-park)").format(
            value=repr(err.get("input"))
        )
    return msg[:1].lower() + msg[1:]


def _load_people(
    raw: Any, schedule_path: Path, smap: SourceMap
) -> tuple[list[Person], dict[str, tuple[str, int, int]], list[Diagnostic], list[PersonOrigin], set[str]]:
    if isinstance(raw, str):
        return _people_from_csv(schedule_path.parent / raw, smap)
    if not isinstance(raw, list):
        line, col = smap.locate(("people",))
        msg = "a list of people, or the name of a CSV file beside the schedule"
        return [], {}, [Diagnostic(smap.file, line, col, "people", msg)], [], set()
    people: list[Person] = []
    origins: list[PersonOrigin] = []
    invalid: set[str] = set()
    sources: dict[str, tuple[str, int, int]] = {}
    diags: list[Diagnostic] = []
    for i, entry in enumerate(raw):
        person, errs = validate_model(Person, entry, smap, ("people", i))
        diags.extend(errs)
        if person is None and isinstance(entry, dict) and entry.get("id") is not None:
            invalid.add(str(entry["id"]))
        if person is not None:
            origins.append(PersonOrigin(smap, ("people", i)))
            people.append(person)
            line, col = smap.locate(("people", i))
            sources.setdefault(person.id, (smap.file, line, col))
    return people, sources, diags, origins, invalid


def _people_from_csv(
    csv_path: Path, smap: SourceMap
) -> tuple[list[Person], dict[str, tuple[str, int, int]], list[Diagnostic], list[PersonOrigin], set[str]]:
    shown = display_path(csv_path)
    try:
        text = read_text(csv_path, shown)
    except InputError as exc:
        line, col = smap.locate(("people",))
        return (
            [],
            {},
            [Diagnostic(smap.file, line, col, "people", exc.diagnostics[0].message + f": {shown}")],
            [],
            set(),
        )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    diags = [
        Diagnostic(shown, 1, header.index(h) + 1, h, f"unknown column; expected {', '.join(CSV_COLUMNS)}")
        for h in unknown
    ]
    for required in ("id", "name"):
        if required not in header:
            diags.append(Diagnostic(shown, 1, 1, required, "required column is missing"))
    if diags:
        return [], {}, diags, [], set()
    people: list[Person] = []
    origins: list[PersonOrigin] = []
    invalid: set[str] = set()
    sources: dict[str, tuple[str, int, int]] = {}
    for row in reader:
        line = reader.line_num
        if row.get(None):  # DictReader files values beyond the header under None
            diags.append(_extra_values(shown, line, header, list(row[None])))
            if (row.get("id") or "").strip():
                invalid.add(row["id"].strip())  # reported here: references to it are not "unknown"
            continue
        values = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        values = {k: v for k, v in values.items() if v not in (None, "")}
        row_map = SourceMap(shown, {(): (line, 1), **{(k,): (line, i + 1) for i, k in enumerate(header)}})
        person, errs = validate_model(Person, values, row_map)
        diags.extend(errs)
        if person is None and values.get("id"):
            invalid.add(str(values["id"]))
        if person is not None:
            origins.append(PersonOrigin(row_map))
            people.append(person)
            sources.setdefault(person.id, (shown, line, 1))
    return people, sources, diags, origins, invalid


def _extra_values(shown: str, line: int, header: list[str], extra: list[str]) -> Diagnostic:
    """A CSV row with more values than the header has columns (a stray comma or an unquoted one)."""
    n, cols = len(header) + len(extra), len(header)
    msg = f"row has {n} values but the header has {cols} columns ({', '.join(header)}); quote values with commas"
    return Diagnostic(shown, line, cols + 1, "", msg)
