"""`zoomops run` SIGKILLed right after each action cue and at seeded random points, restarted until the show is
over: the sandbox's request log shows every Zoom action performed exactly once, and Zoom ends in the right
state (webinar ended, live stream off, recording resumed)."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import time
from typing import Any

from zoomops.schedule.loader import load_schedule
from zoomops.show.timeline import compile_cues

from .conftest import World

KILLS = 25  # lives end at a random instant until the right-after-action kills still to come make this many
ACTION_CUES = ("preflight", "livestream-start", "b01.recording-pause", "b01.recording-resume",
               "b03.recording-pause", "b03.recording-resume", "livestream-stop", "close")


def _fired(world: World) -> list[dict[str, Any]]:
    return [e for e in world.events() if e.get("type") == "cue" and e.get("status") == "fired"]


def _kill(proc: subprocess.Popen[str], world: World) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)
    world.kills += 1


def _starts(world: World) -> int:
    return sum(1 for e in world.events() if e.get("type") == "run" and e.get("state") == "started")


def _life(world: World, rng: random.Random, targeted: set[str], random_kill: bool) -> subprocess.Popen[str] | None:
    """One runner life: killed right after the first action cue not yet targeted, or (`random_kill`) at a
    random instant once it is up; None when the run ended by itself (the process is then finished)."""
    seen = {e["cue"] for e in _fired(world)}
    starts = _starts(world)
    proc = world.spawn_run()
    deadline: float | None = None
    while proc.poll() is None:
        if deadline is None and random_kill and _starts(world) > starts:
            deadline = time.monotonic() + rng.uniform(0.0, 0.3)  # up: claims, sends and settles from here on
        fresh = [e["cue"] for e in _fired(world) if e["cue"] not in seen]
        hit = next((c for c in fresh if c in ACTION_CUES and c not in targeted), None)
        if hit is not None:
            targeted.add(hit)
            _kill(proc, world)  # right after the action cue was announced: its action may be anywhere in flight
            return proc
        if deadline is not None and time.monotonic() >= deadline:
            _kill(proc, world)
            return proc
        time.sleep(0.005)
    return None


def test_sigkill_never_repeats_or_loses_a_zoom_action(world: World) -> None:
    rng = random.Random(20260906)
    targeted: set[str] = set()
    final: subprocess.Popen[str] | None = None
    for _life_number in range(80):
        proc = _life(world, rng, targeted, random_kill=world.kills < KILLS - (len(ACTION_CUES) - len(targeted)))
        if proc is None:
            final = world.spawn_run()  # the run ended during the last life: one more start reports it
            break
    assert final is not None, "the show never finished"
    out, err = final.communicate(timeout=60)
    assert final.returncode == 0, err[-3000:]
    report = json.loads(out)

    print(f"faults: {world.kills} kills, {len(targeted)} of them right after action cues {sorted(targeted)}")
    assert world.kills >= 20, world.kills  # the show's wall time bounds how many lives fit
    # right after each action cue, as far as the race with a process that exits after the close allows
    assert len(targeted) >= len(ACTION_CUES) - 2, sorted(targeted)
    webinar = world.webinar_id
    # exactly once each, whatever the kills: the request log is the sandbox's, i.e. what reached "Zoom"
    assert len(world.requests_to("PUT", f"/webinars/{webinar}/status")) == 1
    assert len(world.requests_to("PATCH", f"/webinars/{webinar}/livestream/status", action="start")) == 1
    assert len(world.requests_to("PATCH", f"/webinars/{webinar}/livestream/status", action="stop")) == 1
    assert len(world.requests_to("PATCH", f"/live_meetings/{webinar}/events", method="recording.pause")) == 2
    assert len(world.requests_to("PATCH", f"/live_meetings/{webinar}/events", method="recording.resume")) == 2
    assert all(r[3] < 300 for r in world.sandbox.log if r[0] != "GET"), "every Zoom write succeeded"
    record = world.record()
    assert (record["status"], record["livestream_status"], record["recording"]) == ("ended", "stopped", "recording")

    # every cue has exactly one claim, every action settled ok, nothing pending or missed
    ids = [c.id for c in compile_cues(load_schedule(world.schedule).schedule)]
    with sqlite3.connect(world.state / "runner.sqlite") as db:
        rows = db.execute("SELECT cue_id, status FROM firings").fetchall()
        actions = dict(db.execute("SELECT cue_id, state FROM actions").fetchall())
    assert sorted(c for c, _ in rows) == sorted(ids) and {s for _, s in rows} == {"fired"}
    assert actions == dict.fromkeys(ACTION_CUES, "settled")
    assert {c: o["status"] for c, o in report["actions"].items()} == dict.fromkeys(ACTION_CUES, "ok")
    assert report["pending"] == [] and report["missed"] == []
    # every cue announced; announced twice only as a late re-delivery after a kill between claim and announcement
    fired = _fired(world)
    assert {e["cue"] for e in fired} == set(ids)
    on_time = [e["cue"] for e in fired if not e.get("late")]
    assert len(on_time) == len(set(on_time)), "a cue announced twice"
