"""Team chat for a live event: routed by audience, batched and rate-limited, rehearsal posts tagged."""

from __future__ import annotations

import dataclasses
import json
import threading
import time

import requests

from zoomops.runner.events import ActionEvent, CueEvent
from zoomops.runner.notify import ChatRouter, ChatWebhook
from zoomops.show.cue import CueKind

from .conftest import kst


class Recorder(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.posts: list[tuple[str, str]] = []
        self.done = threading.Event()

    def post(self, url, data=None, **kw):  # type: ignore[no-untyped-def, override]
        self.posts.append((url, data.decode()))
        resp = requests.Response()
        resp.status_code = 200
        return resp


def cue(n: int, audience: str) -> CueEvent:
    return CueEvent(status="fired", cue=f"c{n}", kind=CueKind.reminder, audience=audience, message=f"m{n}",
                    action=None, planned="", effective="", at="", local="09:00:00", lateness_ms=0)


def test_a_burst_is_batched_and_tagged() -> None:
    session = Recorder()
    hook = ChatWebhook("http://chat.invalid/all", "slack", session=session, tag="[REHEARSAL]", min_interval=0.3,
                       max_lines=5)
    hook.emit(cue(0, "everyone"))
    assert _wait_for(lambda: len(session.posts) == 1)
    for n in range(1, 40):  # 39 cues at once, within the interval: they wait, then go as one post
        hook.emit(cue(n, "everyone"))
    hook.close()
    texts = [json.loads(text)["text"] for _, text in session.posts]
    assert hook.sent == 40 and hook.posts == 2 and hook.failures == 0
    assert texts[0] == "[REHEARSAL] 09:00:00 [everyone] c0: m0"
    assert texts[1].splitlines() == ["[REHEARSAL] 09:00:00 [everyone] c1: m1", *[
        f"09:00:00 [everyone] c{n}: m{n}" for n in (2, 3, 4)], "… and 35 more"]


def _wait_for(condition, seconds: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_events_go_to_their_audience_channel_once() -> None:
    session = Recorder()
    hooks = {name: ChatWebhook(f"http://chat.invalid/{name}", "slack", session=session, min_interval=0)
             for name in ("everyone", "tech_host", "interpreters")}
    router = ChatRouter(hooks)
    router.emit(cue(1, "interpreters"))
    router.emit(cue(2, "tech_host"))
    router.emit(cue(3, "moderator"))  # no moderators channel: everyone's
    router.emit(cue(4, "everyone"))
    router.emit(ActionEvent(cue="close", action="end_webinar", outcome={"status": "ok"}))
    router.close()
    by_url: dict[str, list[str]] = {}
    for url, text in session.posts:
        by_url.setdefault(url.rsplit("/", 1)[1], []).append(text)
    assert sorted(by_url) == ["everyone", "interpreters", "tech_host"]
    assert ["c1" in t for t in by_url["interpreters"]] == [True]
    assert sum(t.count("c2") + t.count("end_webinar") for t in by_url["tech_host"]) == 2
    assert sum(t.count("c3") + t.count("c4") for t in by_url["everyone"]) == 2
    assert len(session.posts) == sum(len(v) for v in by_url.values()) <= 5


def test_cues_that_did_not_fire_go_to_the_tech_host_only() -> None:
    """A skipped T-1 or a missed warning never reached its audience: the tech host hears of it, nobody else."""
    session = Recorder()
    hooks = {name: ChatWebhook(f"http://chat.invalid/{name}", "slack", session=session, min_interval=0)
             for name in ("everyone", "tech_host", "interpreters")}
    router = ChatRouter(hooks)
    skipped = CueEvent(status="skipped", cue="b02.t-1", kind=CueKind.reminder, audience="everyone",
                       message="T-1: next: Panel at 10:55", action=None, planned="", effective="", at="",
                       local="10:54:00", lateness_ms=0)
    router.emit(skipped)
    router.emit(dataclasses.replace(skipped, status="missed", cue="interp.t03.on-5", audience="interpreters"))
    router.emit(cue(1, "everyone"))
    router.close()
    texts: dict[str, str] = {}  # one channel's posts, one line per event (one post or two, as the worker took them)
    for url, text in session.posts:
        name = url.rsplit("/", 1)[1]
        texts[name] = "\n".join([*filter(None, [texts.get(name)]), json.loads(text)["text"]])
    assert texts == {
        "tech_host": "10:54:00 [SKIPPED] b02.t-1: T-1: next: Panel at 10:55\n"
                     "10:54:00 [MISSED] interp.t03.on-5: T-1: next: Panel at 10:55",
        "everyone": "09:00:00 [everyone] c1: m1",
    }


def test_a_skipped_cue_quotes_its_times_as_due_when_skipped(make_runner) -> None:  # type: ignore[no-untyped-def]
    runner, _ = make_runner(kst(8, 50))
    runner.advance_to(kst(9, 5))
    runner.delay(5)
    runner.skip("b00.i01.warn-2")
    skipped = [e for e in runner.notifier.typed if isinstance(e, CueEvent) and e.status == "skipped"]
    said = "2 min left: Talk B — Bo, Ana (ends 09:35)"  # planned 09:30, +5 min
    assert [(e.cue, str(e.message)) for e in skipped] == [("b00.i01.warn-2", said)]
