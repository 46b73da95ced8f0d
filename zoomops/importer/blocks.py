"""Raw blocks → schedule blocks: title and kind, times, moderator, items with their speakers and minutes.

Every guess is a warning at its source location; what decided each field is kept for `--explain`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from zoomops.importer.agenda import Entry, RawBlock
from zoomops.importer.kinds import block_kind, item_kind
from zoomops.importer.people import People
from zoomops.importer.speakers import (
    MODERATOR,
    SPEAKER_LIST,
    TBC,
    has_honorific,
    looks_like_person,
    parse_person,
    split_people,
    split_slot,
)
from zoomops.importer.text import short, unquote
from zoomops.importer.times import Clock, duration, strip_durations

Warn = Callable[[int, int, str, str], None]
_LIST_KINDS = {
    "pres": "presentation",
    "spea": "presentation",
    "pane": "discussion",
    "disc": "discussion",
    "발표": "presentation",
    "토론": "discussion",
    "패널": "discussion",
}
_SEMICOLON = re.compile(r"\s*;\s+")
_LABEL = re.compile(
    r"^((?:keynote\s+)?speakers?|presenters?|panell?ists?|discussants?|respondents?|moderators?|chairs?|"
    r"facilitators?|intervenant(?:e)?s?|pan[ée]listes?|mod[ée]rat(?:eur|rice)|발표자|연사|토론자|패널|사회|좌장)\s*:?\s*$",
    re.IGNORECASE,
)
_PAREN_MODERATOR = re.compile(r"\s*[(\[]\s*((?:moderat|chair|facilitat|사회|좌장)[^)\]]*)[)\]]", re.I)


@dataclass
class Explained:
    """How one agenda row was read, for `--explain`."""

    line: int
    time_text: str
    start: str
    end: str
    date: str
    date_words: str
    kind: str
    kind_words: str
    title: str
    zone_words: str = ""
    moderator: str | None = None
    items: list[tuple[str, str, int | None, list[tuple[str, int | None]]]] = field(default_factory=list)


@dataclass
class _Found:
    pid: str
    minutes: int | None
    entry: Entry


class BlockBuilder:
    """Builds one schedule block (a dict in the model's shape) at a time; people go to the shared registry."""

    def __init__(self, people: People, warn: Warn) -> None:
        self.people = people
        self.warn = warn
        self.block: dict[str, Any] = {}

    def build(
        self, index: int, rb: RawBlock, end: Clock, with_date: bool, date_text: str
    ) -> tuple[dict[str, Any], Explained]:
        path = f"blocks[{index}]"
        heading, entries = self.heading(rb)
        minutes = rb.minutes
        d = duration(heading)
        if d is not None:
            minutes = minutes if minutes is not None else d[0]
            heading = strip_durations(heading)
        heading = unquote(heading)
        kind, kind_words = block_kind(heading)
        block: dict[str, Any] = {"kind": kind}
        if heading:
            block["title"] = heading
        else:
            self.warn(rb.line, rb.col, path, "this time range has no title")
        if with_date:
            block["date"] = date_text
        block["start"], block["end"] = rb.start.text, end.text
        span = end.minutes - rb.start.minutes
        if span <= 0:
            self.warn(rb.line, rb.col, f"{path}.end", f"{rb.start.text}-{end.text} does not end after it starts")
        if minutes is not None:
            if span > 0 and minutes != span:
                self.warn(
                    rb.line,
                    rb.col,
                    f"{path}.minutes",
                    f"says {minutes} minutes but {rb.start.text}-{end.text} is {span} minutes; kept the times",
                )
            else:
                block["minutes"] = minutes
        ex = Explained(
            rb.line,
            rb.time_text,
            rb.start.text,
            end.text,
            date_text,
            rb.date_words,
            kind,
            kind_words,
            heading,
            rb.zone_words,
        )
        self.block = block
        items = self.items(block, heading, kind, entries, path, span)
        if items:
            block["items"] = items
        ex.moderator = block.get("moderator")
        ex.items = [
            (
                it["kind"],
                it.get("title", ""),
                it.get("minutes"),
                [(s["speaker"], s.get("minutes")) for s in it.get("segments", [])]
                or [(s, None) for s in it.get("speakers", [])],
            )
            for it in items
        ]
        return block, ex

    def heading(self, rb: RawBlock) -> tuple[str, list[Entry]]:
        """The block's title, and its entries with any person written in the title line put first."""
        heading = rb.heading
        entries = list(rb.entries)
        if not heading and entries and entries[0].level == 0 and not looks_like_person(entries[0].text):
            heading = entries.pop(0).text
        m = _PAREN_MODERATOR.search(heading)
        if m is not None:
            entries.insert(0, Entry(0, m.group(1), rb.line, rb.col))
            heading = (heading[: m.start()] + heading[m.end() :]).strip()
        slot = split_slot(heading)
        if slot is not None and not MODERATOR.match(heading):
            entries.insert(0, Entry(0, heading, rb.line, rb.col))
            heading = slot.title
        elif MODERATOR.match(heading) or SPEAKER_LIST.match(heading):
            entries.insert(0, Entry(0, heading, rb.line, rb.col))
            heading = ""
        return heading, entries

    def items(
        self, block: dict[str, Any], heading: str, kind: str, entries: list[Entry], path: str, span: int
    ) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        lines: list[Entry] = []
        current: dict[str, Any] | None = None  # the item sub-items (speakers) attach to
        current_level = 0
        implicit: dict[str, Any] | None = None  # the item made for speakers written without one

        def implicit_item(e: Entry) -> dict[str, Any]:
            nonlocal implicit
            if implicit is None:
                implicit = {"kind": item_kind(heading, kind)}
                if heading:
                    implicit["title"] = heading
                items.append(implicit)
                lines.append(e)
            return implicit

        pending_moderator = False  # a bare "Moderator:" line: the next person is the moderator
        for e in _split_semicolons(entries):
            text = e.text.strip()
            if not text:
                continue
            label = _LABEL.match(text)
            if label is not None and kind != "break":
                if MODERATOR.match(f"{label.group(1)}: x"):
                    pending_moderator = True
                else:  # "Speakers:" alone: the people listed under it speak in one item
                    listed = implicit_item(e)
                    if listed["kind"] in ("other", "remarks"):
                        listed["kind"] = _LIST_KINDS.get(label.group(1)[:4].lower(), listed["kind"])
                    current, current_level = listed, e.level
                continue
            if pending_moderator and (looks_like_person(text) or has_honorific(text)):
                pending_moderator = False
                self.moderator(block, text, e, path, 0)
                continue
            pending_moderator = False
            if _is_description(text, e):
                continue
            mod = MODERATOR.match(text)
            if mod and e.level <= 1:
                who = mod.group("who")
                led = implicit_item(e) if ";" in who and kind != "break" else None
                self.moderator(block, who, e, path, text.find(who), led)
                continue
            if kind == "break":
                self.warn(e.line, e.col, path, f"text in a break ignored: {short(text)}")
                continue
            lst = SPEAKER_LIST.match(text)
            if lst and e.level <= 1:
                nested = current is not None and e.level > current_level and current is not implicit
                target = current if nested else None
                if target is None:
                    target = implicit_item(e)
                    if target["kind"] in ("other", "remarks") and not target.get("_found"):
                        target["kind"] = _LIST_KINDS.get(lst.group(0)[:4].lower(), target["kind"])
                self.add_speakers(target, lst.group("who"), e, f"{path}.items[{items.index(target)}]", True)
                continue
            is_person = e.speaker or looks_like_person(text) or (e.level >= 2 and current is not None)
            if is_person and not (split_slot(text) and not has_honorific(text) and not looks_like_person(text)):
                target = current if (e.level >= 2 and current is not None) else implicit_item(e)
                if e.level >= 2 and current is None:
                    current = target
                self.add_speakers(target, text, e, f"{path}.items[{items.index(target)}]", e.speaker)
                continue
            item = self.item(text, e, f"{path}.items[{len(items)}]", kind)
            if item is None:
                continue
            items.append(item)
            lines.append(e)
            current, implicit, current_level = item, None, e.level
        for j, item in enumerate(items):
            self.finish(item, lines[j], f"{path}.items[{j}]")
        if len(items) == 1 and _total(items[0]) is None and span > 0 and "segments" not in items[0]:
            items[0]["minutes"] = span  # the only item fills its block
        order = ("kind", "title", "minutes", "speakers", "segments")
        items = [{k: it[k] for k in order if k in it} for it in items]
        filled = sum(_total(it) or 0 for it in items)
        if span > 0 and filled > span:
            first = lines[0] if lines else None
            self.warn(
                first.line if first else 0,
                first.col if first else 0,
                f"{path}.items",
                f"the items take {filled} minutes but the block is {span}; fix the document or the schedule",
            )
        return items

    def moderator(
        self, block: dict[str, Any], who: str, e: Entry, path: str, offset: int, item: dict[str, Any] | None = None
    ) -> None:
        first, _, others = who.partition(";")
        if others.strip() and item is not None:
            # "Moderator: Dr. A; Ms. B; Mr. C": the moderator, then the people they lead
            self.add_speakers(item, others, e, path, True, max(offset, 0) + len(first) + 1)
            who = first
        found = self.people_in(who, e, f"{path}.moderator", max(offset, 0))
        if not found:
            return
        if len(found) > 1:
            self.warn(
                e.line, e.col, f"{path}.moderator", f"{len(found)} moderators named; kept the first, {found[0].pid}"
            )
        if "moderator" in block and block["moderator"] != found[0].pid:
            self.warn(e.line, e.col, f"{path}.moderator", f"a second moderator; kept {block['moderator']}")
        else:
            block["moderator"] = found[0].pid

    def item(self, text: str, e: Entry, path: str, block: str) -> dict[str, Any] | None:
        slot = split_slot(text)
        title, people, offset = (slot.title, slot.people, slot.people_offset) if slot else (text, "", 0)
        minutes = None
        d = duration(title)
        if d is not None:
            minutes = d[0]
            title = strip_durations(title)
        title = unquote(title.strip(" :,-—–"))
        if not title:
            if people:
                title = ""
            else:
                self.warn(e.line, e.col, path, f"an item without a title: {short(text)}")
                return None
        kind_ = item_kind(title, block)
        if kind_ == "other" and re.match(r"^\s*[\"“‘']", text):
            kind_ = "presentation"  # a quoted talk title
        item: dict[str, Any] = {"kind": kind_}
        if title:
            item["title"] = title
        minutes = minutes if minutes is not None else e.minutes
        if minutes is not None:
            item["minutes"] = minutes
        for role_text in _roles(people):
            mod, lst = MODERATOR.match(role_text), SPEAKER_LIST.match(role_text)
            if mod is not None:
                self.moderator(self.block, mod.group("who"), e, path.rsplit(".", 1)[0], offset)
            elif lst is not None:
                self.add_speakers(item, lst.group("who"), e, path, True, offset)
            else:
                self.add_speakers(item, role_text, e, path, False, offset)
        return item

    def add_speakers(self, item: dict[str, Any], text: str, e: Entry, path: str, plural: bool, offset: int = 0) -> None:
        item.setdefault("_found", []).extend(self.people_in(text, e, path, offset, plural))

    def people_in(self, text: str, e: Entry, fld: str, offset: int = 0, plural: bool = False) -> list[_Found]:
        """Split `Ms. A, Org (10 mins) & Ms. B, Org (10 mins)` into people; register each."""
        text = text.strip().strip(",;")
        if not text:
            self.warn(e.line, e.col, fld, "no name given")
            return []
        out: list[_Found] = []
        for piece, at in split_people(text, plural):
            col = e.col + offset + at
            if TBC.match(piece.strip()):
                self.warn(e.line, e.col, fld, f"speaker to be confirmed ({piece.strip()}); add them when known")
                continue
            mention = parse_person(piece, at)
            if mention is None:
                self.warn(e.line, col, fld, f"no name in {short(piece)}")
                continue
            person = self.people.add(mention, e.line, col, self.field_warner(fld))
            if person is not None:
                out.append(_Found(person.id, mention.minutes, e))
        return out

    def field_warner(self, fld: str) -> Callable[[int, int, str], None]:
        return lambda line, col, message: self.warn(line, col, fld, message)

    def finish(self, item: dict[str, Any], e: Entry, path: str) -> None:
        found: list[_Found] = item.pop("_found", [])
        if not found:
            return
        ids = [f.pid for f in found]
        if len(set(ids)) != len(ids):
            self.warn(e.line, e.col, path, "the same speaker is listed twice in this item")
            seen: set[str] = set()
            found = [f for f in found if not (f.pid in seen or seen.add(f.pid))]  # type: ignore[func-returns-value]
            ids = [f.pid for f in found]
        if item["kind"] == "other":
            item["kind"] = "presentation"  # someone speaking in an untyped slot presents
        timed = [f.minutes for f in found if f.minutes is not None]
        if len(found) == 1:
            m = found[0].minutes
            if m is not None:
                if "minutes" in item and item["minutes"] != m:
                    self.warn(
                        e.line,
                        e.col,
                        f"{path}.minutes",
                        f"the item says {item['minutes']} minutes but its speaker {m}; kept {item['minutes']}",
                    )
                item.setdefault("minutes", m)
            item["speakers"] = ids
        elif timed:
            item["segments"] = [
                {"speaker": f.pid, "minutes": f.minutes} if f.minutes is not None else {"speaker": f.pid} for f in found
            ]
            if len(timed) == len(found) and "minutes" in item and item["minutes"] != sum(timed):
                self.warn(
                    e.line,
                    e.col,
                    f"{path}.minutes",
                    f"the item says {item['minutes']} minutes but its speakers' shares add up to {sum(timed)}",
                )
            elif len(timed) != len(found):
                self.warn(e.line, e.col, f"{path}.segments", "some speakers in this shared slot have no duration")
        else:
            item["speakers"] = ids


def _is_description(text: str, e: Entry) -> bool:
    """A sentence describing the session (`This session will discuss …`), not an item: long, no minutes, no one."""
    words = text.split()
    if e.speaker or e.level > 0 or duration(text) is not None or has_honorific(text) or split_slot(text):
        return False
    return len(words) > 14 or (len(words) > 8 and text.rstrip().endswith("."))


def _roles(people: str) -> list[str]:
    """`Moderator: A; Panelists: B, C` -> ["Moderator: A", "Panelists: B, C"]; plain people stay whole."""
    if not people:
        return []
    pieces = _SEMICOLON.split(people)
    if any(MODERATOR.match(p) or SPEAKER_LIST.match(p) for p in pieces):
        out: list[str] = []
        for p in pieces:
            if out and not (MODERATOR.match(p) or SPEAKER_LIST.match(p)):
                out[-1] = f"{out[-1]}; {p}"
            else:
                out.append(p)
        return out
    return [people]


def _split_semicolons(entries: list[Entry]) -> list[Entry]:
    """`Talk: Dr. X (40 mins); Q&A (20 mins)`: a piece after `;` that is not a person is an item of its own."""
    out: list[Entry] = []
    for e in entries:
        pieces = _SEMICOLON.split(e.text)
        if len(pieces) == 1:
            out.append(e)
            continue
        kept: list[str] = [pieces[0]]
        for piece in pieces[1:]:
            bare = strip_durations(piece)
            item_like = item_kind(bare, None) != "other" or ("," not in bare and len(bare.split()) <= 6)
            if has_honorific(piece) or looks_like_person(piece) or not item_like:
                kept[-1] = f"{kept[-1]}; {piece}"
            else:
                kept.append(piece)
        for k, text in enumerate(kept):
            col = e.col + max(e.text.find(text), 0)
            out.append(replace(e, text=text, col=col) if k == 0 else replace(e, text=text, col=col, minutes=None))
    return out


def _total(item: dict[str, Any]) -> int | None:
    if item.get("minutes") is not None:
        return int(item["minutes"])
    segs = item.get("segments") or []
    if segs and all("minutes" in s for s in segs):
        return sum(int(s["minutes"]) for s in segs)
    found = item.get("_found") or []
    if len(found) == 1 and found[0].minutes is not None:
        return int(found[0].minutes)
    return None
