"""Bench `zoomops import` on large concept notes, against just reading the file.

Two shapes of note:
- prose (1, 2.5, 5 and 10 MB): a one-week agenda (Markdown tables, one per day, speakers, breaks) inside long
  background sections, annex tables and lists — what a big real concept note looks like;
- agenda (20, 40 and 80 KB, up to ~900 blocks, near the model's limit of 1,000): the whole size is agenda
  (list-style days of timed lines with nested speakers), the worst case per byte.
For each: the baseline (read the bytes and decode them), the full import (parse, agenda, people, model, YAML,
re-validation), the ratio, and seconds per MB (linear when it stays flat as the size grows).
Target: a 10 MB note imports in under 2 s.

Run: .venv/bin/python bench/bench_import.py [--sizes 1,2.5,5,10] [--agenda-sizes 0.25,0.5,1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from zoomops.common.diagnostics import InputError
from zoomops.importer import import_document

MB = 1024 * 1024
NAMES = ["Ada Nwosu", "Bo Lin", "Chiara Rossi", "Dmitri Volkov", "Eun-ji Park", "Farah Haddad", "Gustavo Lima"]
PROSE = (
    "Local governments face rising demands for digital services while budgets remain flat. This section "
    "reviews the evidence from recent surveys, the lessons of earlier programmes and the questions the forum "
    "will put to its speakers; it is deliberately long, as the annexes of real concept notes are. "
)


def _day_table(day: int) -> str:
    rows = [
        "| Time (CET, Brussels) | Session | Speakers |",
        "|---|---|---|",
        f"| 09:00-09:30 | Opening of day {day} | Welcome: Dr. {NAMES[day % 7]}, Director, Civic Data Office |",
        "| 09:30-10:45 | Session A: Services | Moderator: Ms. Bo Lin<br>Presenters: Dr. Chiara Rossi; Mr. Dmitri "
        "Volkov |",
        "| 10:45-11:00 | Coffee break | |",
        "| 11:00-12:00 | Session B: Data | “Open registers” — Ms. Eun-ji Park (20 min)<br>Q&A (40 min) |",
        "| 12:00-12:15 | Closing | Closing remarks: Dr. Farah Haddad |",
    ]
    return "\n".join(rows) + "\n"


def prose_note(size: int) -> str:
    """A one-week agenda surrounded by background prose and annexes up to `size` bytes."""
    head = "# European Forum on Civic Data\n\n8-12 September 2025 · Brussels\n\n## Background\n\n"
    agenda = "## Agenda\n\n" + "".join(
        f"### Day {d} — {7 + d} September 2025\n\n{_day_table(d)}\n" for d in range(1, 6)
    )
    body: list[str] = [head]
    n = len(head.encode()) + len(agenda.encode())
    k = 0
    while n < size:
        k += 1
        piece = (
            f"### Annex {k}\n\n{PROSE * 6}\n\n| Indicator | 2023 | 2024 |\n|---|---|---|\n"
            f"| Portals | {k} | {k + 1} |\n\n"
            f"- Finding {k}: uptake grew in {k % 12 + 1} regions\n- Contact: {NAMES[k % 7]}\n\n"
        )
        body.append(piece)
        n += len(piece.encode())
        if k == 3:
            body.append(agenda)
    return "".join(body)


def agenda_note(size: int) -> str:
    """Up to 28 days of 15-minute list-style sessions (with a moderator, a talk and Q&A each) until `size` bytes;
    the schedule model takes at most 31 days and 1,000 blocks, so past ~85 KB the import ends in that clear error,
    which is timed like any import."""
    from datetime import date, timedelta

    out = ["# Marathon Agenda Stress Test\n\nAll times UTC.\n\n"]
    n = len(out[0])
    day = date(2030, 1, 1)
    while n < size and day < date(2030, 1, 29):
        lines = [f"## {day.isoformat()}\n\n"]
        for q in range(8 * 4, 20 * 4):
            h, m = divmod(q * 15, 60)
            h2, m2 = divmod(q * 15 + 15, 60)
            lines.append(f"- {h:02d}:{m:02d} – {h2:02d}:{m2:02d} Session {q}: topic\n")
            lines.append(f"  - Moderator: Dr. {NAMES[q % 7]}, Civic Data Office\n")
            lines.append(f"  - “Talk {q}” — Ms. {NAMES[(q + 1) % 7]} (10 min)\n  - Q&A (5 min)\n")
            if n + sum(map(len, lines)) >= size:
                break
        text = "".join(lines) + "\n"
        out.append(text)
        n += len(text.encode())
        day += timedelta(days=1)
    return "".join(out)


def _import(path: Path) -> None:
    with contextlib.suppress(InputError):  # past the model's limits the import is a clear error, timed the same
        import_document(path, "bench")


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2.5,5,10", help="sizes of the prose note in MB, comma-separated")
    parser.add_argument(
        "--agenda-sizes", default="0.02,0.04,0.08", help="sizes of the agenda-only note in MB (0.08 MB is ~900 blocks)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = {
        "prose": [float(s) for s in args.sizes.split(",")],
        "agenda": [float(s) for s in args.agenda_sizes.split(",")],
    }
    print(f"{'note':<7} {'MB':>5} {'blocks':>6} {'read s':>8} {'import s':>9} {'ratio':>7} {'s/MB':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for shape, make in (("prose", prose_note), ("agenda", agenda_note)):
            per_mb: list[float] = []
            for mb in sizes[shape]:
                path = Path(tmp) / f"{shape}-{mb}.md"
                path.write_text(make(int(mb * MB)), encoding="utf-8")
                real_mb = path.stat().st_size / MB
                read = _best(lambda p=path: p.read_bytes().decode("utf-8"), args.repeat)
                try:
                    blocks = len(import_document(path, "bench").data["blocks"])
                except InputError:
                    blocks = 0
                took = _best(lambda p=path: _import(p), args.repeat)
                per_mb.append(took / real_mb)
                print(
                    f"{shape:<7} {real_mb:>5.2f} {blocks:>6} {read:>8.4f} {took:>9.3f} "
                    f"{took / read:>7.0f} {took / real_mb:>6.3f}"
                )
            spread = max(per_mb) / min(per_mb)
            print(f"{shape}: seconds per MB from {min(per_mb):.3f} to {max(per_mb):.3f} (x{spread:.2f} across sizes)")


if __name__ == "__main__":
    main()
