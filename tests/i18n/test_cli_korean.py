"""`validate` and `plan` in Korean (`--lang ko`), and English again without it."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from tests.conftest import FORUM, ROOT
from zoomops.cli.main import main


@pytest.fixture(autouse=True)
def sandbox_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for var in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_API_URL", "ZOOM_OAUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("ZOOMOPS_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


FORUM_REL = "schedules/2022-undesa-krila-forum.yaml"


def test_validate_in_korean_then_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ko", "validate", FORUM_REL]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{FORUM_REL}:39:5: 경고: blocks[0].items: 항목이 30분 중 25분을 채웁니다 (Group photo: 시간 미지정)",
        f"{FORUM_REL}:103:5: 경고: blocks[6].items: 항목이 15분 중 10분을 채웁니다",
    ]
    assert out == (
        f"{FORUM_REL}: 정상 — 2022 UN DESA-KRILA Forum on “Promoting Innovative Local Gove…: "
        "블록 7개, 인원 18명, 경고 2건\n"
    )
    assert main(["validate", FORUM_REL]) == 0  # the language does not stick to the next command
    assert capsys.readouterr().out.endswith(": 7 blocks, 18 people, 2 warning(s)\n")


def test_broken_schedule_in_korean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    text = FORUM.read_text(encoding="utf-8")
    text = text.replace('start: "09:30"', 'start: "09:25"').replace("speakers: [lei-zheng]", "speakers: [lei-zhang]")
    broken.write_text(text, encoding="utf-8")
    assert main(["--lang", "ko", "validate", str(broken)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{broken}:39:5: 경고: blocks[0].items: 항목이 30분 중 25분을 채웁니다 (Group photo: 시간 미지정)",
        f"{broken}:51:5: blocks[1].start: 09:25에 시작하여 블록 0이(가) 끝나기(09:30) 전입니다",
        f"{broken}:53:5: blocks[1].minutes: 75분으로 적혀 있지만 09:25-10:45은(는) 80분입니다",
        f"{broken}:55:5: 경고: blocks[1].items: 항목이 80분 중 75분을 채웁니다",
        f"{broken}:58:77: blocks[1].items[2].speakers[0]: 알 수 없는 사람 'lei-zhang' (people에 없음)",
        f"{broken}:103:5: 경고: blocks[6].items: 항목이 15분 중 10분을 채웁니다",
        "오류 3건. 아무것도 변경하지 않았습니다.",
    ]


def test_plan_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ko", "plan", FORUM_REL]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [
        "경고: Zoom이 지금 패널리스트 18명에게 초대 이메일을 보냅니다 (보내지 않으려면 "
        "zoom.settings.panelists_invitation_email_notification: false로 설정하세요).",
        "계획: 생성 1건, 수정 0건, 패널리스트 추가 18명, 삭제 0명; 쓰기 호출 2회.",
        "호스트 placeholder+zoom-host@example.org의 일일 생성·수정 한도: 100회 중 1회 사용 예정 "
        "(오늘 zoomops가 이미 0회 사용, UTC 기준).",
    ]
    assert main(["--lang", "ko", "apply", FORUM_REL, "--yes"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0].startswith("zoomops: Zoom 자격 증명 없음 — 내장 Zoom 샌드박스를 사용합니다 (상태: ")
    assert out.splitlines()[-3:-1] == ["웨비나 event: 19898259555 (생성됨)",
                                       "  참가 URL: https://sandbox.zoomops.invalid/w/19898259555?tk=KYX4XGnpCSkr58L5PSiSpA"]
    assert out.splitlines()[-1] == "적용 및 확인 완료: 패널리스트 18명 추가, 0명 삭제."
    assert main(["--lang", "ko", "plan", FORUM_REL]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "변경 사항 없음. Zoom이 일정과 일치합니다 (쓰기 호출 0회)."


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "fr", "validate", FORUM_REL]) == 2
    assert "Invalid value for --lang: no catalog for 'fr'; zoomops speaks en, ko" in capsys.readouterr().err


def test_zoomops_lang_from_the_environment_and_the_command_line_wins(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZOOMOPS_LANG", "ko-KR")
    assert main(["validate", FORUM_REL]) == 0
    assert capsys.readouterr().out.endswith(": 블록 7개, 인원 18명, 경고 2건\n")
    assert main(["--lang", "en", "validate", FORUM_REL]) == 0
    assert capsys.readouterr().out.endswith(": 7 blocks, 18 people, 2 warning(s)\n")


def test_unknown_zoomops_lang_is_an_input_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZOOMOPS_LANG", "fr")
    assert main(["validate", FORUM_REL]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "environment: ZOOMOPS_LANG: no catalog for 'fr'; zoomops speaks en, ko",
        "1 error(s); nothing was changed.",
    ]


def test_send_in_korean(sandbox_env: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    for var in ("ZOOMOPS_SMTP_HOST", "ZOOMOPS_SMTP_FROM"):
        monkeypatch.delenv(var, raising=False)
    assert main(["--lang", "ko", "send", FORUM_REL, "--interpreters"]) == 2
    assert capsys.readouterr().err.splitlines()[-3:] == [
        "environment: ZOOMOPS_SMTP_HOST: 설정되지 않았습니다. `send`에는 SMTP 서버가 필요합니다(.env.example 참고). "
        "또는 --dry-run을 쓰세요",
        "environment: ZOOMOPS_SMTP_FROM: 설정되지 않았습니다. `send`에는 SMTP 서버가 필요합니다(.env.example 참고). "
        "또는 --dry-run을 쓰세요",
        "오류 2건. 아무것도 변경하지 않았습니다.",
    ]
    assert main(["--lang", "ko", "send", FORUM_REL, "--interpreters", "--dry-run"]) == 0
    out, err = capsys.readouterr()
    outbox = sandbox_env / "state" / "outbox"
    assert out.splitlines() == [
        *(f"  보낼 예정      interpreter-{x}" for x in "abc"),
        f"통역 안내문: 3건 보낼 예정 (변경 0건), 변경 없음 0건, 이메일 없음 0건; .eml 파일 위치: {outbox}.",
    ]
    assert err.splitlines()[-1] == (
        "zoomops: Zoom에 아직 웨비나가 없습니다. 안내문에는 참가 링크를 추후 보낸다고 적습니다 (apply를 실행하세요)")
    [eml] = [p for p in outbox.iterdir() if p.name == "interpreter-b.eml"]
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == ("2022 UN DESA-KRILA Forum: Promoting Innovative Local Govern…: "
                                  "your interpretation briefing / 통역 안내문")
