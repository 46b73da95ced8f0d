"""Timeline compiler: a schedule becomes an ordered list of cues with stable, structural ids."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from zoomops.common.clock import elapsed, shifted
from zoomops.show.cue import TRANSITION_KINDS as TRANSITION_KINDS  # re-exported: the board and runner use it
from zoomops.show.cue import Audience, Cue, CueKind
from zoomops.show.handovers import interpretation_cues
from zoomops.show.model import ItemKind, RunOptions, Schedule
from zoomops.show.rota import build_rota
from zoomops.show.runofshow import BlockSlot, ItemSlot, on_stage, run_of_show
from zoomops.show.text import N_, Text
from zoomops.show.webinars import breaks_have_a_webinar, closing_slots, webinar_key

SPOTLIGHT_KINDS = frozenset({ItemKind.presentation, ItemKind.keynote})


@dataclass(frozen=True)
class Gap:
    """Time between two programme blocks (a break, or a hole in the agenda) that absorbs positive delay."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", self.start.astimezone(UTC))
        object.__setattr__(self, "end", self.end.astimezone(UTC))

    @property
    def seconds(self) -> float:
        return elapsed(self.start, self.end).total_seconds()


class _Emitter:
    """Collects cues in emission order (the tie-break for cues at the same instant)."""

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule
        self.cues: list[Cue] = []

    def add(self, cue_id: str, at: datetime, audience: Audience, kind: CueKind, message: str, **extra: Any) -> None:
        self.cues.append(Cue(cue_id, at, audience, kind, message, **extra))

    def hhmm(self, instant: datetime) -> str:
        return instant.astimezone(self.schedule.tz).strftime("%H:%M")


def compile_cues(schedule: Schedule, options: RunOptions | None = None, *, interpretation: bool = True) -> list[Cue]:
    """Every cue of the run, sorted by planned instant (emission order breaks ties: an earlier webinar of a split
    event is closed, its stream stopped, before the next one's stream starts at the same instant)."""
    opts = options or schedule.run
    em = _Emitter(schedule)
    slots = run_of_show(schedule)
    _pre_event(em, slots, opts)
    earlier = {s.index for s in closing_slots(slots, schedule)[:-1]}  # last blocks of all webinars but the last
    for n, slot in enumerate(slots):
        following = slots[n + 1] if n + 1 < len(slots) else None
        if slot.is_break:
            _break(em, slot, following, opts)
        else:
            _block(em, slot, following, opts)
        if slot.index in earlier:
            _close_webinar(em, slot, opts)
    _close(em, slots, opts)
    cues = em.cues + (interpretation_cues_for(schedule) if interpretation else [])
    _check_unique(cues)
    order = {c.id: i for i, c in enumerate(cues)}
    ordered = sorted(cues, key=lambda c: (c.at.astimezone(UTC), order[c.id]))
    _resolve_times(ordered)
    return ordered


BLOCK_KINDS = frozenset({"block-start", "break-start", "close"})


def _resolve_times(cues: list[Cue]) -> None:
    """A message's clock times (`params["times"]`: field -> planned instant) become the ids of the cues planned
    then, so the message can be rendered with their delay-adjusted instants when it fires."""
    at = {c.at.astimezone(UTC): c.id for c in cues if "anchor" not in c.params}
    at.update({c.at.astimezone(UTC): c.id for c in cues if c.kind in TRANSITION_KINDS})  # a start first,
    at.update({c.at.astimezone(UTC): c.id for c in cues if c.kind in BLOCK_KINDS})  # a block's before its item's
    for cue in cues:
        times = cue.params.get("times")
        if times:
            cue.params["times"] = {
                field: at[planned.astimezone(UTC)]
                for field, planned in times.items()
                if isinstance(planned, datetime) and planned.astimezone(UTC) in at
            }


def gaps(schedule: Schedule) -> list[Gap]:
    """Gaps between consecutive programme (non-break) blocks: breaks, holes and nights."""
    programme = [s for s in run_of_show(schedule) if not s.is_break]
    pairs = itertools.pairwise(programme)
    return [Gap(a.end, b.start) for a, b in pairs if elapsed(a.end, b.start).total_seconds() > 0]


