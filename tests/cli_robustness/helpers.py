"""Shared pieces of the CLI robustness tests: a small schedule and a runner that forbids tracebacks."""

from __future__ import annotations

import pytest

from zoomops.cli.main import main

SMALL = """\
event:
  id: small-ev
  title: Small Event
  dates: [2030-05-01]
  timezone: Europe/Paris
  host: host@example.org
people:
  - {id: ann, name: Ann, email: ann@example.org}
  - {id: bob, name: Bob, email: bob@example.org}
blocks:
  - kind: opening
    title: Opening
    start: "09:00"
    end: "09:10"
    moderator: ann
    items:
      - {kind: remarks, title: Hi, minutes: 10, speakers: [bob]}
  - kind: closing
    title: Close
    start: "09:10"
    end: "09:15"
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `zoomops ARGS` in-process; return (exit code, stdout, stderr), never with a traceback."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
