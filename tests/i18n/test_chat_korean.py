"""Team-chat messages in the chat's own language (ZOOMOPS_NOTIFY_LANGUAGE), console in the process's."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest
import requests

from zoomops.app.context import App
from zoomops.i18n.translate import N_, use_language
from zoomops.runner.events import CueEvent
from zoomops.runner.notify import ChatWebhook, ConsoleView, chat_payload
from zoomops.show.cue import CueKind

AT = "2022-09-06T09:30:00+09:00"
EVENT = CueEvent(
    "fired", "interp.en-ko.t02.handover-0", CueKind.interpretation_handover, "interpreters",
    N_("Handover now: {incoming} on, {outgoing} off — watch your mute", incoming="B", outgoing="A"),
    None, AT, AT, AT, "09:30:00", 0,
)


def test_chat_payload_in_korean_and_english() -> None:
    body, _ = chat_payload("slack", EVENT, None, language="ko")
    assert json.loads(body) == {
        "text": "09:30:00 [interpreters] interp.en-ko.t02.handover-0: 지금 교대: B 시작, A 종료 — 음소거를 확인하세요"
    }
    body, _ = chat_payload("generic", EVENT, None, language="ko")
    assert json.loads(body)["event"]["message"] == "지금 교대: B 시작, A 종료 — 음소거를 확인하세요"
    body, _ = chat_payload("slack", EVENT, None, language="en")
    assert json.loads(body)["text"].endswith(": Handover now: B on, A off — watch your mute")


def test_chat_webhook_posts_in_its_language() -> None:
    posted: list[bytes] = []
    done = threading.Event()

    class Recorder(requests.Session):
        def post(self, url, data=None, **kw):  # type: ignore[no-untyped-def, override]
            posted.append(data)
            done.set()
            resp = requests.Response()
            resp.status_code = 200
            return resp

    hook = ChatWebhook("http://chat.invalid/hook", "slack", session=Recorder(), language="ko")
    hook.emit(EVENT)
    assert done.wait(5)
    hook.close()
    assert json.loads(posted[0])["text"].endswith(": 지금 교대: B 시작, A 종료 — 음소거를 확인하세요")


def test_console_follows_the_process_language() -> None:
    stream = io.StringIO()
    console = ConsoleView(stream=stream, live=False)
    with use_language("ko"):
        console.emit(EVENT)
    console.emit(EVENT)
    assert stream.getvalue().splitlines() == [
        "09:30:00 [interpreters] interp.en-ko.t02.handover-0: 지금 교대: B 시작, A 종료 — 음소거를 확인하세요",
        "09:30:00 [interpreters] interp.en-ko.t02.handover-0: Handover now: B on, A off — watch your mute",
    ]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"ZOOMOPS_LANG": "ko"}, "ko"),
        ({"ZOOMOPS_NOTIFY_LANGUAGE": "ko"}, "ko"),
        ({"ZOOMOPS_LANG": "ko", "ZOOMOPS_NOTIFY_LANGUAGE": "en"}, "en"),
    ],
)
def test_chat_language_from_the_configuration(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("ZOOMOPS_LANG", "ZOOMOPS_NOTIFY_LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ZOOMOPS_NOTIFY_URL", "http://chat.invalid/hook")
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    hook = App.open().chat()
    assert hook is not None
    hook.close()
    assert hook.channels["everyone"].language == expected
