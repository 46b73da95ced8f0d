"""Read a roster CSV (`people: roster.csv`) as hostile input: inside the schedule's folder, bounded, every row located.

Errors point at `roster.csv:LINE:COLUMN` where COLUMN is the value's column number in the header.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.i18n.translate import _
from zoomops.schedule.messages import did_you_mean, validate_model
from zoomops.schedule.textfile import read_text
from zoomops.schedule.yamlsource import SourceMap, control_message
from zoomops.show.model import Person

CSV_COLUMNS = (
    *("id", "honorific", "name", "affiliation", "email", "timezone"),
    *("languages", "name_local", "preferred_language", "pronouns"),
)
MAX_PEOPLE = 10_000
ROSTER_DIRS_ENV = "ZOOMOPS_ROSTER_DIRS"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


@dataclass
class Roster:
    """The people read from a roster and where each came from."""

    people: list[Person] = field(default_factory=list)
    maps: list[SourceMap] = field(default_factory=list)  # aligned with people: one map per CSV row
    diagnostics: list[Diagnostic] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)


def roster_path(raw: str, schedule_dir: Path, roster_dirs: tuple[Path, ...] = ()) -> Path | str:
    """The roster file `raw` names, or why it may not be read (outside the schedule's folder and `roster_dirs`,
    not a CSV)."""
    if not raw.strip():
        return _("empty: give a list of people, or the name of a CSV file beside the schedule")
    if not raw.strip().lower().endswith(".csv"):
        return _("{file} is not a .csv file: a roster is a CSV file beside the schedule (or list the people here)"
                 ).format(file=repr(raw))
    allowed = [schedule_dir, *roster_dirs]
    try:
        target = (schedule_dir / raw.strip()).resolve()
        roots = [a.resolve() for a in allowed]
    except (OSError, ValueError, RuntimeError):
        return _("{file} is not a usable file name").format(file=repr(raw))
    if not any(target.is_relative_to(root) for root in roots):
        return _("{file} is outside the schedule's folder: zoomops reads rosters only from there (copy the file "
                 "beside the schedule, or list its folder in {env})").format(file=repr(raw), env=ROSTER_DIRS_ENV)
    return target


def read_roster(path: Path, shown: str, max_bytes: int | None = None) -> Roster:
    """Every valid person of the CSV and a diagnostic for everything else; InputError if unreadable."""
    text = read_text(path, shown, max_bytes)
    out = Roster()
    controls = [_control(shown, n, line) for n, line in enumerate(text.split("\n"), 1) if _CONTROL.search(line)]
    if controls:
        out.diagnostics = controls[:20]
        return out
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        if not any(header):
            out.diagnostics.append(Diagnostic(shown, 1, 1, "", _(
                "the roster is empty: its first line names the columns, e.g. {columns}").format(
                    columns=",".join(CSV_COLUMNS))))
            return out
        out.diagnostics = _header_problems(shown, header)
        if out.diagnostics:
            return out
        _rows(reader, shown, header, out)
    except csv.Error as exc:
        out.diagnostics.append(Diagnostic(shown, reader.line_num or 1, 1, "", _(
            "not readable as CSV ({reason}): check the quotes in this row").format(reason=exc)))
    return out


def _control(shown: str, number: int, line: str) -> Diagnostic:
    found = _CONTROL.search(line)
    assert found is not None
    return Diagnostic(shown, number, found.start() + 1, "", control_message(ord(found.group())))


def _header_problems(shown: str, header: list[str]) -> list[Diagnostic]:
    diags = []
    for i, name in enumerate(header):
        if name in header[:i]:
            diags.append(Diagnostic(shown, 1, i + 1, name, _("column written twice (first as column {column}): "
                                                             "delete one").format(column=header.index(name) + 1)))
        elif name not in CSV_COLUMNS:
            match = did_you_mean(name, list(CSV_COLUMNS))
            columns = ", ".join(CSV_COLUMNS)
            message = (_("unknown column; did you mean '{match}'? expected {columns}").format(
                match=match, columns=columns) if match else _("unknown column; expected {columns}").format(
                columns=columns))
            shown_name = name if len(name) <= 40 else name[:40] + "…"
            diags.append(Diagnostic(shown, 1, i + 1, shown_name, message))
    for required in ("id", "name"):
        if required not in header:
            diags.append(Diagnostic(shown, 1, 1, required, _("required column is missing")))
    return diags


def _rows(reader: Any, shown: str, header: list[str], out: Roster) -> None:
    start = reader.line_num + 1
    for number, row in enumerate(reader, 1):
        line, start = start, reader.line_num + 1
        if number > MAX_PEOPLE:
            out.diagnostics.append(Diagnostic(shown, line, 1, "", _(
                "more than {limit} people: split the roster (is this the right file?)").format(
                    limit=f"{MAX_PEOPLE:,}")))
            return
        if not any(v.strip() for v in row):
            continue  # a blank line
        problem = _row_problem(shown, line, header, row)
        if problem is not None:
            out.diagnostics.append(problem)
            at = header.index("id")
            if len(row) > at and row[at].strip():
                out.invalid_ids.add(row[at].strip())  # reported here: references to it are not "unknown"
            continue
        values = {k: v.strip() for k, v in zip(header, row, strict=False) if v.strip()}
        row_map = SourceMap(shown, {(): (line, 1), **{(k,): (line, i + 1) for i, k in enumerate(header)}})
        person, errs = validate_model(Person, values, row_map)
        out.diagnostics.extend(errs)
        if person is None and values.get("id"):
            out.invalid_ids.add(values["id"])
        if person is not None:
            out.people.append(person)
            out.maps.append(row_map)


def _row_problem(shown: str, line: int, header: list[str], row: list[str]) -> Diagnostic | None:
    """A row with more values than the header, or a quote that swallows the lines below it."""
    for i, value in enumerate(row):
        if "\n" in value or "\r" in value:
            col = min(i + 1, len(header))
            return Diagnostic(shown, line, col, "", _("a quote opened in this value is not closed on its line (it "
                                                      "takes in the lines below): close it, or remove it"))
    if len(row) > len(header):
        n, cols = len(row), len(header)
        msg = _("row has {n} values but the header has {cols} columns ({columns}); quote values with commas").format(
            n=n, cols=cols, columns=", ".join(header))
        return Diagnostic(shown, line, cols + 1, "", msg)
    return None


def unreadable(smap: SourceMap, exc: InputError, shown: str) -> Diagnostic:
    """Why the roster could not be read: at its own line when known (encoding), else at the `people:` line."""
    first = exc.diagnostics[0]
    if first.line:
        return first
    line, col = smap.locate(("people",))
    return Diagnostic(smap.file, line, col, "people", first.message + f": {shown}")
