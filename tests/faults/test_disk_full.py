"""The disk under a running `zoomops run` fills up (its file-size limit is lowered to just above what its ledger
holds, with prlimit, while it runs): every later cue is still announced, every Zoom action still performed once,
and the runner says loudly that it is degraded and why."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import pytest

from zoomops.schedule.loader import load_schedule
from zoomops.show.timeline import compile_cues

from .conftest import START_AT, ZOOMOPS, World

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prlimit is Linux-only")


def _wal_size(world: World) -> int:
    wal = world.state / "runner.sqlite-wal"
    return wal.stat().st_size if wal.exists() else 0


def test_a_full_disk_mid_run_degrades_loudly_and_the_show_goes_on(world: World) -> None:
    proc = subprocess.Popen([*ZOOMOPS, "run", str(world.schedule), "--speed", "300", "--start-at", START_AT,
                             "--json"], env=world.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not any(e.get("cue") == "livestream-start" for e in world.events()) and time.monotonic() < deadline:
        time.sleep(0.01)
    # the disk is full from now on: no file of the runner may grow beyond what its ledger journal holds now
    limit = _wal_size(world) + 512
    resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (limit, limit))
    before = {e["cue"] for e in world.events() if e.get("type") == "cue"}
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-3000:]
    report = json.loads(out)

    ledger = world.state / "runner.sqlite"
    assert f"  !!! DEGRADED: {ledger} cannot be written: " in err  # disk I/O error (EFBIG) or disk full (ENOSPC)
    assert "Cues go on from memory and are announced as planned" in err
    events = world.events()
    [degraded] = [e for e in events if e.get("type") == "run" and e.get("state") == "degraded"]
    assert degraded["reason"].startswith(f"{ledger} cannot be written: ")
    ids = [c.id for c in compile_cues(load_schedule(world.schedule).schedule)]
    after = [c for c in ids if c not in before]
    assert len(after) > 20, "the fault must land early in the show"
    announced = {e["cue"] for e in events if e.get("type") == "cue" and e.get("status") == "fired"}
    assert set(after) <= announced  # every cue after the fault was announced...
    console = {line.split("] ", 1)[1].split(":", 1)[0] for line in err.splitlines() if "] " in line}
    assert set(after) <= console  # ...on the console too
    assert report["pending"] == [] and report["missed"] == [] and report["fired"] == len(ids)
    webinar = world.webinar_id  # and Zoom got every action once
    assert len(world.requests_to("PUT", f"/webinars/{webinar}/status")) == 1
    assert len(world.requests_to("PATCH", f"/live_meetings/{webinar}/events", method="recording.resume")) == 2
    assert len(world.requests_to("PATCH", f"/webinars/{webinar}/livestream/status", action="stop")) == 1
    record = world.record()
    assert (record["status"], record["livestream_status"], record["recording"]) == ("ended", "stopped", "recording")
