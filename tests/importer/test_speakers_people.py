"""speakers.py, people.py and kinds.py: people in every common shape, deduplicated; kinds from meaning."""

from __future__ import annotations

import pytest

from zoomops.importer.kinds import block_kind, item_kind
from zoomops.importer.people import People, name_key
from zoomops.importer.speakers import looks_like_person, parse_person, split_people, split_slot
from zoomops.importer.text import slug, unquote


@pytest.mark.parametrize(
    ("text", "honorific", "name", "affiliation", "minutes"),
    [
        ("Dr. Jane Roe, Director, Stats Office", "Dr.", "Jane Roe", "Director, Stats Office", None),
        ("Jane Roe (Director, Stats Office)", None, "Jane Roe", "Director, Stats Office", None),
        (
            "Prof. Alex Brillantes Jr, Secretary-General, EROPA",
            "Prof.",
            "Alex Brillantes Jr",
            "Secretary-General, EROPA",
            None,
        ),
        (
            "Ms. Soo Young Lee, Team Leader, Jeonbuk Center (10 mins)",
            "Ms.",
            "Soo Young Lee",
            "Team Leader, Jeonbuk Center",
            10,
        ),
        ("H.E. Park Min, Minister", "H.E.", "Park Min", "Minister", None),
        ("김민수 박사 (서울대학교)", "박사", "김민수", "서울대학교", None),
        ("이지은 님", "님", "이지은", None, None),
        ("김철수 원장 (한국지방행정연구원)", None, "김철수", "한국지방행정연구원 원장", None),
    ],
)
def test_parse_person(
    text: str, honorific: str | None, name: str, affiliation: str | None, minutes: int | None
) -> None:
    m = parse_person(text)
    assert m is not None
    assert (m.honorific, m.name, m.affiliation, m.minutes) == (honorific, name, affiliation, minutes)


def test_split_people() -> None:
    shared = "Ms. A Lee, Leader, Center (10 mins) & Ms. B Choi, Expert, K-ESG (10 mins)"
    assert [p for p, _ in split_people(shared)] == [
        "Ms. A Lee, Leader, Center (10 mins)",
        "Ms. B Choi, Expert, K-ESG (10 mins)",
    ]
    assert [p for p, _ in split_people("Jane Roe, John Doe and Kim Lee")] == ["Jane Roe", "John Doe", "Kim Lee"]
    assert [p for p, _ in split_people("Dr. A B, Org; Prof. C D, Org2")] == ["Dr. A B, Org", "Prof. C D, Org2"]
    assert [p for p, _ in split_people("Ms. Leilani Kahale, Pacific Telecom Forum")] == [
        "Ms. Leilani Kahale, Pacific Telecom Forum"
    ]
    assert [p for p, _ in split_people("Prof. X Y, Head, Lab; Professor, University")] == [
        "Prof. X Y, Head, Lab; Professor, University"
    ]
    assert [p for p, _ in split_people("이서연 교수, 최민준 님")] == ["이서연 교수", "최민준 님"]


@pytest.mark.parametrize(
    ("text", "title", "people"),
    [
        ("Opening remarks: Dr. X Y, Director, Z (30 mins)", "Opening remarks", "Dr. X Y, Director, Z (30 mins)"),
        ("“Data for all” — Ms. Ann Lee (15 min)", "Data for all", "Ms. Ann Lee (15 min)"),
        ("Keynote by Prof. Kim Lee", "Keynote", "Prof. Kim Lee"),
        ("Summary: Ms. Jo Park", "Summary", "Ms. Jo Park"),
        ("Welcome: Jane Roe", "Welcome", "Jane Roe"),
        ("Panel — Moderator: Mr. A B; Panelists: C D, E F", "Panel", "Moderator: Mr. A B; Panelists: C D, E F"),
        ("Welcome remarks — Mayor's Office representative Ms. Denise Harper", "Welcome remarks", "Ms. Denise Harper"),
        ("발표 1: 최민준 님 (서울디지털재단)", "발표 1", "최민준 님 (서울디지털재단)"),
    ],
)
def test_split_slot(text: str, title: str, people: str) -> None:
    slot = split_slot(text)
    assert slot is not None and (slot.title, slot.people) == (title, people)


