"""Read an organizer's list of people (CSV or .xlsx) into registrants: email, first name, last name.

Columns are found by header, whatever their order or spelling (`E-mail`, `First name`, `Given name`, `Surname`…);
CSV may be UTF-8 with or without a BOM, separated by commas, semicolons or tabs. Every problem is reported at
once as `file:line:col: field: what is wrong` — without the value: a registrant's data never appears in an error.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.common.zipguard import zip_problem

ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email", "emailaddress", "mail", "mailaddress", "courriel", "correo", "emailadresse"),
    "first_name": ("firstname", "first", "givenname", "forename", "vorname", "prenom", "nombre"),
    "last_name": ("lastname", "last", "surname", "familyname", "nachname", "nom", "apellido", "apellidos"),
}
REQUIRED = ("email", "first_name")
NAME_MAX = 64  # the spec's maxLength of first_name and last_name
EMAIL_MAX = 128


@dataclass(frozen=True)
class PersonRow:
    """One registrant to be: where it was read, and the three fields Zoom's batch registration takes."""

    line: int
    email: str = field(repr=False)
    first_name: str = field(repr=False)
    last_name: str | None = field(default=None, repr=False)


@dataclass
class PeopleFile:
    rows: list[PersonRow]
    duplicate_lines: list[int]  # rows whose email an earlier row already had (skipped)
    ignored_columns: list[str]


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


def map_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column index of each field found, and the headers not used."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        for target, aliases in ALIASES.items():
            if _key(name) in aliases and target not in found:
                found[target] = index
    ignored = [h for i, h in enumerate(header) if i not in found.values() and h.strip()]
    return found, ignored


def _csv_rows(path: Path, shown: str) -> Iterator[tuple[int, list[str]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Diagnostic(shown, 1, 1, "", "not UTF-8 text: save the sheet as \"CSV UTF-8\"")]) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, row


def _xlsx_rows(path: Path, shown: str) -> Iterator[tuple[int, list[str]]]:
    # Lazy: openpyxl takes ~0.2 s to import and only .xlsx files need it.
    from openpyxl import load_workbook

    try:
        problem = zip_problem(path)
    except (zipfile.BadZipFile, OSError):
        problem = None  # openpyxl says what is wrong with it, below
    if problem:
        raise InputError([Diagnostic(shown, 1, 1, "", f"not read as an .xlsx workbook: {problem}")])
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise InputError([Diagnostic(shown, 1, 1, "", f"not a readable .xlsx workbook ({type(exc).__name__})")]
                         ) from None
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if v is None else str(v) for v in values]
    finally:
        book.close()


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def read_people(path: Path, shown: str | None = None) -> PeopleFile:
    """Every person of the file, or an InputError listing every problem (values never quoted)."""
    shown = shown or str(path)
    if not path.is_file():
        raise InputError([Diagnostic(shown, 0, 0, "", "no such file")])
    rows = _xlsx_rows(path, shown) if path.suffix.casefold() in (".xlsx", ".xlsm") else _csv_rows(path, shown)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    ignored: list[str] = []
    people: list[PersonRow] = []
    diags: list[Diagnostic] = []
    seen: set[str] = set()
    duplicates: list[int] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = row
            columns, ignored = map_header(header)
            diags += [_missing_column(shown, name) for name in REQUIRED if name not in columns]
            if diags:
                raise InputError(diags)
            continue
        person, problems = _person(shown, line, row, columns)
        diags += problems
        if person is None:
            continue
        key = person.email.casefold()
        if key in seen:
            duplicates.append(line)
            continue
        seen.add(key)
        people.append(person)
    if header is None:
        raise InputError([Diagnostic(shown, 1, 1, "", "the file is empty: a header row and one row per person")])
    if diags:
        raise InputError(diags)
    return PeopleFile(people, duplicates, ignored)


def _missing_column(shown: str, name: str) -> Diagnostic:
    looked = ", ".join(ALIASES[name][:4])
    return Diagnostic(shown, 1, 1, name, f"no such column in the header (looked for {looked}, any case or spacing)")


def _person(shown: str, line: int, row: list[str], columns: dict[str, int]
            ) -> tuple[PersonRow | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    email, first, last = (_cell(row, columns.get(k)) for k in ("email", "first_name", "last_name"))

    def bad(name: str, message: str) -> None:
        problems.append(Diagnostic(shown, line, columns.get(name, 0) + 1, name, message))

    if not email:
        bad("email", "empty")
    else:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            bad("email", "not an email address (value not shown)")
        if len(email) > EMAIL_MAX:
            bad("email", f"longer than Zoom's {EMAIL_MAX} characters")
    if not first:
        bad("first_name", "empty")
    for name, value in (("first_name", first), ("last_name", last)):
        if len(value) > NAME_MAX:
            bad(name, f"longer than Zoom's {NAME_MAX} characters")
    if problems:
        return None, problems
    return PersonRow(line, email, first, last or None), []