def interpretation_cues_for(schedule: Schedule) -> list[Cue]:
    """Interpretation cues (turns, handovers, start reminders) from the interpreters' rota."""
    if schedule.interpretation is None or not schedule.interpretation.interpreters:
        return []
    return list(interpretation_cues(schedule, build_rota(schedule)))


def _check_unique(cues: list[Cue]) -> None:
    seen: set[str] = set()
    for c in cues:
        if c.id in seen:
            raise ValueError(f"duplicate cue id {c.id!r}")
        seen.add(c.id)


def _bid(slot: BlockSlot) -> str:
    return f"b{slot.index:02d}"


def _iid(slot: BlockSlot, item: ItemSlot) -> str:
    return f"{_bid(slot)}.i{item.index:02d}"


def anchor_of(cue: Cue) -> datetime:
    """The planned instant a cue is tied to: a T-10 belongs to its block's start, not to the break it falls in."""
    anchor = cue.params.get("anchor")
    return (anchor if isinstance(anchor, datetime) else cue.at).astimezone(UTC)  # UTC: real order across DST


def _pre_event(em: _Emitter, slots: list[BlockSlot], opts: RunOptions) -> None:
    days = sorted({s.start.date() for s in slots if not s.is_break})
    for n, day in enumerate(days):
        first = min(s.start for s in slots if not s.is_break and s.start.date() == day)
        suffix = "" if n == 0 else f".d{n + 1}"
        em.add(
            f"preflight{suffix}",
            shifted(first, -timedelta(minutes=opts.preflight_minutes)),
            Audience.tech_host,
            CueKind.preflight,
            N_(
                "Pre-flight check (T-{minutes}): webinar settings, panelists, interpretation, recording — "
                "start at {start}",
                minutes=opts.preflight_minutes,
                start=em.hhmm(first),
            ),
            action="preflight",
            params={"times": {"start": first}},
        )
        em.add(
            f"practice-reminder{suffix}",
            shifted(first, -timedelta(minutes=opts.practice_reminder_minutes)),
            Audience.tech_host,
            CueKind.reminder,
            N_("Start the practice session now; panelists join, live at {start}", start=em.hhmm(first)),
            params={"times": {"start": first}},
        )


def _presenters(em: _Emitter, slot: BlockSlot) -> list[str]:
    names: dict[str, None] = {}
    for item in slot.items:
        for name in on_stage(em.schedule, slot.block, item.item)[1 if slot.block.moderator else 0 :]:
            names.setdefault(name, None)
    return list(names)


def _who(em: _Emitter, slot: BlockSlot) -> str:
    moderator = on_stage(em.schedule, slot.block)[0] if slot.block.moderator else None
    presenters = ", ".join(_presenters(em, slot))
    if moderator and presenters:
        return N_("moderator {moderator}, presenters {presenters}", moderator=moderator, presenters=presenters)
    if moderator:
        return N_("moderator {moderator}", moderator=moderator)
    return N_("presenters {presenters}", presenters=presenters) if presenters else ""


def _block(em: _Emitter, slot: BlockSlot, following: BlockSlot | None, opts: RunOptions) -> None:
    bid, label = _bid(slot), slot.block.label
    who = _who(em, slot)
    for n, minutes in enumerate(sorted(opts.block_warnings, reverse=True)):
        at = shifted(slot.start, -timedelta(minutes=minutes))
        em.add(
            f"{bid}.t-{minutes}",
            at,
            Audience.everyone,
            CueKind.block_warning,
            N_(
                "T-{minutes}: next: {label} at {start}, {who}",
                minutes=minutes,
                label=label,
                start=em.hhmm(slot.start),
                who=who,
            )
            if who
            else N_("T-{minutes}: next: {label} at {start}", minutes=minutes, label=label, start=em.hhmm(slot.start)),
            block_index=slot.index,
            params={"anchor": slot.start, "times": {"start": slot.start}},
        )
        if n == 0:
            em.add(
                f"{bid}.panelists",
                at,
                Audience.tech_host,
                CueKind.reminder,
                N_(
                    "Promote/verify panelists for {label}: {names}",
                    label=label,
                    names=", ".join(on_stage_all(em, slot)) or N_("none listed"),
                ),
                block_index=slot.index,
                params={"anchor": slot.start},
            )
    em.add(
        f"{bid}.start",
        slot.start,
        Audience.everyone,
        CueKind.block_start,
        N_(
            "Now: {label} ({start}–{end}), {who}",
            label=label,
            start=em.hhmm(slot.start),
            end=em.hhmm(slot.end),
            who=who,
        )
        if who
        else N_("Now: {label} ({start}–{end})", label=label, start=em.hhmm(slot.start), end=em.hhmm(slot.end)),
        block_index=slot.index,
        params={"label": label, "times": {"start": slot.start, "end": slot.end}},
    )
    if opts.actions.livestream and _opens_a_webinar(em, slot):
        em.add(
            "livestream-start" if _is_first_programme(em, slot) else f"{bid}.livestream-start",
            slot.start,
            Audience.tech_host,
            CueKind.action,
            N_("Start the live stream"),
            action="livestream_start",
            block_index=slot.index,
        )
    for item in slot.items:
        _item(em, slot, item, opts)
    if following is None or (not following.is_break and following.start > slot.end):
        ends = N_("{label} ends", label=label)
        em.add(f"{bid}.end", slot.end, Audience.everyone, CueKind.block_end, ends, block_index=slot.index)


