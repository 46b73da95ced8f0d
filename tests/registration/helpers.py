"""A copy of the forum with a `registration:` section, on a recording sandbox."""

from __future__ import annotations

from pathlib import Path

from tests.contract.spec_check import RecordingSandbox, spec_problems
from tests.provision.conftest import make_context
from zoomops.common.clock import FakeClock
from zoomops.provision.apply import Applier
from zoomops.provision.context import ProvisionContext
from zoomops.provision.plan import Planner

ROOT = Path(__file__).resolve().parents[2]
FORUM = ROOT / "schedules" / "2022-undesa-krila-forum.yaml"
REGISTRATION = """
registration:
  approval: manual
  close_after_event: true
  email_notification: true
  confirmation_email: true
  reminders: [1d, 1h]
  limit: 500
  questions: [org, job_title, {field: country, required: true}]
  custom_questions:
    - {title: Which session interests you most?, type: single_dropdown, answers: [Session 1, Session 2], required: true}
"""


def forum_with(tmp_path: Path, extra: str = REGISTRATION, name: str = "forum.yaml",
               base: str | None = None) -> Path:
    """The forum plus `extra` top-level YAML; a `zoom:` section in `extra` is merged into the forum's own."""
    text = (base if base is not None else FORUM.read_text("utf-8")).rstrip("\n") + "\n"
    if "\nzoom:\n" in "\n" + extra and "\nzoom:\n" in text:
        head, _, rest = ("\n" + extra).partition("\nzoom:\n")
        zoom_lines = []
        lines = rest.splitlines(keepends=True)
        while lines and lines[0].startswith("  "):
            zoom_lines.append(lines.pop(0))
        text = text.replace("\nzoom:\n", "\nzoom:\n" + "".join(zoom_lines), 1)
        extra = head.lstrip("\n") + ("\n" if head.strip() else "") + "".join(lines)
    path = tmp_path / name
    path.write_text(text + extra, encoding="utf-8")
    return path


def context(tmp_path: Path, clock: FakeClock, extra: str = REGISTRATION) -> tuple[ProvisionContext, RecordingSandbox]:
    sandbox = RecordingSandbox(clock)
    state = tmp_path / "state"
    state.mkdir(exist_ok=True)
    return make_context(forum_with(tmp_path, extra), sandbox, clock, state), sandbox


def apply(ctx: ProvisionContext):  # type: ignore[no-untyped-def]
    plan = Planner(ctx.client, ctx.store, ctx.host).plan(ctx.desired)
    return plan, Applier(ctx.client, ctx.store, ctx.host).apply(plan)


def off_spec(sandbox: RecordingSandbox) -> list[str]:
    return [p for exchange in sandbox.exchanges for p in spec_problems(exchange)]
