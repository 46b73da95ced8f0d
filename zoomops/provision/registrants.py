"""Registrants in bulk: import (deduplicated against Zoom, batches of 30, paced), approve/deny/cancel, export.

Never twice: before sending, every registrant already in Zoom (approved, pending and denied — a cancelled
registration is listed as denied) is listed with `next_page_token` paging and skipped, so a re-run of an
interrupted import sends only the rest. A batch whose answer was lost (`ZoomOutcomeUnknown`) is never resent
blindly: Zoom is listed again and only those still missing are sent. Counts, never names or emails, are
reported.
"""

from __future__ import annotations

import csv
import io
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from zoomops.common.diagnostics import OperationalError
from zoomops.provision.people_file import PersonRow
from zoomops.zoom.client import ZoomClient
from zoomops.zoom.errors import ZoomAPIError, ZoomOutcomeUnknown
from zoomops.zoom.registrants import BATCH_MAX, Action, BatchRegistrant, Registrants, StatusTarget

IMPORT_WORKERS = 4  # batches in flight; the HEAVY bucket, not the workers, sets the pace
MAX_ROUNDS = 3
EXPORT_COLUMNS = ("email", "first_name", "last_name", "status", "join_url", "create_time", "id")

Progress = Callable[[int], None]  # registrants sent so far, by batch


@dataclass
class ImportResult:
    in_file: int
    duplicates_in_file: int
    already_registered: int
    registered: int
    batches: int
    rounds: int


def _batches(people: Sequence[PersonRow], size: int = BATCH_MAX) -> list[list[PersonRow]]:
    return [list(people[i:i + size]) for i in range(0, len(people), size)]


class RegistrantImporter:
    """Registers the people of a file who are not yet registrants of the webinar."""

    def __init__(self, client: ZoomClient, webinar_id: int, *, auto_approve: bool | None = None,
                 workers: int = IMPORT_WORKERS, progress: Progress | None = None) -> None:
        self.api = Registrants(client)
        self.webinar_id = webinar_id
        self.auto_approve = auto_approve
        self.workers = workers
        self.progress = progress or (lambda n: None)
        self.batches_sent = 0
        self.confirmed = 0  # registrants whose batch Zoom answered with success
        self._lock = threading.Lock()

    def registered_emails(self) -> set[str]:
        return {r.email.casefold() for r in self.api.list_all(self.webinar_id)}

    def run(self, people: Sequence[PersonRow], duplicates_in_file: int = 0) -> ImportResult:
        existing = self.registered_emails()
        todo = [p for p in people if p.email.casefold() not in existing]
        already = len(people) - len(todo)
        registered = 0
        for round_number in range(1, MAX_ROUNDS + 1):
            unknown = self._send(todo)
            registered += len(todo) - unknown
            if not unknown:
                return ImportResult(len(people), duplicates_in_file, already, registered, self.batches_sent,
                                    round_number)
            # Some answers were lost: what reached Zoom is in its list; send only who is still missing.
            existing = self.registered_emails()
            missing = [p for p in todo if p.email.casefold() not in existing]
            registered += unknown - len(missing)  # of the unanswered, these did reach Zoom
            todo = missing
            if not todo:
                return ImportResult(len(people), duplicates_in_file, already, registered, self.batches_sent,
                                    round_number)
        raise OperationalError(f"{len(todo)} registrant(s) had no answer from Zoom after {MAX_ROUNDS} rounds; "
                               "run the import again (it skips everyone already registered)")

    def _send(self, people: Sequence[PersonRow]) -> int:
        """Send every batch (a few in flight, paced by the client); return how many had no answer."""

        def one(batch: list[PersonRow]) -> int:
            body = [BatchRegistrant(email=p.email, first_name=p.first_name, last_name=p.last_name) for p in batch]
            with self._lock:
                self.batches_sent += 1
            try:
                self.api.batch_add(self.webinar_id, body, auto_approve=self.auto_approve)
            except ZoomOutcomeUnknown:
                return len(batch)
            with self._lock:
                self.confirmed += len(batch)
            self.progress(len(batch))
            return 0

        pool = ThreadPoolExecutor(max_workers=self.workers)
        in_flight: deque[Future[int]] = deque()
        unknown = 0
        try:
            # A window of `workers` batches: the next is handed out only when the oldest has its answer.
            for batch in _batches(people):
                if len(in_flight) >= self.workers:
                    unknown += in_flight.popleft().result()
                in_flight.append(pool.submit(one, batch))
            while in_flight:
                unknown += in_flight.popleft().result()
            return unknown
        except ZoomAPIError as exc:
            raise OperationalError(describe_zoom_refusal(exc, self.confirmed)) from None
        finally:
            # On a refusal or Ctrl-C no further batch is sent; those in flight finish, and a re-run lists them.
            pool.shutdown(wait=True, cancel_futures=True)


def set_status(client: ZoomClient, webinar_id: int, action: Action, emails: Iterable[str]) -> int:
    """approve/deny/cancel the registrants with these emails, 30 per request; returns how many."""
    targets = [StatusTarget(email=e) for e in emails]
    api = Registrants(client)
    for start in range(0, len(targets), BATCH_MAX):
        api.set_status(webinar_id, action, targets[start:start + BATCH_MAX])
    return len(targets)


def pending_emails(client: ZoomClient, webinar_id: int) -> list[str]:
    return [r.email for r in Registrants(client).list(webinar_id, "pending")]


def export_csv(client: ZoomClient, webinar_id: int) -> tuple[str, int]:
    """Every registrant (all statuses) with their personal join link, as CSV text, and how many."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for registrant in Registrants(client).list_all(webinar_id):
        data = registrant.model_dump()
        writer.writerow([data.get(column) or "" for column in EXPORT_COLUMNS])
        count += 1
    return out.getvalue(), count


def write_private(path: Path, text: str) -> None:
    """Write `text` readable by the owner only (0600, also when the file already existed)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise OperationalError(f"cannot write {path}: {exc.strerror or exc}") from None


EMAIL_LIKE = re.compile(r"[^\s\"'<>(),;:]+@[^\s\"'<>(),;:]+")


def without_people(text: str) -> str:
    """Zoom's messages may quote a registrant (its per-registrant 429 does): emails become `<registrant>`."""
    return EMAIL_LIKE.sub("<registrant>", text)


def describe_zoom_refusal(exc: ZoomAPIError, sent_before: int) -> str:
    """A refused batch stops the import; say how far it got (counts only, no registrant named)."""
    fields = "; ".join(f"{e.get('field', '?')}: {e.get('message', '')}" for e in exc.errors)
    detail = without_people(exc.message + (f" ({fields})" if fields else ""))
    return (f"Zoom refused a batch of registrants: HTTP {exc.http_status} code {exc.code}: {detail}. "
            f"{sent_before} registrant(s) were registered before it; fix the cause and run the import again "
            "(it skips everyone already registered)")
