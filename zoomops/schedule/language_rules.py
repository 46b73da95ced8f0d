"""Rules about languages on stage: interpreted pairs nobody speaks, interpreters who are also on stage.

Both are warnings. When no one in the schedule says what they speak, the first rule says nothing (it
cannot know); the second needs a sound timeline, so it is skipped while the schedule has errors.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from zoomops.common.diagnostics import Diagnostic
from zoomops.i18n.catalog import available_languages
from zoomops.i18n.dates import language_name
from zoomops.i18n.translate import _, current_language
from zoomops.schedule.yamlsource import field_name
from zoomops.show.languages import ISO_639_1
from zoomops.show.model import Schedule
from zoomops.show.pairs import canonical_pair
from zoomops.show.rota import build_rota
from zoomops.show.runofshow import run_of_show
from zoomops.show.speech import speeches

if TYPE_CHECKING:
    from zoomops.schedule.loader import LoadedSchedule


def check_languages(loaded: LoadedSchedule, found: list[Diagnostic]) -> list[Diagnostic]:
    """Language warnings for `loaded`; `found` is what the other rules reported (errors stop the timeline rule)."""
    out = _unused_pair_languages(loaded) + _preferred_without_catalog(loaded)
    if not any(d.severity == "error" for d in [*loaded.diagnostics, *found]):
        out += _interpreters_on_stage(loaded)
    return out


def _warning(loaded: LoadedSchedule, path: tuple[str | int, ...], message: str) -> Diagnostic:
    file, line, col = loaded.where(path)
    return Diagnostic(file, line, col, field_name(path), message, "warning")


def _interpreted_languages(s: Schedule) -> set[str]:
    """Languages spoken in interpreted blocks by speakers and moderators (ISO codes); empty when nobody said."""
    interpreted = s.interpreted_blocks()
    moderators = [s.person(b.moderator) for b in interpreted if b.moderator]
    spoken = {p.languages[0] for p in moderators if p is not None and p.languages}
    ids = {id(b) for b in interpreted}
    return spoken | {sp.language for sp in speeches(s) if sp.language and id(s.blocks[sp.block_index]) in ids}


def _preferred_without_catalog(loaded: LoadedSchedule) -> list[Diagnostic]:
    """A `preferred_language` zoomops does not write: their material comes in every language it has."""
    s, known = loaded.schedule, available_languages()
    message = _("zoomops does not write {language}; their briefing will be in {languages}")
    out = []
    for i, p in enumerate(s.roster):
        if p.preferred_language and p.preferred_language not in known:
            file, line, col, name = loaded.person_where(i, "preferred_language")
            text = message.format(language=p.preferred_language, languages=", ".join(known))
            out.append(Diagnostic(file, line, col, name, text, "warning"))
    for k, member in enumerate(s.interpretation.interpreters if s.interpretation else []):
        if member.preferred_language and member.preferred_language not in known:
            text = message.format(language=member.preferred_language, languages=", ".join(known))
            out.append(_warning(loaded, ("interpretation", "interpreters", k, "preferred_language"), text))
    return out


def _unused_pair_languages(loaded: LoadedSchedule) -> list[Diagnostic]:
    s = loaded.schedule
    if s.interpretation is None:
        return []
    spoken = _interpreted_languages(s)
    if not spoken:
        return []
    out = []
    for i, raw in enumerate(s.interpretation.pairs):
        pair = canonical_pair(raw)
        if pair is None:
            continue
        for lang in pair.languages:
            if ISO_639_1[lang] not in spoken:
                message = _("{pair} is interpreted but no speaker uses {language} (speakers use {spoken})").format(
                    pair=pair.label, language=language_name(ISO_639_1[lang], current_language()),
                    spoken=", ".join(sorted(spoken))
                )
                out.append(_warning(loaded, ("interpretation", "pairs", i), message))
    return out


def _interpreters_on_stage(loaded: LoadedSchedule) -> list[Diagnostic]:
    """An interpreter (same email or name as someone on stage) on duty while that person is on stage."""
    s = loaded.schedule
    if s.interpretation is None:
        return []
    rota, stage = build_rota(s), _stage(s)
    out = []
    for k, member in enumerate(s.interpretation.interpreters):
        keys = {member.name.casefold()} | ({member.email.casefold()} if member.email else set())
        selves = {p.id for p in s.roster if p.name.casefold() in keys or (p.email or "").casefold() in keys}
        for turn in rota.for_interpreter(member.id) if selves else []:
            for start, end, ids, label in stage:
                if ids & selves and _overlap(turn.start, turn.end, start, end):
                    message = _("{interpreter} interprets {start}-{end} but is on stage then as {person} ({item})")
                    text = message.format(
                        interpreter=member.id,
                        start=f"{turn.start:%H:%M}",
                        end=f"{turn.end:%H:%M}",
                        person=", ".join(sorted(ids & selves)),
                        item=label,
                    )
                    out.append(_warning(loaded, ("interpretation", "interpreters", k), text))
    return list(dict.fromkeys(out))


def _stage(s: Schedule) -> list[tuple[datetime, datetime, set[str], str]]:
    """Who is on stage when: (start, end, person ids, label) per item, or per block without items."""
    out = []
    for block in run_of_show(s):
        moderator = {block.block.moderator} if block.block.moderator else set()
        if not block.items and not block.is_break:
            out.append((block.start, block.end, moderator, block.block.label))
        out += [(it.start, it.end, moderator | set(it.item.speaker_ids), it.item.label) for it in block.items]
    return out


def _overlap(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start.astimezone(UTC) < b_end.astimezone(UTC) and b_start.astimezone(UTC) < a_end.astimezone(UTC)
