"""Resolve people: one person per normalised name (NFC, case, spacing, hyphens, honorifics; Hangul names without
spaces), affiliations kept as first written, ids from names, and emails found anywhere in the document."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from zoomops.importer.speakers import KOREAN_POSITIONS, Mention
from zoomops.importer.text import short, slug

WarnFn = Callable[[int, int, str], None]
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")


def name_key(name: str) -> str:
    """The name for comparison: NFC, case-folded, without spaces, dots, hyphens or apostrophes."""
    t = unicodedata.normalize("NFC", name).casefold()
    return re.sub(r"[\s.\-'’‐]+", "", t)


def _family_first(name: str) -> str:
    """A Hangul name written without a space gets one after the family name, for a readable id (이서연 -> 이 서연)."""
    if re.fullmatch(r"[가-힣]{3,4}", name):
        return f"{name[0]} {name[1:]}"
    return name


def display(honorific: str | None, name: str) -> str:
    """The name as an agenda prints it: `Dr. Jane Roe`, `이서연 교수` (Korean honorifics follow the name)."""
    if not honorific:
        return name
    return f"{name} {honorific}" if "가" <= honorific[0] <= "힣" else f"{honorific} {name}"


def _same_affiliation(a: str, b: str) -> bool:
    """Equal, or one is a part of the other (`Director` of `Director, Stats Office`; `원장` of `…연구원 원장`)."""
    short_, long_ = sorted((a.strip(), b.strip()), key=len)
    parts = [p.strip() for p in re.split(r",|;", long_)]
    return short_ == long_ or short_ in parts or (short_ in KOREAN_POSITIONS and long_.endswith(short_))


@dataclass
class PersonDraft:
    id: str
    name: str
    honorific: str | None
    affiliation: str | None
    line: int
    col: int
    email: str | None = None
    email_line: int = 0


@dataclass
class People:
    """Everyone named on the programme, in order of first appearance."""

    by_key: dict[str, PersonDraft] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def add(self, m: Mention, line: int, col: int, warn: WarnFn) -> PersonDraft | None:
        """Register the person (or find them again); warn when the same name comes with another affiliation."""
        key = name_key(m.name)
        if not key:
            warn(line, col, f"no name in {short(m.written)}")
            return None
        known = self.by_key.get(key)
        if known is None:
            pid = slug(_family_first(m.name)) or f"person-{len(self.by_key) + 1}"
            base, n = pid, 2
            while pid in self.ids:
                pid, n = f"{base}-{n}", n + 1
            if m.honorific is None and len(m.name.split()) > 6:
                warn(line, col, f"is this a name? {short(m.name)}")
            known = PersonDraft(pid, m.name, m.honorific, m.affiliation, line, col)
            self.by_key[key] = known
            self.ids.add(pid)
            return known
        if m.affiliation and known.affiliation and not _same_affiliation(m.affiliation, known.affiliation):
            warn(
                line,
                col,
                f"{m.name} appears again with a different affiliation ({short(m.affiliation)}); kept the first, "
                f"from line {known.line}",
            )
        known.affiliation = known.affiliation or m.affiliation
        known.honorific = known.honorific or m.honorific
        return known

    def attach_emails(self, texts: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Give each person the email written next to their name (same line or cell), or whose address spells
        their name; returns (line, note) for each email attached."""
        notes: list[tuple[int, str]] = []
        people = list(self.by_key.values())
        for line, text in texts:
            if "@" not in text:
                continue
            for m in EMAIL.finditer(text):
                person = self._owner(m.group(0), text, people)
                if person is not None and person.email is None:
                    person.email, person.email_line = m.group(0), line
                    notes.append((line, f"{m.group(0)} → {person.id}"))
        return notes

    @staticmethod
    def _owner(email: str, text: str, people: list[PersonDraft]) -> PersonDraft | None:
        flat = name_key(text)
        near = [p for p in people if name_key(p.name) in flat]
        if len(near) == 1:
            return near[0]
        local = name_key(email.split("@")[0].replace("_", "."))
        spelled = [p for p in people if name_key(p.name) == local or name_key(slug(p.name)) == local]
        return spelled[0] if len(spelled) == 1 else None
