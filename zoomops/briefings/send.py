"""Mail each person their briefing with its calendar attached, over SMTP, once per version of the briefing.

A briefing's version is a hash of what the person reads (the Markdown, the calendar without its stamp, the
address): re-running `send` after nothing changed sends nothing; after a change, only the changed briefings go
out, marked "Updated", their calendar entries keeping their UIDs with a higher SEQUENCE. What was sent is
recorded per person in `<state>/briefings-sent.json` right after each message is accepted, so an interrupted
run resumes where it stopped. `--dry-run` writes the messages as `.eml` files instead and records nothing.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from zoomops.briefings.briefing import Briefing
from zoomops.briefings.localised import in_languages
from zoomops.common.diagnostics import OperationalError
from zoomops.common.outputs import write_outputs
from zoomops.i18n.translate import _

LEDGER_FILE = "briefings-sent.json"


class SmtpSettings(BaseModel):
    """Where to send from (the configuration object's `ZOOMOPS_SMTP_*` fields); the password stays secret."""

    model_config = ConfigDict(frozen=True)

    host: str
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password: SecretStr | None = None
    sender: str
    timeout: float = 30.0


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # person ids
    updated: list[str] = field(default_factory=list)  # of `sent`, those that replace an earlier version
    unchanged: list[str] = field(default_factory=list)
    no_email: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # .eml files of a dry run


class SentLedger:
    """`briefings-sent.json`: per briefing key, the version last sent and how many versions went out."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LEDGER_FILE
        self.entries: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            try:
                loaded = json.loads(self.path.read_text("utf-8"))
            except (ValueError, OSError):
                raise OperationalError(f"{self.path} is damaged: delete it to send every briefing again") from None
            if not isinstance(loaded, dict):
                raise OperationalError(f"{self.path} is damaged: delete it to send every briefing again")
            self.entries = loaded

    def last(self, key: str) -> dict[str, Any] | None:
        return self.entries.get(key)

    def record(self, key: str, version: str, sequence: int, at: datetime) -> None:
        self.entries[key] = {"version": version, "sequence": sequence, "sent_at": at.astimezone(UTC).isoformat()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=LEDGER_FILE, suffix=".tmp", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self.entries, out, indent=1, sort_keys=True)
        os.replace(tmp, self.path)


def compose(briefing: Briefing, sender: str, now: datetime, sequence: int, updated: bool) -> EmailMessage:
    """The message: the briefing as text, its calendar as `text/calendar` attachment; the subject and the note
    on an update in the briefing's language(s)."""
    msg = EmailMessage()
    msg["Subject"] = subject(briefing, updated)
    msg["From"] = sender
    msg["To"] = f"{briefing.name} <{briefing.email}>"
    msg["Date"] = format_datetime(now.astimezone(UTC))
    msg["Message-ID"] = make_msgid(domain="zoomops.invalid")
    msg["X-Zoomops-Briefing"] = f"{briefing.key} {briefing.version()} seq={sequence}"
    intro = in_languages(briefing.languages, lambda: _(
        "This briefing replaces the one sent earlier; the attached calendar updates the same entries."),
        sep="\n") + "\n\n" if updated else ""
    msg.set_content(intro + briefing.markdown)
    msg.add_attachment(briefing.calendar(now, sequence), maintype="text", subtype="calendar",
                       filename=f"{briefing.event_id}-{briefing.person_id}.ics", params={"method": "PUBLISH"})
    return msg


def subject(briefing: Briefing, updated: bool) -> str:
    """"Updated: <event>: your panelist briefing", in each of the briefing's languages."""
    def what() -> str:
        kind = _("your panelist briefing") if briefing.kind == "panelist" else _("your interpretation briefing")
        return _("Updated: {subject}").format(subject=kind) if updated else kind

    return f"{briefing.event_name}: {in_languages(briefing.languages, what)}"


@contextmanager
def smtp_connection(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """A logged-in SMTP connection; failures are one line naming the server, never the password."""
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.security == "ssl":
            conn: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                                  context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with conn:
            if settings.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
            if settings.username:
                conn.login(settings.username, settings.password.get_secret_value() if settings.password else "")
            yield conn
    except smtplib.SMTPAuthenticationError:
        raise OperationalError(f"SMTP server {where} refused the login of {settings.username!r}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise OperationalError(f"SMTP server {where}: {type(exc).__name__}: {exc}") from None


class BriefingSender:
    """Sends (or, dry, writes) every briefing whose version was not sent yet."""

    def __init__(self, ledger: SentLedger, sender: str, now: Callable[[], datetime]) -> None:
        self.ledger = ledger
        self.sender = sender
        self.now = now

    def pending(self, briefings: list[Briefing], report: SendReport) -> list[tuple[Briefing, str, int, bool]]:
        """(briefing, version, sequence, updated) for each briefing to send; the rest go into the report."""
        todo = []
        for briefing in briefings:
            if not briefing.email:
                report.no_email.append(briefing.person_id)
                continue
            version = briefing.version()
            last = self.ledger.last(briefing.key)
            if last and last.get("version") == version:
                report.unchanged.append(briefing.person_id)
                continue
            sequence = int(last["sequence"]) + 1 if last else 0
            todo.append((briefing, version, sequence, last is not None))
        return todo

    def send(self, briefings: list[Briefing], settings: SmtpSettings) -> SendReport:
        report = SendReport()
        todo = self.pending(briefings, report)
        if not todo:
            return report
        with smtp_connection(settings) as conn:
            for briefing, version, sequence, updated in todo:
                now = self.now()
                message = compose(briefing, self.sender, now, sequence, updated)
                try:
                    conn.send_message(message)
                except smtplib.SMTPException as exc:
                    raise OperationalError(
                        f"SMTP refused the briefing of {briefing.person_id}: {type(exc).__name__}; "
                        f"{len(report.sent)} sent before it (recorded); run send again to continue") from None
                self.ledger.record(briefing.key, version, sequence, now)
                report.sent.append(briefing.person_id)
                if updated:
                    report.updated.append(briefing.person_id)
        return report

    def dry_run(self, briefings: list[Briefing], outbox: Path) -> SendReport:
        """Write what `send` would send as `<person>.eml` files; record nothing."""
        report = SendReport()
        files: list[tuple[str, str | bytes]] = []
        for briefing, _version, sequence, updated in self.pending(briefings, report):
            files.append((f"{briefing.person_id}.eml", compose(briefing, self.sender, self.now(), sequence,
                                                               updated).as_bytes()))
            report.sent.append(briefing.person_id)
            if updated:
                report.updated.append(briefing.person_id)
        report.written = write_outputs(outbox, files)
        return report
