"""Organizers' spreadsheets: CSV (BOM, ; or tab) and .xlsx, columns by header, every problem at once, no values."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from zoomops.common.diagnostics import InputError
from zoomops.provision.people_file import read_people


def test_csv_with_bom_semicolons_and_header_variants(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffE-Mail;Given name;Surname;Company\n"
                     "ann@example.org;Ann;Lee;ACME\n\n"
                     "bo@example.org;Bo;;\n"
                     "ANN@example.org;Ann;Again;\n".encode())
    found = read_people(path)
    assert [(p.line, p.email, p.first_name, p.last_name) for p in found.rows] == [
        (2, "ann@example.org", "Ann", "Lee"), (4, "bo@example.org", "Bo", None)]
    assert found.duplicate_lines == [5] and found.ignored_columns == ["Company"]


def test_xlsx_first_sheet_by_header(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["First Name", "Last Name", "Email Address"])
    sheet.append(["지희", "박", "jihee@example.org"])
    sheet.append([None, None, None])
    sheet.append(["Kyu", None, "kyu@example.org"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    found = read_people(path)
    assert [(p.line, p.email, p.first_name, p.last_name) for p in found.rows] == [
        (2, "jihee@example.org", "지희", "박"), (4, "kyu@example.org", "Kyu", None)]


def test_missing_columns_are_named_with_what_was_looked_for(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,mail address\nAnn Lee,ann@example.org\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_people(path, "people.csv")
    assert [d.render() for d in info.value.diagnostics] == [
        "people.csv:1:1: first_name: no such column in the header (looked for firstname, first, givenname, forename, "
        "any case or spacing)"]


def test_every_bad_row_at_once_without_its_values(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("email,first_name,last_name\n"
                    "secret-name at example.org,Ann,Lee\n"
                    ",Bo,\n"
                    "cy@example.org,,Kim\n"
                    f"dee@example.org,{'D' * 65},\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_people(path, "people.csv")
    rendered = [d.render() for d in info.value.diagnostics]
    assert rendered == [
        "people.csv:2:1: email: not an email address (value not shown)",
        "people.csv:3:1: email: empty",
        "people.csv:4:2: first_name: empty",
        "people.csv:5:2: first_name: longer than Zoom's 64 characters",
    ]
    assert not any("secret-name" in line or "cy@" in line for line in rendered)


def test_not_utf8_and_empty_files_are_clear_errors(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("email,first_name\nann@example.org,Ren\xe9e\n".encode("latin-1"))
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    for path, message in ((latin, 'not UTF-8 text: save the sheet as "CSV UTF-8"'),
                          (empty, "the file is empty: a header row and one row per person")):
        with pytest.raises(InputError) as info:
            read_people(path, path.name)
        assert [d.render() for d in info.value.diagnostics] == [f"{path.name}:1:1: {message}"]
