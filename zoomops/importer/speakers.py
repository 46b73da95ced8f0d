"""People as written on agendas: `Dr. Jane Roe, Director, Stats Office`, `Jane Roe (Director)`,
`김민수 박사 (서울대학교)`, lists (`Presenters: A, B`, `Ms. A (10 mins) & Ms. B (10 mins)`), roles
(`Moderator: X`) and titled slots (`Opening remarks: Dr. X`, `“Talk” — Name (10 min)`, `Talk by Dr. X`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zoomops.importer.text import plain_dashes, unquote
from zoomops.importer.times import duration

HONORIFICS = (
    "H.E.",
    "HE",
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Miss",
    "Mx.",
    "Dr.",
    "Dr",
    "Prof.",
    "Prof",
    "Professor",
    "Hon.",
    "Amb.",
    "Ambassador",
    "Sir",
    "Dame",
    "Rev.",
    "Eng.",
    "Atty.",
    "Assoc. Prof.",
    "Asst. Prof.",
    "Dr.-Ing.",
    "Mme",
    "Mme.",
    "Mlle",
    "M.",
    "Pr",
    "Pr.",
    "Sr.",
    "Sra.",
    "Dra.",
    "Lic.",
    "Ing.",
    "Herr",
    "Frau",
    "Dott.",
    "Dott.ssa",
)
_HON = r"(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")"
HONORIFIC_PREFIX = re.compile(rf"^(?P<h>{_HON}(?:\s+{_HON})*)(?=\s|$)\s*")
KOREAN_HONORIFICS = ("선생님", "님", "박사", "교수", "씨")
KOREAN_POSITIONS = (
    "책임연구원",
    "선임연구원",
    "사무총장",
    "연구위원",
    "전문위원",
    "대표이사",
    "부이사장",
    "센터장",
    "부시장",
    "본부장",
    "도지사",
    "이사장",
    "연구관",
    "사무관",
    "대변인",
    "구청장",
    "부원장",
    "부지사",
    "위원장",
    "교육감",
    "연구원",
    "지사",
    "시장",
    "팀장",
    "사장",
    "과장",
    "부장",
    "총장",
    "단장",
    "실장",
    "이사",
    "대사",
    "국장",
    "의원",
    "처장",
    "학장",
    "장관",
    "대표",
    "차관",
    "군수",
    "관장",
    "위원",
    "회장",
    "원장",
    "소장",
    "청장",
)
_KOREAN_NAME = re.compile(
    r"^(?P<name>[가-힣]{1,2}\s?[가-힣]{1,3})\s*(?P<pos>(?:" + "|".join(KOREAN_POSITIONS) + r"))?\s*"
    r"(?P<hon>" + "|".join(KOREAN_HONORIFICS) + r")?(?=$|[\s(,/])"
)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."}
TBC = re.compile(r"^\(?\s*(?:tbc|tbd|tba|to be (?:confirmed|determined|announced)|미정)\s*\)?\.?$", re.IGNORECASE)
MODERATOR = re.compile(
    r"^(?:overall\s+|session\s+|panel\s+)?(?:moderators?|moderated by|co-?chairs?|chair(?:ed by|person)?|"
    r"facilitators?|facilitated by|mc|master of ceremon(?:y|ies)|emcee|host(?:ed by)?|사회자?|좌장|진행|"
    r"mod[ée]rat(?:eur|rice)|animat(?:eur|rice)|pr[ée]sident(?:e)? de s[ée]ance|moderador(?:a)?|moderiert von)"
    r"\s*(?::|-|—|–|\s(?=[A-Z가-힣]))\s*(?P<who>.*)$",
    re.IGNORECASE,
)
SPEAKER_LIST = re.compile(
    r"^(?:(?:keynote\s+)?speakers?|presenters?|panell?ists?|discussants?|respondents?|lead discussants?|"
    r"featuring|with|발표자|연사|토론자|패널|intervenant(?:e)?s?|pan[ée]listes?|ponentes?|oradores?|referent(?:en|innen)?)\s*(?::|-|—|–)\s*(?P<who>.+)$",
    re.IGNORECASE,
)
_NOT_NAME_WORDS = {
    w.lower()
    for w in [
        "Opening",
        "Closing",
        "Remarks",
        "Remark",
        "Session",
        "Keynote",
        "Panel",
        "Discussion",
        "Break",
        "Lunch",
        "Coffee",
        "Presentation",
        "Welcome",
        "Introduction",
        "Networking",
        "Dinner",
        "Reception",
        "Registration",
        "Photo",
        "Group",
        "Q&A",
        "Questions",
        "Answers",
        "Summary",
        "Wrap",
        "Address",
        "Speech",
        "Statement",
        "Overview",
        "Launch",
        "Plenary",
        "Workshop",
        "Roundtable",
        "Dialogue",
        "Debate",
        "Case",
        "Study",
        "Report",
        "Director",
        "President",
        "Professor",
        "Minister",
        "Head",
        "Chief",
        "Officer",
        "Manager",
        "Secretary",
        "Chair",
        "Dean",
        "Fellow",
        "Researcher",
        "Expert",
        "Advisor",
        "Adviser",
        "Governor",
        "Mayor",
        "Ambassador",
        "Founder",
        "CEO",
        "Lead",
        "Coordinator",
        "Specialist",
        "Analyst",
        "Representative",
        "Consultant",
        "Member",
        "Deputy",
        "Senior",
        "Vice",
        "University",
        "Institute",
        "Ministry",
        "Office",
        "Center",
        "Centre",
        "Agency",
        "Bank",
        "Foundation",
        "Association",
        "Council",
        "Department",
        "Government",
        "Commission",
        "Organization",
        "Organisation",
        "UN",
        "Lab",
        "School",
        "College",
        "Inc",
        "Ltd",
        "Corp",
        "Company",
        "Group",
        "Network",
        "Programme",
        "Program",
        "Authority",
        "Service",
        "Society",
        "Academy",
        "City",
        "Province",
        "Division",
        "Unit",
        "Branch",
        "Team",
        "Board",
        "the",
        "of",
        "for",
        "and",
        "on",
        "in",
        "to",
        "at",
        "a",
        "an",
        "by",
        "with",
        "from",
        "Moderated",
        "Moderator",
        "Speakers",
        "Presentations",
        "Part",
        "Day",
        "Track",
        "Room",
        "Hall",
        "Virtual",
        "Online",
        "TBC",
        "TBD",
        "Award",
        "Awards",
        "Film",
        "Video",
        "Demo",
        "Tour",
        "Visit",
        "Exhibition",
        "Poster",
        "Lightning",
        "Talks",
        "Talk",
        "Remarks",
        "Concluding",
        "Conclusions",
        "Next",
        "Steps",
        "Way",
        "Forward",
        "Outcomes",
        "Findings",
        "Results",
        "Forum",
        "Alliance",
        "Fund",
        "Partnership",
        "Initiative",
        "Coalition",
        "Union",
        "Federation",
        "Trust",
        "Secretariat",
        "Bureau",
        "Platform",
        "Observatory",
        "Consortium",
        "Labs",
        "Services",
        "Solutions",
        "Systems",
        "Technologies",
        "Media",
        "Hospital",
        "Museum",
        "Library",
        "Parliament",
        "Regional",
        "National",
        "International",
        "Global",
        "Ltd.",
        "LLC",
        "GmbH",
        "Utilities",
        "Authority",
        "Board",
        "Institute",
    ]
}
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[a-z]{1,3}|[A-Z]\.|[가-힣]+)$")
_INNER_HONORIFIC = re.compile(r"(?<=\s)(?:Mr|Ms|Mrs|Dr|Prof|H\.E)\.?\s+[A-Z]")
_ROLE_SEPARATOR = re.compile(r"\s*(?::\s|：|\s-\s|\s--\s|\s—\s?|\s–\s|—|\sby\s|\s:\s)\s*")


@dataclass(frozen=True)
class Mention:
    """A person as written: honorific, name, affiliation, their own minutes, and where in the text."""

    honorific: str | None
    name: str
    affiliation: str | None
    minutes: int | None
    offset: int
    written: str


def is_name(text: str) -> bool:
    """Looks like a person's name: 1-5 capitalised tokens (or a Hangul name), no agenda or organisation words."""
    t = text.strip()
    if not t or any(ch.isdigit() for ch in t) or len(t) > 60:
        return False
    if re.fullmatch(r"[가-힣]{2,4}|[가-힣]{1,2} [가-힣]{1,3}", t):
        return True
    tokens = t.split()
    if not 2 <= len(tokens) <= 5 and not (len(tokens) == 1 and False):
        return False
    if any(tok.lower().strip(".,") in _NOT_NAME_WORDS for tok in tokens):
        return False
    return all(_NAME_TOKEN.match(tok) for tok in tokens) and tokens[0][:1].isupper()


