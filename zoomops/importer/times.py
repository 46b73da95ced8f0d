"""Clock times, time ranges and durations as organizers write them.

`09:00-09:30`, `9:00 – 9:30`, `09h00-09h30`, `9.00am–9.30am`, `9am to 10am`, `0900-0930`, `09:00~09:30`,
`11:30-1:00 pm`, `오전 9:00`/`오후 2시`; durations `(30 min)`, `(1 hour)`, `(1h30)`, `(30분)`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zoomops.importer.text import plain_dashes

_AMPM = r"(?:\s*(?P<{0}>[ap])\.?\s?m\.?(?![a-z]))"
_KO = r"(?:(?P<{0}>오전|오후)\s*)"
_CLOCK = (
    r"{ko}?(?:(?P<{h}>[01]?\d|2[0-4])(?:\s*[:.h시]\s*(?P<{m}>[0-5]\d)(?:분)?|\s*시(?!\d)|h(?![\w])|(?=\s*[ap]\.?\s?m\.?(?![a-z])))"
    r"|(?P<{hm}>(?:[01]\d|2[0-3])[0-5]\d)(?=\s*(?:hrs?\b|h\b|-|–|~|to\b|$)))"
    r"{ampm}?"
)


_BARE = r"|(?=\s*(?:-{1,2}|~|to|–)\s*\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?\s?m\.?(?![a-z]))"


def _clock(tag: str) -> str:
    """A clock pattern; a start (tag 1) may be a bare hour when the end says am/pm: `1-1:30pm`, `2-3pm`."""
    pattern = _CLOCK.format(
        ko=_KO.format(f"ko{tag}"), h=f"h{tag}", m=f"m{tag}", hm=f"hm{tag}", ampm=_AMPM.format(f"ap{tag}")
    )
    return pattern.replace("(?![a-z])))", "(?![a-z]))" + _BARE + ")", 1) if tag == "1" else pattern


RANGE = re.compile(
    rf"(?<![\d:.])(?P<start>{_clock('1')})\s*(?:hrs?\.?|h\b)?\s*(?:-{{1,2}}|~|to|until|till|–|—)\s*"
    rf"(?P<end>{_clock('2')})(?:\s*hrs?\b\.?)?(?!\d)(?!:\d)",
    re.IGNORECASE,
)
SINGLE = re.compile(rf"^\s*(?P<start>{_clock('1')})(?!\d)(?!:\d)", re.IGNORECASE)

DURATION = re.compile(
    r"[(\[]\s*(?:(?P<h>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h|시간)\s*(?P<hm>\d{1,2})?\s*(?:minutes?|mins?\.?|m|분)?"
    r"|(?P<n>\d+)\s*(?:minutes?|mins?\.?|m|'|분))\s*[)\]]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clock:
    """A time of day in minutes since midnight, and whether it said am/pm."""

    minutes: int
    ampm: str | None

    @property
    def text(self) -> str:
        return f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"


@dataclass(frozen=True)
class Range:
    """A time range found in a piece of text: start, end (None for a start time alone), where it sits."""

    start: Clock
    end: Clock | None
    begin: int
    stop: int
    raw: str


class BadClock(ValueError):
    """A time that is not a time of day, e.g. 25:30."""

    def __init__(self, raw: str, which: str) -> None:
        super().__init__(raw)
        self.raw, self.which = raw, which


def _read(m: re.Match[str], tag: str, which: str) -> Clock:
    hm = m.group(f"hm{tag}")
    h, mi = (int(hm[:2]), int(hm[2:])) if hm else (int(m.group(f"h{tag}")), int(m.group(f"m{tag}") or 0))
    ap = (m.group(f"ap{tag}") or "").lower() or None
    ko = m.group(f"ko{tag}")
    if ko:
        ap = "p" if ko == "오후" else "a"
    if ap:
        if not 1 <= h <= 12:
            raise BadClock(m.group("start" if tag == "1" else "end").strip(), which)
        h = h % 12 + (12 if ap == "p" else 0)
    if h == 24 and mi == 0:
        h = 24
    if h > 24 or (h == 24 and mi):
        raise BadClock(m.group("start" if tag == "1" else "end").strip(), which)
    return Clock(h * 60 + mi, ap)


def find_range(text: str, *, at_start: bool = False) -> Range | None:
    """The first time range in the text (e.g. `9:00 – 9:30`), with 11:30-1:00 pm read as 11:30-13:00;
    with at_start, only a range that begins the text."""
    t = plain_dashes(text)
    m = RANGE.match(t) if at_start else RANGE.search(t)
    if m is None:
        return None
    if m.group("hm1") and m.group("hm2") and all(1900 <= int(m.group(g)) <= 2099 for g in ("hm1", "hm2")):
        if at_start:
            return None
        return find_range(text[m.end() :]) if m.end() < len(text) else None  # 2022-2023: years, not times
    start, end = _read(m, "1", "start"), _read(m, "2", "end")
    # "11:30-1:00 pm": the start takes the end's half of the day unless that puts it after the end
    if end.ampm == "p" and not start.ampm and start.minutes < 12 * 60 and start.minutes + 12 * 60 < end.minutes:
        start = Clock(start.minutes + 12 * 60, "p")
    if start.ampm == "p" and not end.ampm and end.minutes < start.minutes and end.minutes + 720 >= start.minutes:
        end = Clock(end.minutes + 12 * 60, "p")
    return Range(start, end, m.start(), m.end(), text[m.start() : m.end()])


_ISO_DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)")
_LOOSE = re.compile(r"^(\d{1,2}[:.h]\d{2})\s*(?:-{1,2}|~|to)\s*(\d{1,2}[:.h]\d{2})(?!\d)")


def _check_loose(body: str) -> None:
    """`09:00-25:30`: shaped like a range but not times of day — an error, not text."""
    m = _LOOSE.match(body)
    if m is None:
        return
    for raw, which in ((m.group(1), "start"), (m.group(2), "end")):
        h, mi = int(raw[:-3]), int(raw[-2:])
        if h > 24 or mi > 59 or (h == 24 and mi):
            raise BadClock(raw, which)


def leading_time(text: str) -> Range | None:
    """A range or a lone start time at the very start of the text (after a bullet or a number)."""
    body = re.sub(r"^\s*(?:[-*+•]\s+|\d{1,2}[.)]\s+(?=\d))?\(?", "", plain_dashes(text))
    offset = len(plain_dashes(text)) - len(body)
    if _ISO_DATE.match(body):
        return None  # 2024-06-11: a date, not 20:24
    _check_loose(body)
    if not body[:1].isdigit() and not body.startswith(("오전", "오후")):
        return None
    rng = find_range(body, at_start=True)
    if rng is not None:
        return Range(rng.start, rng.end, rng.begin + offset, rng.stop + offset, rng.raw)
    m = SINGLE.match(body)
    hour_only = m is not None and re.match(r"\d{1,2}\s*(?:h|시)(?!\w)", body) is not None  # "9h Accueil"
    if m is None or not (m.group("m1") or m.group("hm1") or m.group("ap1") or m.group("ko1") or hour_only):
        return None
    if m.group("hm1") and not re.match(r"\s*h", body[m.end("hm1") :], re.IGNORECASE):
        return None  # a lone "2023" is a year; "0900 hrs" is a time
    start = _read(m, "1", "start")
    return Range(start, None, offset + m.start("start"), offset + m.end(), m.group(0).strip())


def duration(text: str) -> tuple[int, re.Match[str]] | None:
    """The first duration in brackets, in minutes: `(30 mins)`, `(1 hour)`, `(1h30)`, `(20분)`."""
    m = DURATION.search(text)
    if m is None:
        return None
    if m.group("n"):
        return int(m.group("n")), m
    return round(float(m.group("h")) * 60) + int(m.group("hm") or 0), m


def strip_durations(text: str) -> str:
    """The text without its bracketed durations."""
    return re.sub(r"\s+", " ", DURATION.sub(" ", text)).strip()


def span(start: Clock, end: Clock) -> int:
    """Minutes from start to end (negative when the end is not after the start)."""
    return end.minutes - start.minutes
