"""Read a document file safely: a size limit, the format from its content and name, the text's encoding;
binary data, a damaged Word file or an unsupported format is a clear input error, never a traceback."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from zoomops.common.diagnostics import Diagnostic, InputError
from zoomops.common.zipguard import zip_problem
from zoomops.importer.document import Document
from zoomops.importer.docxdoc import read_docx
from zoomops.importer.htmldoc import read_html
from zoomops.importer.markdown import read_markdown
from zoomops.importer.plaintext import read_text_lines
from zoomops.importer.skim import skim

MAX_BYTES = 32 * 1024 * 1024
_HTML_START = (b"<!doctype html", b"<html", b"<?xml", b"<body", b"<table", b"<div", b"<h1", b"<p>", b"<p ")


def _fail(shown: str, message: str) -> InputError:
    return InputError([Diagnostic(shown, 0, 0, "", message)])


def _decode(raw: bytes, shown: str) -> str:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                break
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(shown, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    sample = text[:65536]
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    if "\x00" in sample or bad > max(8, len(sample) // 100):
        raise _fail(shown, "not a text document (binary data); give a .md, .txt, .html or .docx file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: Path, shown: str) -> Document:
    """The document in the intermediate form, whatever its format."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(
                shown,
                f"the document is {size // (1024 * 1024)} MB; the importer reads at most "
                f"{MAX_BYTES // (1024 * 1024)} MB",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(shown, f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith(b"PK\x03\x04"):
        return _docx(path, shown)
    if path.suffix.lower() == ".docx":
        raise _fail(shown, "not a readable Word (.docx) document: it is not a ZIP package")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(shown, "a Word 97-2003 (.doc) file: save it as .docx first")
    if raw.startswith(b"%PDF"):
        raise _fail(shown, "PDF is not supported: export the concept note as .docx, HTML or text")
    text = _decode(raw, shown)
    suffix = path.suffix.lower()
    head = raw[:512].lstrip().lower()
    if suffix in (".html", ".htm", ".xhtml") or (
        suffix not in (".md", ".markdown", ".txt") and head.startswith(_HTML_START)
    ):
        return read_html(text, shown)
    if suffix == ".txt":
        return read_text_lines(skim(text), shown)
    return read_markdown(skim(text), shown)


def _docx(path: Path, shown: str) -> Document:
    try:
        problem = zip_problem(path)
    except zipfile.BadZipFile as exc:
        raise _fail(shown, f"not a readable Word (.docx) document: {exc}") from None
    if problem:
        raise _fail(shown, f"not read as a Word (.docx) document: {problem}")
    try:
        return read_docx(path, shown)
    except zipfile.BadZipFile as exc:
        raise _fail(shown, f"not a readable Word (.docx) document: {exc}") from None
    except Exception as exc:  # python-docx raises many kinds on damaged files; none may become a traceback
        missing = "Package" in type(exc).__name__ or isinstance(exc, KeyError)
        why = "no Word document inside the package" if missing else type(exc).__name__
        raise _fail(shown, f"not a readable Word (.docx) document: {why}") from None