def on_stage_all(em: _Emitter, slot: BlockSlot) -> list[str]:
    """Moderator and every speaker of a block, each once."""
    names = on_stage(em.schedule, slot.block)
    return list(dict.fromkeys(names + _presenters(em, slot)))


def _is_first_programme(em: _Emitter, slot: BlockSlot) -> bool:
    first = min((b for b in em.schedule.blocks if b.kind.value != "break"), key=em.schedule.block_start)
    return slot.block is first


def _opens_a_webinar(em: _Emitter, slot: BlockSlot) -> bool:
    """Whether the block is the first programme block of its webinar (each webinar of a split event streams)."""
    key = webinar_key(em.schedule, slot.index)
    blocks = em.schedule.blocks
    own = [b for i, b in enumerate(blocks) if b.kind.value != "break" and webinar_key(em.schedule, i) == key]
    return bool(own) and slot.block is min(own, key=em.schedule.block_start)


def _item(em: _Emitter, slot: BlockSlot, item: ItemSlot, opts: RunOptions) -> None:
    iid = _iid(slot, item)
    names = on_stage(em.schedule, slot.block, item.item)[1 if slot.block.moderator else 0 :]
    label = item.item.label
    title = f"{label} — {', '.join(names)}" if names else label
    extra = {"block_index": slot.index, "item_index": item.index}
    now = (
        N_("Now: {title}", title=title)
        if item.open_ended
        else N_("Now: {title} ({minutes} min)", title=title, minutes=item.minutes)
    )
    em.add(
        f"{iid}.start",
        item.start,
        Audience.speaker,
        CueKind.item_start,
        now,
        params={"label": item.item.label},
        **extra,
    )
    spotlight = item.item.kind in SPOTLIGHT_KINDS and names
    for k, seg in enumerate(item.segments):
        person = em.schedule.person(seg.speaker_id)
        name = person.display if person else seg.speaker_id
        if k > 0:
            em.add(
                f"{iid}.s{k:02d}.start",
                seg.start,
                Audience.speaker,
                CueKind.segment_start,
                N_("Next speaker: {name} ({label})", name=name, label=label),
                **extra,
            )
        if spotlight:
            sid = f"{iid}.spotlight" if k == 0 else f"{iid}.s{k:02d}.spotlight"
            spot = N_("Spotlight {name} in Zoom", name=name)
            em.add(sid, seg.start, Audience.tech_host, CueKind.reminder, spot, **extra)
    if item.open_ended or not item.item.speaker_ids:
        return
    for n, minutes in enumerate(sorted(opts.speaker_warnings, reverse=True)):
        if minutes >= item.minutes:
            continue
        phase = CueKind.warning if n == 0 else CueKind.danger
        em.add(
            f"{iid}.warn-{minutes}",
            shifted(item.end, -timedelta(minutes=minutes)),
            Audience.speaker,
            phase,
            N_("{minutes} min left: {title} (ends {end})", minutes=minutes, title=title, end=em.hhmm(item.end)),
            params={"times": {"end": item.end}},
            **extra,
        )
    up = N_("Time is up: {title}", title=title)
    em.add(f"{iid}.overtime", item.end, Audience.moderator, CueKind.overtime, up, **extra)