def has_honorific(text: str) -> bool:
    t = text.strip()
    if HONORIFIC_PREFIX.match(t):
        rest = t[HONORIFIC_PREFIX.match(t).end() :]  # type: ignore[union-attr]
        return (bool(rest) and rest[:1].isupper()) or rest[:1] >= "\uac00"
    m = _KOREAN_NAME.match(t)
    return bool(m and (m.group("hon") or m.group("pos")))


def looks_like_person(text: str) -> bool:
    """A line that is a person rather than a title: an honorific, or `Name, Affiliation`/`Name (Title)`."""
    t = text.strip()
    if MODERATOR.match(t) or SPEAKER_LIST.match(t):
        return False
    if has_honorific(t):
        return True
    head = re.split(r"\s*[,(（]", strip_minutes(t), maxsplit=1)[0]
    return is_name(head) and (head != strip_minutes(t) or len(head.split()) >= 2) and not TBC.match(t)


def strip_minutes(text: str) -> str:
    d = duration(text)
    return (text[: d[1].start()] + text[d[1].end() :]).strip(" ,;") if d else text


def split_people(text: str, plural: bool = False) -> list[tuple[str, int]]:
    """Split a list of people into (text, offset) pieces: `;` always; `&`, `and`, `/`, `,` before an honorific
    or after someone's minutes; plain commas when every piece is a bare name (or the role was plural)."""
    t = plain_dashes(text)
    cuts = [0]
    for m in re.finditer(rf"\s*(?:;|&|\band\b|/|,|\s(?=[A-Z][a-z]*\.\s))\s*(?={_HON}\s)", t):
        cuts.append(m.end())
    for m in re.finditer(r"\s*;\s*", t):
        head = re.split(r"\s*[,(（]", t[m.end() :], maxsplit=1)[0]
        if has_honorific(t[m.end() :]) or is_name(head) or TBC.match(head):
            cuts.append(m.end())
    for m in re.finditer(r"[)\]]\s*(?:,|&|\band\b|;)\s*", t):
        if duration(t[: m.start() + 1]) and t[: m.start() + 1].rstrip().endswith(tuple(")]")):
            cuts.append(m.end())
    cuts = sorted(set(cuts))
    pieces = [(text[a:b].strip(" ,;&/"), a) for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    pieces = [(p.removesuffix(" and").removesuffix(" &").strip(" ,;&/"), a) for p, a in pieces]
    out: list[tuple[str, int]] = []
    for piece, start in pieces:
        if not piece:
            continue
        commas = [s.strip() for s in re.split(r"\s*(?:,|\band\b|&)\s*", piece)]
        honoured = [has_honorific(c) for c in commas]
        names = [is_name(c) or (h and len(c.split()) <= 5) for c, h in zip(commas, honoured, strict=True)]
        if len(commas) > 1 and all(names) and (all(honoured) or not any(honoured) or (plural and honoured[1])):
            pos = 0
            for c in commas:
                idx = piece.find(c, pos)
                out.append((c, start + max(idx, 0)))
                pos = max(idx, 0) + len(c)
            continue
        out.append((piece, start))
    return out


def parse_person(text: str, offset: int = 0) -> Mention | None:
    """One person from `Dr. Jane Roe, Director, Office (10 min)`, `Jane Roe (Director)`, `김민수 박사 (서울대학교)`."""
    written = text.strip().strip(" ,;")
    minutes = None
    d = duration(written)
    body = written
    if d is not None:
        minutes = d[0]
        body = (written[: d[1].start()] + written[d[1].end() :]).strip(" ,;")
    korean = _KOREAN_NAME.match(body)
    if korean is not None and (korean.group("hon") or korean.group("pos") or not re.search(r"[A-Za-z]", body[:4])):
        return _korean(korean, body, minutes, offset, written)
    m = HONORIFIC_PREFIX.match(body)
    honorific = m.group("h") if m else None
    rest = body[m.end() :] if m else body
    name, affiliation = _name_and_affiliation(rest)
    if not name:
        return None
    return Mention(honorific, name, affiliation, minutes, offset, written)


def _name_and_affiliation(rest: str) -> tuple[str, str | None]:
    paren = re.match(r"^(?P<name>[^,(（]+?)\s*[(（](?P<aff>[^)）]*)[)）]\s*(?P<more>.*)$", rest)
    if (paren and is_name(paren.group("name"))) or (paren and "," not in paren.group("name")):
        aff = paren.group("aff").strip()
        more = paren.group("more").strip(" ,;-")
        return paren.group("name").strip(), ", ".join(x for x in (aff, more) if x) or None  # type: ignore[union-attr]
    parts = re.split(r",\s*|\s+[-–—]\s+", rest, maxsplit=1)
    name = parts[0].strip()
    affiliation = parts[1].strip() if len(parts) > 1 else None
    while affiliation and affiliation.split(",")[0].strip().lower() in _SUFFIXES:
        suffix, _, after = affiliation.partition(",")
        name, affiliation = f"{name}, {suffix.strip()}", after.strip() or None
    return name, affiliation or None


def _korean(m: re.Match[str], body: str, minutes: int | None, offset: int, written: str) -> Mention:
    name = m.group("name").strip()
    after = body[m.end() :].strip(" ,")
    aff = re.sub(r"^[(（]\s*|\s*[)）]$", "", after) if after else ""
    if m.group("pos"):
        aff = f"{aff} {m.group('pos')}".strip()
    return Mention(m.group("hon"), name, aff or None, minutes, offset, written)


@dataclass(frozen=True)
class Slot:
    """A line split into its title and the people after it: `Opening remarks: Dr. X` -> ("Opening remarks", …)."""

    title: str
    people: str
    people_offset: int


def split_slot(text: str) -> Slot | None:
    """Title and people of `Role: People`, `“Talk” — Name (N min)`, `Talk by Dr. X`, `Opening — Dr. X`."""
    for m in _ROLE_SEPARATOR.finditer(text):
        left, right = text[: m.start()].strip(), text[m.end() :].strip()
        if not left or not right:
            continue
        if MODERATOR.match(right) or SPEAKER_LIST.match(right):
            return Slot(unquote(left), right, m.end())  # "Panel — Moderator: X; Panelists: A, B"
        first = split_people(right)[0][0] if right else ""
        if looks_like_person(first) or has_honorific(first) or TBC.match(first):
            return Slot(unquote(left), right, m.end())
        if ":" in m.group(0) and is_name(re.split(r"\s*[,(]", strip_minutes(first))[0]):
            return Slot(unquote(left), right, m.end())
    inner = _INNER_HONORIFIC.search(text)
    seps = [m for m in _ROLE_SEPARATOR.finditer(text) if inner is not None and m.end() <= inner.start()]
    if inner is not None and seps and text[: seps[-1].start()].strip():
        # "Welcome remarks — Mayor's Office representative Ms. Denise Harper": the person starts at the honorific
        return Slot(unquote(text[: seps[-1].start()]), text[inner.start() :], inner.start())
    return None