@pytest.mark.parametrize("text", ["Session 1: Data for all", "Coffee break", "Q&A (15 mins)", "발표: 청년 주거 실태"])
def test_not_people(text: str) -> None:
    assert split_slot(text) is None or not looks_like_person(split_slot(text).people)  # type: ignore[union-attr]
    assert not looks_like_person(text)


def test_people_are_deduplicated_by_normalised_name() -> None:
    people = People()
    warnings: list[str] = []

    def warn(line: int, col: int, message: str) -> None:
        warnings.append(f"{line}:{col}: {message}")

    first = people.add(parse_person("김 도윤 원장 (한국지역정보원)"), 3, 1, warn)  # type: ignore[arg-type]
    again = people.add(parse_person("김도윤 원장"), 9, 1, warn)  # type: ignore[arg-type]
    roe = people.add(parse_person("Dr. Jane Roe, Stats Office"), 4, 1, warn)  # type: ignore[arg-type]
    roe2 = people.add(parse_person("Ms. Jane  ROE, Other Office"), 5, 7, warn)  # type: ignore[arg-type]
    assert first is again and roe is roe2
    assert [(p.id, p.name, p.affiliation) for p in people.by_key.values()] == [
        ("gim-doyun", "김 도윤", "한국지역정보원 원장"),
        ("jane-roe", "Jane Roe", "Stats Office"),
    ]
    assert warnings == [
        "5:7: Jane  ROE appears again with a different affiliation (Other Office); kept the first, from line 4"
    ]
    assert name_key("Kyung-eun Lee") == name_key("Kyung Eun Lee")


def test_emails_anywhere_are_attached_by_name() -> None:
    people = People()
    for text in ("Dr. Jane Roe, Office", "Mr. Kofi Asante", "Ms. Ana Lima"):
        people.add(parse_person(text), 1, 1, lambda *a: None)  # type: ignore[arg-type]
    notes = people.attach_emails(
        [(20, "Contact: Jane Roe <jroe@stats.example>"), (21, "kofi.asante@policy.example"), (22, "info@forum.example")]
    )
    assert notes == [(20, "jroe@stats.example → jane-roe"), (21, "kofi.asante@policy.example → kofi-asante")]
    assert [p.email for p in people.by_key.values()] == ["jroe@stats.example", "kofi.asante@policy.example", None]


def test_slugs_and_quotes() -> None:
    assert slug("Michelle L. Oren") == "michelle-l-oren"
    assert slug("  José  Ñúñez--Jr. ") == "jose-nunez-jr"
    assert slug("EU–Korea Exchange") == "eu-korea-exchange"
    assert slug("이 서연") == "i-seoyeon"
    assert unquote("“Talk”") == "Talk" and unquote("Keynote: “Talk”") == "Keynote: “Talk”"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Coffee break", "break"),
        ("Networking lunch", "break"),
        ("휴식", "break"),
        ("Welcome and opening", "opening"),
        ("개회사", "opening"),
        ("Wrap-up", "closing"),
        ("폐회", "closing"),
        ("Session 2: Lunch policy", "session"),
        ("Panel: who pays for coffee and breaks in the long run", "session"),
    ],
)
def test_block_kinds(title: str, kind: str) -> None:
    assert block_kind(title)[0] == kind


def test_item_kinds() -> None:
    assert [
        item_kind(t, None) for t in ("Keynote Speech", "Q&A", "Group photo", "Opening Remarks", "Panel", "Talk")
    ] == ["keynote", "qa", "group_photo", "remarks", "discussion", "presentation"]
    assert item_kind("Something", "closing") == "remarks" and item_kind("Something", "session") == "other"
