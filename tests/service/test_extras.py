"""Around the run: the service mails the briefings at their lead time (a real local SMTP server, once per version)
and writes the report when the event is done; the console and the API link the report (fake clock, sandbox)."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
import requests
from aiosmtpd.controller import Controller

from tests.registration.test_send_briefings import free_port
from tests.service.conftest import Harness
from zoomops.app.serviceextras import AppEventExtras, proxy_auth
from zoomops.board.hosting import BoardHost
from zoomops.board.links import load_links
from zoomops.common.diagnostics import InputError
from zoomops.schedule.loader import load_schedule
from zoomops.service.auth import Role, Tokens
from zoomops.service.lifecycle import Service
from zoomops.service.metrics import ServiceMetrics
from zoomops.service.server import ServiceServer
from zoomops.service.store import Lifecycle
from zoomops.service.web import ServiceWeb

START = datetime(2022, 9, 6, 0, 0, tzinfo=UTC)  # the forum, 09:00 Seoul


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox(harness: Harness) -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    harness.app.settings = harness.app.settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": controller.port, "smtp_security": "none",
        "smtp_from": "Forum team <forum@example.org>"})
    try:
        yield handler
    finally:
        controller.stop()


def addressee(message: EmailMessage) -> str:
    return str(message["To"].addresses[0].addr_spec)


def with_extras(harness: Harness, briefing_days: float | None = 2) -> AppEventExtras:
    from dataclasses import replace

    extras = AppEventExtras(harness.app, harness.ops)
    harness.service.extras = extras
    lead = timedelta(days=briefing_days) if briefing_days is not None else None
    harness.service.options = replace(harness.service.options, briefing_lead=lead)
    return extras


def provision(harness: Harness) -> None:
    harness.drop()
    harness.service.tick()
    record = harness.service.store.get("forum.yaml")
    assert record is not None
    harness.service.approve("forum.yaml", record.plan_digest or "", "organizer")


def test_briefings_go_out_at_the_lead_time_once_per_version(harness: Harness, inbox: Inbox) -> None:
    with_extras(harness, briefing_days=2)
    provision(harness)
    harness.clock.set(START - timedelta(days=2, seconds=1))
    harness.service.tick()
    assert inbox.messages == []
    harness.clock.advance(1)  # T-2 days
    harness.service.tick()
    assert len(inbox.messages) == 21  # 18 people on stage and 3 interpreters, each their own message
    schedule = load_schedule(harness.schedules / "forum.yaml").schedule
    assert schedule.interpretation is not None
    expected = sorted([p.email or "" for p in schedule.people] + [m.email or "" for m in
                                                                   schedule.interpretation.interpreters])
    assert sorted(addressee(m) for m in inbox.messages) == expected
    assert all(str(m["X-Zoomops-Briefing"]).endswith(" seq=0") for m in inbox.messages)
    harness.clock.advance(3600)
    harness.service.tick()
    assert len(inbox.messages) == 21  # nothing changed: nothing sent again
    restarted = Service(harness.schedules, harness.service.store, harness.ops, harness.clock,
                        harness.service.options, extras=harness.service.extras)
    restarted.tick()
    assert len(inbox.messages) == 21  # a restarted service finds every version already sent (briefings-sent.json)
    path = harness.schedules / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Keynote Speech", "title: Keynote Address", 1), encoding="utf-8")
    harness.service.tick()  # re-planned: the item title is not in Zoom, so the plan is empty and stays provisioned
    harness.service.tick()
    assert harness.service.store.get("forum.yaml").state is Lifecycle.PROVISIONED  # type: ignore[union-attr]
    updated = inbox.messages[21:]
    assert all(str(m["X-Zoomops-Briefing"]).endswith(" seq=1") and "Updated: " in str(m["Subject"]) for m in updated)
    # only the briefings whose text changed: the keynote speaker's, and the interpreter on duty during it
    assert sorted(addressee(m) for m in updated) == ["placeholder+alex-brillantes-jr@example.org",
                                                     "placeholder+interpreter-a@example.org"]


def test_no_smtp_configured_no_briefings_and_nothing_fails(harness: Harness) -> None:
    extras = with_extras(harness, briefing_days=7)
    assert extras.smtp() is None
    provision(harness)
    harness.service.tick()
    record = harness.service.store.get("forum.yaml")
    assert record is not None and record.state is Lifecycle.PROVISIONED and record.last_error is None


def test_report_written_when_done_and_linked_in_the_api_and_console(harness: Harness) -> None:
    extras = with_extras(harness, briefing_days=None)
    extras.host = host = BoardHost()
    tokens = Tokens.load_or_create(harness.state)
    web = ServiceWeb(harness.service, tokens, ServiceMetrics(), harness.ops.budget, lambda: True,
                     board_links=extras.links, report_file=extras.report_file, boards=host.serve)
    server = ServiceServer(web.app(), guest=host)
    server.start()
    try:
        provision(harness)
        harness.clock.set(START - timedelta(minutes=61))  # the runner starts a minute before pre-flight (T-60)
        harness.service.tick()
        handle = harness.service.runners["forum.yaml"]
        live = extras.links("forum.yaml")  # the live board's view links (never the control link)
        links = load_links(harness.state / "events" / "forum")
        assert live == {name: f"/events/forum.yaml/board?view={links.views[name]}"
                        for name in ("board", "stage", "interpreter", "moderator")}
        page = requests.get(server.url + live["interpreter"], timeout=10)
        assert page.status_code == 200 and 'data-view="interpreter"' in page.text
        handle.runner.advance_to(datetime(2022, 9, 6, 5, 0, tzinfo=UTC))  # type: ignore[attr-defined]  # 14:00 Seoul
        harness.service.tick()
        record = harness.service.store.get("forum.yaml")
        assert record is not None and record.state is Lifecycle.DONE and record.last_error is None
        assert requests.get(server.url + live["board"], timeout=10).status_code == 410  # gone with its runner
        page_file = harness.state / "events" / "forum" / "report" / "report.html"
        assert extras.report_file("forum.yaml") == page_file and page_file.is_file()
        assert extras.links("forum.yaml") == {"report": "/events/forum.yaml/report"}
        viewer = {"Authorization": f"Bearer {tokens.first(Role.VIEWER)}"}
        assert requests.get(server.url + "/events/forum.yaml/report", timeout=10).status_code == 401
        served = requests.get(server.url + "/events/forum.yaml/report", headers=viewer, timeout=10)
        assert served.status_code == 200 and served.text == page_file.read_text(encoding="utf-8")
        assert served.headers["content-security-policy"].startswith("default-src 'none'")
        assert requests.get(server.url + "/events/nope.yaml/report", headers=viewer, timeout=10).status_code == 404
        event = requests.get(server.url + "/api/events/forum.yaml", headers=viewer, timeout=10).json()
        assert event["links"] == {"report": "/events/forum.yaml/report"}
        console = requests.get(server.url + "/", headers=viewer, timeout=10).text
        assert '<a href="events/forum.yaml/report">report</a>' in console  # relative: keeps a proxy's prefix
    finally:
        server.stop()


def test_bad_proxy_address_is_an_input_error_naming_the_variable(harness: Harness) -> None:
    settings = harness.app.settings.model_copy(update={"proxy_addresses": "10.0.0.1, proxy.example.org"})
    with pytest.raises(InputError) as raised:
        proxy_auth(settings)
    [diag] = raised.value.diagnostics
    assert diag.render().startswith("environment: ZOOMOPS_PROXY_ADDRESSES:")
    assert proxy_auth(harness.app.settings) is None
    ok = proxy_auth(settings.model_copy(update={"proxy_addresses": "10.0.0.1", "proxy_organizers": "alice"}))
    assert ok is not None and ok.header == "X-Forwarded-User" and ok.organizers == frozenset({"alice"})