def _break(em: _Emitter, slot: BlockSlot, following: BlockSlot | None, opts: RunOptions) -> None:
    bid = _bid(slot)
    back = following.start if following is not None else slot.end
    params: dict[str, Any] = {"label": slot.block.label, "times": {"back": back}}
    em.add(
        f"{bid}.break-start",
        slot.start,
        Audience.everyone,
        CueKind.break_start,
        N_(
            "{label} — back at {back} with {next}",
            label=slot.block.label,
            back=em.hhmm(back),
            next=following.block.label,
        )
        if following is not None
        else N_("{label} — back at {back}", label=slot.block.label, back=em.hhmm(back)),
        block_index=slot.index,
        params=params,
    )
    # Split per block, a break is between two webinars: no recording runs, so nothing to pause or resume.
    if opts.actions.pause_recording_in_breaks and breaks_have_a_webinar(em.schedule):
        em.add(
            f"{bid}.recording-pause",
            slot.start,
            Audience.tech_host,
            CueKind.action,
            N_("Pause the cloud recording"),
            action="recording_pause",
            params={"method": "recording.pause"},
            block_index=slot.index,
        )
        em.add(
            f"{bid}.recording-resume",
            slot.end,
            Audience.tech_host,
            CueKind.action,
            N_("Resume the cloud recording"),
            action="recording_resume",
            params={"method": "recording.resume", "anchor": slot.end},
            block_index=slot.index,
        )


def _close_webinar(em: _Emitter, slot: BlockSlot, opts: RunOptions) -> None:
    """An earlier day's or block's webinar closes at the end of its last block: its stream stops, it ends.
    Emitted right after that block, so at the same instant they come before the next webinar's stream start."""
    closes = {"closes": slot.index}  # the block whose webinar the Zoom action goes to (show/webinars.py)
    if opts.actions.livestream:
        em.add(f"{_bid(slot)}.livestream-stop", slot.end, Audience.tech_host, CueKind.action,
               N_("Stop the live stream"), action="livestream_stop", params=dict(closes))
    action = "end_webinar" if opts.actions.end_webinar else None
    kind = CueKind.action if action else CueKind.reminder
    # not "the programme is over": it goes on in the next webinar
    text = N_("Close: ending this webinar after {label}; the programme goes on in the next one",
              label=slot.block.label) if action else _close_text(None)
    em.add(f"{_bid(slot)}.close", slot.end, Audience.tech_host, kind, text, action=action, params=dict(closes))


def _close_text(action: str | None) -> Text:
    return N_("Close: the programme is over; ending the webinar") if action else N_("Close: end the webinar in Zoom")


def _close(em: _Emitter, slots: list[BlockSlot], opts: RunOptions) -> None:
    """The last webinar closes at the end of the last block: `livestream-stop`, then `close` (the earlier
    webinars of a split event were closed by `_close_webinar`). `params["closes"]` names that block."""
    end = max(s.end for s in slots)
    closing = closing_slots(slots, em.schedule)
    last: dict[str, Any] = {"closes": closing[-1].index} if closing else {}
    if opts.actions.livestream:
        em.add(
            "livestream-stop",
            end,
            Audience.tech_host,
            CueKind.action,
            N_("Stop the live stream"),
            action="livestream_stop",
            params=dict(last),
        )
    action = "end_webinar" if opts.actions.end_webinar else None
    em.add("close", end, Audience.tech_host, CueKind.close, _close_text(action), action=action, params=dict(last))


def render_message(cue: Cue, effective: dict[str, datetime], tz: Any) -> str:
    """The cue's message with the clock times it quotes (`params["times"]`) at their delay-adjusted values,
    rendered when the cue fires: "back at 11:05" after a 5-minute delay, not the planned 11:00."""
    times = cue.params.get("times") or {}
    values = {field: f"{effective[cid].astimezone(tz):%H:%M}" for field, cid in times.items() if cid in effective}
    if not values or not isinstance(cue.message, Text):
        return cue.message
    return _retimed(cue.message, values)


def _retimed(text: Text, values: dict[str, str]) -> Text:
    """`text` with the named fields replaced, at any depth (a handover's text inside its pair's)."""
    fields = {
        k: (_retimed(v, values) if isinstance(v, Text) else values.get(k, v)) for k, v in text.fields.items()
    }
    return Text(text.template, fields)
