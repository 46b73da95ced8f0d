"""The corpus: concept notes written for these tests (Markdown, HTML, text, Word generated here), each imported and
compared field by field with its expected schedule in tests/importer/expected/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.importer.docx_notes import DOCX_NOTES
from zoomops.importer import import_document
from zoomops.schedule.loader import load_schedule_text
from zoomops.schedule.yamlsource import load_yaml

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
EXPECTED = HERE / "expected"
NOTES = sorted(p.name for p in CORPUS.iterdir())


def _expected(name: str) -> dict[str, Any]:
    data, _ = load_yaml((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"), name)
    return data  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    """Dates as ISO text, as the importer's data holds them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def _compare(path: Path, stem: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(path.parent)
    result = import_document(Path(path.name), None)
    want = _plain(_expected(stem))
    got = result.data
    assert got["event"] == want["schedule"]["event"], "event"
    assert [p["id"] for p in got["people"]] == [p["id"] for p in want["schedule"]["people"]], "people ids"
    for g, w in zip(got["people"], want["schedule"]["people"], strict=True):
        assert g == w, f"person {w['id']}"
    assert len(got["blocks"]) == len(want["schedule"]["blocks"]), "number of blocks"
    for i, (g, w) in enumerate(zip(got["blocks"], want["schedule"]["blocks"], strict=True)):
        for key in sorted(set(g) | set(w)):
            assert g.get(key) == w.get(key), f"blocks[{i}].{key}"
    assert got.get("interpretation") == want["schedule"].get("interpretation"), "interpretation"
    assert [d.render() for d in result.diagnostics] == want["warnings"], "warnings"
    load_schedule_text(result.yaml_text, f"{stem}.yaml", path.parent)  # the draft validates as it is


@pytest.mark.parametrize("name", NOTES)
def test_corpus_note(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _compare(CORPUS / name, name.rsplit(".", 1)[0], monkeypatch)


@pytest.mark.parametrize("name", sorted(DOCX_NOTES))
def test_corpus_word_note(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = DOCX_NOTES[name](tmp_path / f"{name}.docx")
    _compare(path, name, monkeypatch)


def test_the_corpus_is_varied() -> None:
    """At least 20 notes across the formats the importer reads."""
    kinds = {n.rsplit(".", 1)[1] for n in NOTES} | {"docx"}
    assert len(NOTES) + len(DOCX_NOTES) >= 20
    assert kinds >= {"md", "html", "txt", "docx"}
    assert sorted(p.stem for p in EXPECTED.iterdir()) == sorted([n.rsplit(".", 1)[0] for n in NOTES] + list(DOCX_NOTES))
