"""`zoomops interpreters`: the interpretation rota in the event's local time and UTC."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

import click

from zoomops.cli.common import emit_json, guarded, json_option, print_diagnostics, schedule_argument


@click.command()
@schedule_argument
@json_option
@guarded
def interpreters(schedule_file: Path, as_json: bool) -> None:
    """Show who interprets when: every turn per language pair, boothmate and what is on stage."""
    from zoomops.app.context import App
    from zoomops.common.diagnostics import Diagnostic, InputError
    from zoomops.show.rota import build_rota

    loaded = App.open(schedule_file).load()
    s = loaded.schedule
    if s.interpretation is None:
        raise InputError([Diagnostic(loaded.source.file, 1, 1, "interpretation", "the schedule has no interpretation")])
    rota = build_rota(s)
    names = {m.id: m.name for m in s.interpretation.interpreters}
    if as_json:
        emit_json(_as_json(s.event.id, s.event.timezone, rota, names, s.interpretation.model_dump()))
        return
    for line in rota_lines(s.event.title, s.event.timezone, rota, names, s.interpretation.model_dump()):
        click.echo(line)
    print_diagnostics(loaded.warnings)


def rota_lines(title: str, tzname: str, rota: Any, names: dict[str, str], rules: dict[str, Any]) -> list[str]:
    """The rota as printed: per pair, one line per turn and one per covered item."""
    lines = [
        f"Interpretation rota: {title}",
        f"Times in {tzname} (UTC in brackets); turns of {rules['turn_minutes']} min "
        f"(up to {rules['turn_minutes'] + rules['turn_tolerance_minutes']} to finish a stretch), "
        f"changes moved up to {rules['snap_minutes']} min earlier to a speaker or session change",
        "",
    ]
    for pair, members in rota.teams.items():
        lines.append(f"{pair.label}: team {', '.join(names.get(m, m) for m in members)}")
        for t in rota.for_pair(pair):
            after = f"→ {names.get(t.boothmate_id or '', t.boothmate_id)}" if t.handover else _pause(rota, t)
            lines.append(
                f"  {t.code}  {t.start:%H:%M}-{t.end:%H:%M} ({t.start.astimezone(UTC):%H:%M}-"
                f"{t.end.astimezone(UTC):%H:%M}Z)  {t.minutes:>2} min  {names.get(t.interpreter_id)}  {after}"
            )
            for c in t.covers:
                who = f" — {', '.join(c.speakers)}" if c.speakers else ""
                lines.append(f"        {c.start:%H:%M} {c.title}{who}")
        lines.append("")
        for m in members:
            mine = [t for t in rota.for_pair(pair) if t.interpreter_id == m]
            lines.append(f"  {names.get(m, m)}: {len(mine)} turns, {sum(t.minutes for t in mine)} min")
        lines.append("")
    return lines


def _as_json(event_id: str, tzname: str, rota: Any, names: dict[str, str], rules: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": event_id,
        "timezone": tzname,
        "rules": {k: rules[k] for k in ("turn_minutes", "turn_tolerance_minutes", "snap_minutes")},
        "pairs": [
            {
                "pair": list(pair.languages),
                "key": pair.key,
                "team": [{"id": m, "name": names.get(m, m)} for m in members],
                "turns": [_turn_json(t) for t in rota.for_pair(pair)],
            }
            for pair, members in rota.teams.items()
        ],
    }


def _turn_json(t: Any) -> dict[str, Any]:
    return {
        "turn": t.number,
        "code": t.code,
        "interpreter": t.interpreter_id,
        "boothmate": t.boothmate_id,
        "start": t.start.isoformat(),
        "end": t.end.isoformat(),
        "start_utc": t.start.astimezone(UTC).isoformat(),
        "end_utc": t.end.astimezone(UTC).isoformat(),
        "minutes": t.minutes,
        "block_index": t.block_index,
        "handover": t.handover,
        "covers": [
            {
                "block_index": c.block_index,
                "item_index": c.item_index,
                "title": c.title,
                "speakers": list(c.speakers),
                "start": c.start.isoformat(),
            }
            for c in t.covers
        ],
    }


def _pause(rota: Any, turn: Any) -> str:
    return "→ break" if rota.following(turn) is not None else "→ end"
