"""The report's pictures, drawn with matplotlib (Agg, SVG text kept as text) and returned as inline SVG."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import dates as mdates
from matplotlib.figure import Figure

from zoomops.report.asrun import AsRun
from zoomops.report.chapters import short_label

PLANNED, ACTUAL, ITEM, DELAY = "#c9d3df", "#1f5f9f", "#5b9bd5", "#c0392b"
RC: Any = {"svg.fonttype": "none", "svg.hashsalt": "zoomops-report", "font.size": 9, "font.family": "DejaVu Sans"}


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": "zoomops"})
    text = buf.getvalue()
    return text[text.index("<svg"):]  # inline: no XML declaration or doctype


def _time_axis(ax: Any, tz: tzinfo) -> None:
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=tz))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(tz=tz, minticks=5, maxticks=12))
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)


def timeline_svg(asrun: AsRun, tz: tzinfo) -> str:
    """Planned (light) vs actual (dark) bar per block and item; delays as red dashed lines."""
    rows = asrun.rows
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(11, 0.28 * len(rows) + 1.4))
        ax = fig.add_subplot()
        for y, row in enumerate(rows):
            height = 0.8 if row.is_block else 0.55
            ax.barh(y, _days(row.planned_start, row.planned_end), left=mdates.date2num(row.planned_start),
                    height=height, color=PLANNED, edgecolor="#9aa8b8", linewidth=0.4)
            if row.actual_start is not None and row.actual_end is not None:
                ax.barh(y, _days(row.actual_start, row.actual_end), left=mdates.date2num(row.actual_start),
                        height=height * 0.45, color=ACTUAL if row.is_block else ITEM)
        for adj in asrun.adjustments:
            if adj["kind"] in ("delay", "anchor") and adj["minutes"]:
                x = mdates.date2num(adj["made_at"])
                ax.axvline(x, color=DELAY, linestyle="--", linewidth=1)
                ax.annotate(f"{adj['minutes']:+g} min", (x, -0.9), color=DELAY, fontsize=8, ha="left",
                            annotation_clip=False)
        ax.set_yticks(range(len(rows)), [_row_label(r) for r in rows])
        ax.set_ylim(len(rows) - 0.4, -1.2)
        _time_axis(ax, tz)
        ax.set_title("Planned (light) and actual (dark) — delays in red", loc="left")
        return _svg(fig)


def _row_label(row: Any) -> str:
    text = short_label(row.label) if row.is_block else "    " + row.label
    return text if len(text) <= 48 else text[:47] + "…"


def _days(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 86400


def attendance_svg(series: Sequence[tuple[datetime, int]], boundaries: Sequence[tuple[datetime, str]],
                   tz: tzinfo) -> str:
    """People present over time (a step line), with each block's actual start marked and named."""
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(11, 3.6))
        ax = fig.add_subplot()
        if series:
            xs = [mdates.date2num(t) for t, _ in series]
            ys = [n for _, n in series]
            ax.step(xs, ys, where="post", color=ACTUAL, linewidth=1.4)
            ax.fill_between(xs, ys, step="post", color=ACTUAL, alpha=0.15)
        top = max([n for _, n in series] or [1])
        for at, label in boundaries:
            x = mdates.date2num(at)
            ax.axvline(x, color="#888888", linestyle=":", linewidth=0.9)
            ax.annotate(short_label(label), (x, top * 1.02), rotation=35, fontsize=7, ha="left", va="bottom",
                        annotation_clip=False)
        ax.set_ylim(0, top * 1.15 + 1)
        ax.set_ylabel("people present")
        _time_axis(ax, tz)
        return _svg(fig)
