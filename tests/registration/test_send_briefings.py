"""`send`: briefings mailed over a real local SMTP server (aiosmtpd), once per version, updates marked."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from zoomops.briefings.interpreters import interpreter_briefings
from zoomops.briefings.panelists import panelist_briefings
from zoomops.briefings.send import BriefingSender, SentLedger, SmtpSettings
from zoomops.common.clock import FakeClock
from zoomops.common.diagnostics import OperationalError
from zoomops.schedule.loader import load_schedule
from zoomops.show.model import Schedule
from zoomops.show.rota import build_rota

ROOT = Path(__file__).resolve().parents[2]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
NOW = datetime(2022, 9, 1, 9, 30, tzinfo=UTC)
EVENT = "2022 UN DESA-KRILA Forum: Promoting Innovative Local Govern…"


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, SmtpSettings]]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, SmtpSettings(host="127.0.0.1", port=controller.port, security="none",
                                    sender="Forum team <forum@example.org>")
    finally:
        controller.stop()


def forum() -> Schedule:
    return load_schedule(FORUM).schedule


def sender(tmp_path: Path, clock: FakeClock) -> BriefingSender:
    return BriefingSender(SentLedger(tmp_path / "state"), "Forum team <forum@example.org>", clock.now)


def attachment(msg: EmailMessage) -> Calendar:
    [part] = [p for p in msg.iter_attachments()]
    assert part.get_content_type() == "text/calendar"
    return Calendar.from_ical(part.get_payload(decode=True))


def test_each_panelist_gets_one_message_with_their_calendar(tmp_path: Path, inbox) -> None:  # type: ignore[no-untyped-def]
    box, smtp = inbox
    clock = FakeClock(NOW)
    links = {"placeholder+soo-young-lee@example.org": "https://zoom.example/w/1?tk=soo"}
    report = sender(tmp_path, clock).send(panelist_briefings(forum(), links), smtp)
    assert len(report.sent) == 18 and report.updated == [] and len(box.messages) == 18
    msg = next(m for m in box.messages if "soo-young-lee" in m["To"])
    assert box.envelopes[box.messages.index(msg)] == ("forum@example.org", ["placeholder+soo-young-lee@example.org"])
    assert msg["Subject"] == f"{EVENT}: your panelist briefing / 패널리스트 안내문"  # no preferred language: both
    body = msg.get_body(("plain",)).get_content()
    assert "https://zoom.example/w/1?tk=soo" in body and "## Tech check" in body
    events = list(attachment(msg).walk("VEVENT"))
    assert str(events[0]["uid"]) == "2022-undesa-krila-forum.soo-young-lee.practice@zoomops"
    assert events[0].decoded("dtstamp") == NOW and int(events[0]["sequence"]) == 0
    assert all(str(e["summary"]).startswith("2022 UN DESA-KRILA Forum") for e in events)
    assert all(e.walk("VALARM") for e in events)


def test_a_second_run_sends_nothing_and_a_change_sends_only_updated_briefings(
        tmp_path: Path, inbox) -> None:  # type: ignore[no-untyped-def]
    box, smtp = inbox
    clock = FakeClock(NOW)
    schedule = forum()
    sender(tmp_path, clock).send(panelist_briefings(schedule, {}), smtp)
    box.messages.clear()
    again = sender(tmp_path, clock).send(panelist_briefings(schedule, {}), smtp)
    assert again.sent == [] and len(again.unchanged) == 18 and box.messages == []

    closing = schedule.blocks[-1]
    moved = schedule.model_copy(deep=True)
    moved.blocks[-1] = closing.model_copy(update={"title": "Closing and farewell"})
    clock.advance(3600)
    changed = sender(tmp_path, clock).send(panelist_briefings(moved, {}), smtp)
    on_closing = {pid for pid in moved.programme_ids()
                  if moved.blocks[-1].moderator == pid or any(pid in it.speaker_ids for it in moved.blocks[-1].items)}
    assert set(changed.sent) == on_closing and set(changed.updated) == on_closing and on_closing
    assert len(box.messages) == len(on_closing)
    assert {m["Subject"] for m in box.messages} == {
        f"{EVENT}: Updated: your panelist briefing / [변경] 패널리스트 안내문"}
    cal = attachment(box.messages[0])
    assert {int(e["sequence"]) for e in cal.walk("VEVENT")} == {1}
    assert box.messages[0].get_body(("plain",)).get_content().startswith(
        "This briefing replaces the one sent earlier; the attached calendar updates the same entries.\n"
        "이 안내문은 앞서 보낸 안내문을 대신합니다. 첨부한 캘린더 파일은 같은 일정을 갱신합니다.\n\n"
        "# Panelist briefing — ")


def test_interpreters_get_their_join_link_and_the_practice_session(tmp_path: Path, inbox) -> None:  # type: ignore[no-untyped-def]
    box, smtp = inbox
    schedule = forum()
    link = "https://zoom.example/w/1?tk=interp-b"
    report = sender(tmp_path, FakeClock(NOW)).send(
        interpreter_briefings(schedule, build_rota(schedule), {"placeholder+interpreter-b@example.org": link}), smtp)
    assert report.sent == ["interpreter-a", "interpreter-b", "interpreter-c"]
    msg = next(m for m in box.messages if "interpreter-b" in m["To"])
    body = msg.get_body(("plain",)).get_content()
    assert f"- Your personal join link (do not share it): {link}." in body
    assert "- Tech check: join the practice session at 08:30 Asia/Seoul, 23:30 UTC" in body
    events = list(attachment(msg).walk("VEVENT"))
    assert [str(e["uid"]) for e in events][:2] == ["2022-undesa-krila-forum.interpreter-b.practice@zoomops",
                                                   "2022-undesa-krila-forum.interpreter-b.en-ko-t02@zoomops"]
    assert str(events[1]["location"]) == link


def test_dry_run_writes_eml_files_and_records_nothing(tmp_path: Path) -> None:
    schedule = forum()
    clock = FakeClock(NOW)
    report = sender(tmp_path, clock).dry_run(panelist_briefings(schedule, {}), tmp_path / "outbox")
    assert len(report.written) == 18 and all(p.suffix == ".eml" for p in report.written)
    msg = email.message_from_bytes(report.written[0].read_bytes(), policy=email.policy.default)
    assert msg["To"] and attachment(msg)
    assert not (tmp_path / "state" / "briefings-sent.json").exists()


def test_people_without_email_are_reported_not_mailed(tmp_path: Path, inbox) -> None:  # type: ignore[no-untyped-def]
    box, smtp = inbox
    schedule = forum()
    first = schedule.person(schedule.programme_ids()[0])
    assert first is not None
    first.email = None
    report = sender(tmp_path, FakeClock(NOW)).send(panelist_briefings(schedule, {}), smtp)
    assert report.no_email == [first.id] and len(box.messages) == 17


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    smtp = SmtpSettings(host="127.0.0.1", port=free_port(), security="none", sender="forum@example.org",
                        password="s3cret-pass", username="forum", timeout=2)  # type: ignore[arg-type]
    with pytest.raises(OperationalError) as info:
        sender(tmp_path, FakeClock(NOW)).send(panelist_briefings(forum(), {}), smtp)
    assert str(info.value).startswith(f"SMTP server 127.0.0.1:{smtp.port}: ConnectionRefusedError")
    assert "s3cret" not in str(info.value) and "s3cret" not in repr(smtp)


def test_the_briefings_practice_session_is_the_runners_practice_cue() -> None:
    from zoomops.briefings.calendar import practice_session_at
    from zoomops.show.timeline import compile_cues

    schedule = forum()
    schedule.run.practice_reminder_minutes = 40
    [cue] = [c for c in compile_cues(schedule) if c.id.startswith("practice-reminder")]
    assert practice_session_at(schedule) == cue.at
    [calendar] = [b.calendar(NOW, 0) for b in panelist_briefings(schedule, {})][:1]
    first = next(iter(Calendar.from_ical(calendar).walk("VEVENT")))
    assert first.decoded("dtstart") == cue.at
