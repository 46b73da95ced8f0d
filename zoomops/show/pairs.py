"""Language pairs and the interpreters who cover them."""

from __future__ import annotations

from dataclasses import dataclass

from zoomops.show.languages import ISO_639_1, canonical_language
from zoomops.show.model import Interpretation, InterpreterEntry


@dataclass(frozen=True)
class Pair:
    """Two languages in Zoom's spelling, in the schedule's order."""

    first: str
    second: str

    @property
    def languages(self) -> tuple[str, str]:
        return (self.first, self.second)

    @property
    def key(self) -> str:
        """Stable short key: ("English", "Korean") -> "en-ko"."""
        return "-".join(ISO_639_1.get(lang, lang.casefold()) for lang in self.languages)

    @property
    def label(self) -> str:
        return f"{self.first}–{self.second}"

    def covered_by(self, member: InterpreterEntry) -> bool:
        """Whether the interpreter works in both of the pair's languages."""
        return {canonical_language(lang) for lang in member.languages} >= set(self.languages)


def canonical_pair(raw: list[str]) -> Pair | None:
    """A schedule pair in Zoom's spelling, or None if it is not two languages Zoom offers."""
    langs = [canonical_language(lang) for lang in raw]
    if len(langs) != 2 or None in langs or langs[0] == langs[1]:
        return None
    return Pair(langs[0] or "", langs[1] or "")


def valid_pairs(interp: Interpretation) -> list[Pair]:
    """The schedule's pairs that Zoom can run, in order, each once."""
    pairs = [p for raw in interp.pairs if (p := canonical_pair(raw)) is not None]
    return list(dict.fromkeys(pairs))


def team(interp: Interpretation, pair: Pair) -> list[InterpreterEntry]:
    """The interpreters who cover both languages of `pair`, in roster order."""
    return [m for m in interp.interpreters if pair.covered_by(m)]


def pair_of(interp: Interpretation, member: InterpreterEntry) -> Pair | None:
    """The first pair the interpreter covers, if any."""
    return next((p for p in valid_pairs(interp) if p.covered_by(member)), None)
