"""Cues for the interpretation team and the host: handovers (5-2-now) and starting interpretation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from zoomops.common.clock import shifted
from zoomops.show.cue import Audience, Cue, CueKind
from zoomops.show.model import Schedule
from zoomops.show.pairs import Pair
from zoomops.show.rota import Rota, Turn
from zoomops.show.text import N_, Text

HANDOVER_WARNINGS = (5, 2, 0)  # minutes before a handover (the "5 min, 2 min, watch your mute" protocol)
HOST_START_MINUTES = 15  # the host starts interpretation this long before the first interpreted block


def interpretation_cues(schedule: Schedule, rota: Rota, host_start_minutes: int = HOST_START_MINUTES) -> list[Cue]:
    """Every interpretation cue, in time order. Ids are stable: `interp.en-ko.t03.handover-5` is the
    warning 5 minutes before turn 3 begins."""
    names = _names(schedule)
    several = len(rota.teams) > 1
    cues: list[Cue] = []
    for pair in rota.teams:
        turns = rota.for_pair(pair)
        for previous, turn in zip([None, *turns], turns, strict=False):
            if previous is not None and previous.handover:
                cues += _handover_cues(previous, turn, names, several)
            else:
                cues.append(_on_cue(turn, names, several))
    cues += _host_cues(schedule, rota, host_start_minutes)
    return sorted(cues, key=lambda c: (c.at.astimezone(UTC), c.id))


def _names(schedule: Schedule) -> dict[str, str]:
    interp = schedule.interpretation
    return {m.id: m.name for m in interp.interpreters} if interp else {}


def _with_pair(text: Text, pair: Pair, several: bool) -> Text:
    return N_("{text} ({pair})", text=text, pair=pair.label) if several else text


def _handover_cues(out: Turn, incoming: Turn, names: dict[str, str], several: bool) -> list[Cue]:
    """Cues before `incoming` takes over from `out`; none earlier than `out`'s own start."""
    a, b = names.get(out.interpreter_id, out.interpreter_id), names.get(incoming.interpreter_id)
    b = b or incoming.interpreter_id
    at = incoming.start
    cues = []
    for minutes in HANDOVER_WARNINGS:
        when = shifted(at, -timedelta(minutes=minutes))
        if when < out.start:
            continue
        if minutes:
            text = N_(
                "{minutes} min to handover: {incoming} takes over from {outgoing} at {at}",
                minutes=minutes,
                incoming=b,
                outgoing=a,
                at=f"{at:%H:%M}",
            )
        else:
            text = N_("Handover now: {incoming} on, {outgoing} off — watch your mute", incoming=b, outgoing=a)
        cues.append(_cue(incoming, f"handover-{minutes}", when, CueKind.interpretation_handover, text, several, out))
    return cues


def _on_cue(turn: Turn, names: dict[str, str], several: bool) -> Cue:
    """Five minutes before a stretch of interpreting (the first, or after a break) begins."""
    who = names.get(turn.interpreter_id, turn.interpreter_id)
    mate = names.get(turn.boothmate_id or "", turn.boothmate_id or N_("nobody"))
    text = N_("5 min to interpretation: {who} on at {at}, {next} next", who=who, at=f"{turn.start:%H:%M}", next=mate)
    at = shifted(turn.start, -timedelta(minutes=5))
    cue = _cue(turn, "on-5", at, CueKind.interpretation_on, text, several, None)
    # It belongs to the start it announces (as a block's T-5 does): a published start that waits holds it too.
    cue.params["anchor"] = turn.start
    return cue


def _cue(turn: Turn, tag: str, at: datetime, kind: CueKind, text: Text, several: bool, out: Turn | None) -> Cue:
    params = {
        "pair": list(turn.pair.languages),
        "turn": turn.number,
        "incoming": turn.interpreter_id,
        "outgoing": out.interpreter_id if out else None,
        "handover_at": turn.start.isoformat(),
        "times": {"at": turn.start},  # the {at} its message quotes follows the delay
    }
    return Cue(
        id=f"interp.{turn.pair.key}.{turn.code}.{tag}",
        at=at,
        audience=Audience.interpreters,
        kind=kind,
        message=_with_pair(text, turn.pair, several),
        params=params,
        block_index=turn.block_index,
    )


def _channels(rota: Rota) -> Text:
    langs = list(dict.fromkeys(lang for pair in rota.teams for lang in pair.languages))
    if len(langs) == 2:
        return N_("both channels, {first} and {second},", first=langs[0], second=langs[1])
    listed = N_("{some} and {last}", some=", ".join(langs[:-1]), last=langs[-1]) if len(langs) > 1 else "".join(langs)
    return N_("all channels, {listed},", listed=listed)


def _host_cues(schedule: Schedule, rota: Rota, lead: int) -> list[Cue]:
    """Per event day: start interpretation before the first interpreted turn, check at its start."""
    if not rota.turns:
        return []
    channels = _channels(rota)
    firsts: dict[date, Turn] = {}
    for turn in sorted(rota.turns, key=lambda t: t.start):
        firsts.setdefault(turn.start.date(), turn)
    cues = []
    for day, turn in enumerate(firsts.values(), start=1):
        start = N_(
            "Start interpretation in the Zoom desktop client (Interpretation > Start) and check {channels} are live",
            channels=channels,
        )
        check = N_("Interpretation: confirm {channels} are live", channels=channels)
        for tag, at, kind, text in (
            ("host-start", shifted(turn.start, -timedelta(minutes=lead)), CueKind.interpretation_host_start, start),
            ("host-check", turn.start, CueKind.interpretation_host_check, check),
        ):
            cues.append(Cue(f"interp.d{day}.{tag}", at, Audience.tech_host, kind, text, block_index=turn.block_index))
    return cues
