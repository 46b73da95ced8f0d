"""Bench `zoomops import` on large concept notes, against just reading the file.

Two shapes of note, each built at 1, 2.5, 5 and 10 MB:
- prose: a one-week agenda (Markdown tables, one per day, speakers, breaks) inside long background sections,
  annex tables and lists — what a big real concept note looks like;
- agenda: the whole size is agenda (list-style days of timed lines with nested speakers), the worst case.
For each: the baseline (read the bytes and decode them), the full import (parse, agenda, people, model, YAML,
re-validation), the ratio, and seconds per MB (linear when it stays flat as the size grows).
Target: a 10 MB note imports in under 2 s.

Run: .venv/bin/python bench/bench_import.py [--sizes 1,2.5,5,10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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
    """Day after day of list-style agenda until `size` bytes (the dates run on from 1 January 2030)."""
    from datetime import date, timedelta

    out = ["# Marathon Agenda Stress Test\n\nAll times UTC.\n\n"]
    n = len(out[0])
    day = date(2030, 1, 1)
    while n < size:
        lines = [f"## {day.isoformat()}\n\n"]
        for h in range(8, 18):
            who = NAMES[h % 7]
            lines.append(f"- {h:02d}:00 – {h:02d}:45 Session {h}: topic of the hour\n")
            lines.append(f"  - Moderator: Dr. {who}, Civic Data Office\n")
            lines.append(f"  - “Talk {h}” — Ms. {NAMES[(h + 1) % 7]} (20 min)\n  - Q&A (25 min)\n")
            lines.append(f"- {h:02d}:45 – {h + 1:02d}:00 Break\n")
        text = "".join(lines) + "\n"
        out.append(text)
        n += len(text.encode())
        day += timedelta(days=1)
    return "".join(out)


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2.5,5,10", help="sizes in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"{'note':<7} {'MB':>5} {'blocks':>6} {'read s':>8} {'import s':>9} {'ratio':>7} {'s/MB':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for shape, make in (("prose", prose_note), ("agenda", agenda_note)):
            per_mb: list[float] = []
            for mb in sizes:
                path = Path(tmp) / f"{shape}-{mb}.md"
                path.write_text(make(int(mb * MB)), encoding="utf-8")
                real_mb = path.stat().st_size / MB
                read = _best(lambda p=path: p.read_bytes().decode("utf-8"), args.repeat)
                result = import_document(path, "bench")
                took = _best(lambda p=path: import_document(p, "bench"), args.repeat)
                per_mb.append(took / real_mb)
                print(
                    f"{shape:<7} {real_mb:>5.1f} {len(result.data['blocks']):>6} {read:>8.4f} {took:>9.3f} "
                    f"{took / read:>7.0f} {took / real_mb:>6.3f}"
                )
            spread = max(per_mb) / min(per_mb)
            print(f"{shape}: seconds per MB from {min(per_mb):.3f} to {max(per_mb):.3f} (x{spread:.2f} across sizes)")


if __name__ == "__main__":
    main()
