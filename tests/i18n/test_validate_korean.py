"""The errors `validate` (and `plan`) show most, in Korean with `--lang ko`, in English without: the same
`file:line:col: field: what is wrong` shape, field names as written in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FORUM
from zoomops.cli.main import main


@pytest.fixture(autouse=True)
def state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", str(tmp_path / "state"))


def _forum(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = FORUM.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "forum.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _errors(path: Path, *lang: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main([*lang, "validate", str(path)]) == 2
    return [line.removeprefix(f"{path}:") for line in capsys.readouterr().err.splitlines()]


SHAPE = (
    ("  timezone: Asia/Seoul", "  timezon: Asia/Seoul"),  # a misspelled key
    ("email: placeholder+deniz-susar@example.org", "email: deniz-susar.example.org"),
    ("  - kind: opening", "  - kind: openin"),  # a misspelled value
    ('    end: "09:30"\n', '    end: "9:75"\n'),
)


def test_misspelled_key_bad_email_misspelled_value_and_bad_time(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _forum(tmp_path, *SHAPE)
    assert _errors(path, "--lang", "ko", capsys=capsys) == [
        "8:3: event.timezon: 알 수 없는 필드입니다. 'timezone'을(를) 뜻했나요?",
        "20:161: people[7].email: 이메일 주소가 아닙니다: 'deniz-susar.example.org' "
        "(an email address must have an @-sign)",  # the reason is email-validator's, in English
        "33:5: blocks[0].kind: 'openin'은(는) 'opening', 'session', 'break' 또는 'closing' 중 하나가 아닙니다. "
        "'opening'을(를) 뜻했나요?",
        "36:5: blocks[0].end: 시각(HH:MM)이 아닙니다: '9:75'",
        "오류 4건. 아무것도 변경하지 않았습니다.",
    ]
    assert _errors(path, capsys=capsys) == [  # the default stays English
        "8:3: event.timezon: unknown field; did you mean 'timezone'?",
        "20:161: people[7].email: not an email address: 'deniz-susar.example.org' (an email address must have an "
        "@-sign)",
        "33:5: blocks[0].kind: 'openin' is not one of 'opening', 'session', 'break' or 'closing'; did you mean "
        "'opening'?",
        "36:5: blocks[0].end: not a time of day (HH:MM): '9:75'",
        "4 error(s); nothing was changed.",
    ]


def test_missing_field_and_unquoted_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _forum(tmp_path, ("  id: 2022-undesa-krila-forum\n", ""), ('    start: "09:00"\n', "    start: 9.30\n"))
    assert _errors(path, "--lang", "ko", capsys=capsys) == [
        "4:1: event.id: 필수 필드가 없습니다",
        "34:5: blocks[0].start: 시각(HH:MM)이 아닙니다: 9.3. 따옴표로 감싸 쓰세요(예: '09:00')",
        "오류 2건. 아무것도 변경하지 않았습니다.",
    ]


def test_unknown_person_overlapping_blocks_unknown_zone_duplicate_id(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = _forum(
        tmp_path,
        ('start: "09:30"', 'start: "09:25"'),  # Session 1 starts before the opening ends
        ("speakers: [lei-zheng]", "speakers: [lei-zhang]"),
        ("languages: [en]}", "languages: [en], timezone: Europe/Pari}"),
        ("{id: seonju-choi,", "{id: soo-young-lee,"),
    )
    errors = [e for e in _errors(path, "--lang", "ko", capsys=capsys) if "경고" not in e]
    assert errors == [
        "17:341: people[4].timezone: alex-brillantes-jr의 시간대 'Europe/Pari'을(를) 알 수 없습니다. "
        "'Europe/Paris'을(를) 뜻했나요?",
        "30:6: people[17].id: 중복된 사람 id 'soo-young-lee'",
        "51:5: blocks[1].start: 09:25에 시작하여 블록 0이(가) 끝나기(09:30) 전입니다",
        "53:5: blocks[1].minutes: 75분으로 적혀 있지만 09:25-10:45은(는) 80분입니다",
        "58:77: blocks[1].items[2].speakers[0]: 알 수 없는 사람 'lei-zhang' (people에 없음)",
        "94:14: blocks[5].items[2].segments[1].speaker: 알 수 없는 사람 'seonju-choi' (people에 없음)",
        "오류 6건. 아무것도 변경하지 않았습니다.",
    ]


def test_plan_with_half_the_credentials(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZOOM_ACCOUNT_ID", "acc")
    for var in ("ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"):
        monkeypatch.delenv(var, raising=False)
    assert main(["--lang", "ko", "plan", str(FORUM)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "environment: ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET: ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET이(가) 없습니다. Zoom을 "
        "쓰려면 ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET을(를) 모두 설정하고, 내장 샌드박스를 쓰려면 하나도 "
        "설정하지 마세요",
        "오류 1건. 아무것도 변경하지 않았습니다.",
    ]
