"""Read a schedule file (YAML, roster inline or in a CSV beside it) into a validated Schedule, as hostile input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.i18n.translate import _
from zoomops.schedule.messages import adopt_misspelled_keys, validate_model
from zoomops.schedule.roster import CSV_COLUMNS, MAX_PEOPLE, read_roster, roster_path, unreadable
from zoomops.schedule.rules import check_schedule
from zoomops.schedule.textfile import read_text
from zoomops.schedule.yamlsource import SourceMap, YamlSyntaxError, field_name, load_yaml
from zoomops.show.model import Person, Schedule

M = TypeVar("M", bound=BaseModel)
__all__ = ["CSV_COLUMNS", "LoadedSchedule", "display_path", "load_schedule", "load_schedule_text", "read_text"]


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
    except (ValueError, OSError, RuntimeError):
        return str(path)


def load_model_file(path: Path, model: type[M], max_bytes: int | None = None) -> M:
    """Load any YAML file (a config file) into a pydantic model, hostile input treated like a schedule's."""
    shown = display_path(path)
    data, smap = parse_yaml(read_text(path, shown, max_bytes), shown)
    if data is not None and not isinstance(data, dict):
        found = _("a list") if isinstance(data, list) else _("a single value")
        raise InputError([*smap.problems, Diagnostic(shown, 1, 1, "", _("expected {expected}, found {what}").format(
            expected=_("fields (key: value lines)"), what=found))])
    obj, diags = validate_model(model, data if data is not None else {}, smap)
    diags = _ordered([*smap.problems, *diags])
    if diags or obj is None:
        raise InputError(diags)
    return obj


def parse_yaml(text: str, shown: str) -> tuple[Any, SourceMap]:
    try:
        return load_yaml(text, shown)
    except YamlSyntaxError as exc:
        raise InputError([Diagnostic(shown, exc.line, exc.col, "", exc.message)]) from None


def load_schedule(path: Path, *, for_provisioning: bool = False, panelist_cap: int | None = None,
                  roster_dirs: tuple[Path, ...] = (), max_bytes: int | None = None) -> LoadedSchedule:
    """Load, validate and check a schedule; raise InputError listing every error found.

    Warnings are returned on the LoadedSchedule. With `for_provisioning`, problems that would stop
    Zoom provisioning (people on stage without an email) are errors instead of warnings. A roster CSV is
    read from the schedule's folder or one of `roster_dirs` (ZOOMOPS_ROSTER_DIRS); files over `max_bytes`
    (ZOOMOPS_MAX_INPUT_MB) are refused.
    """
    shown = display_path(path)
    return load_schedule_text(
        read_text(path, shown, max_bytes),
        shown,
        path.parent,
        path=path,
        for_provisioning=for_provisioning,
        panelist_cap=panelist_cap,
        roster_dirs=roster_dirs,
        max_bytes=max_bytes,
    )


def load_schedule_text(
    text: str,
    shown: str,
    base_dir: Path,
    *,
    path: Path | None = None,
    for_provisioning: bool = False,
    panelist_cap: int | None = None,
    roster_dirs: tuple[Path, ...] = (),
    max_bytes: int | None = None,
) -> LoadedSchedule:
    """Like load_schedule, for schedule text already in memory (a roster CSV is looked up in base_dir)."""
    path = path if path is not None else base_dir / shown
    data, smap = parse_yaml(text, shown)
    if data is None:
        raise InputError([Diagnostic(shown, 1, 1, "", _("the file is empty: a schedule has event, people and blocks"))])
    if not isinstance(data, dict):
        raise InputError([Diagnostic(shown, 1, 1, "", _("a schedule is a mapping with event, people and blocks"))])
    diags: list[Diagnostic] = list(smap.problems)
    diags.extend(adopt_misspelled_keys(Schedule, data, smap))
    people, person_sources, people_diags, origins, invalid = _load_people(data.pop("people", []), path, smap,
                                                                           roster_dirs, max_bytes)
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


def _load_people(
    raw: Any, schedule_path: Path, smap: SourceMap, roster_dirs: tuple[Path, ...] = (), max_bytes: int | None = None
) -> tuple[list[Person], dict[str, tuple[str, int, int]], list[Diagnostic], list[PersonOrigin], set[str]]:
    if isinstance(raw, str):
        return _people_from_csv(raw, schedule_path, smap, roster_dirs, max_bytes)
    if not isinstance(raw, list):
        line, col = smap.locate(("people",))
        msg = _("a list of people, or the name of a CSV file beside the schedule")
        return [], {}, [Diagnostic(smap.file, line, col, "people", msg)], [], set()
    if len(raw) > MAX_PEOPLE:
        line, col = smap.locate(("people",))
        msg = _("more than {limit} people: far more than any programme (is this the right list?)").format(
            limit=f"{MAX_PEOPLE:,}")
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
    raw: str, schedule_path: Path, smap: SourceMap, roster_dirs: tuple[Path, ...] = (), max_bytes: int | None = None
) -> tuple[list[Person], dict[str, tuple[str, int, int]], list[Diagnostic], list[PersonOrigin], set[str]]:
    target = roster_path(raw, schedule_path.parent, roster_dirs)
    if isinstance(target, str):
        line, col = smap.locate(("people",))
        return [], {}, [Diagnostic(smap.file, line, col, "people", target)], [], set()
    shown = display_path(target)
    try:
        roster = read_roster(target, shown, max_bytes)
    except InputError as exc:
        return [], {}, [unreadable(smap, exc, shown)], [], set()
    sources: dict[str, tuple[str, int, int]] = {}
    for person, row_map in zip(roster.people, roster.maps, strict=True):
        sources.setdefault(person.id, (shown, *row_map.locate(())))
    origins = [PersonOrigin(m) for m in roster.maps]
    return roster.people, sources, roster.diagnostics, origins, roster.invalid_ids
