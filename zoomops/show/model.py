"""The schedule model (pydantic v2): event, roster, agenda blocks and items, interpretation, Zoom overrides."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    field_validator,
    model_validator,
)

from zoomops.show.languages import LanguageCode, LanguageCodes
from zoomops.show.text import N_

Date = date  # alias: Block has a field named `date`

DEFAULT_PANELIST_CAP = 100  # config `panelist_cap` when none is given
FIRST_YEAR, LAST_YEAR = 2000, 2100  # dates outside are typos (and 9999-12-31 would overflow in UTC-x zones)
DAY_MINUTES = 24 * 60
MAX_TEXT = 2000  # characters in any text field (Zoom's own limits are far lower: topic 200, agenda 2000)


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _no_number_as_date(value: Any) -> Any:
    # pydantic reads a number as seconds since 1970: 20220906 would become 1970-08-23 without a word.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(N_("not a date: {value}; write it as YYYY-MM-DD, e.g. 2022-09-06", value=repr(value)))
    return value


def _sane_year(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(N_("{date} is outside the years {first}-{last}: check the year", date=value.isoformat(),
                            first=FIRST_YEAR, last=LAST_YEAR))
    return value


def _each_once(values: list[int]) -> list[int]:
    twice = next((v for i, v in enumerate(values) if v in values[:i]), None)
    if twice is not None:  # two cues would share one id
        raise ValueError(N_("{value} is listed twice: give each warning once", value=twice))
    return values


# An email checked by email-validator (via pydantic's EmailStr); an empty value means none.
Email = Annotated[EmailStr | None, BeforeValidator(_blank_is_none)]
EventDate = Annotated[date, BeforeValidator(_no_number_as_date), AfterValidator(_sane_year)]
Minutes = Annotated[int, Field(ge=0, le=DAY_MINUTES)]


class Strict(BaseModel):
    """Base for every schedule model: unknown keys are typos, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True, str_max_length=MAX_TEXT)


class BlockKind(StrEnum):
    opening = "opening"
    session = "session"
    break_ = "break"
    closing = "closing"


class ItemKind(StrEnum):
    remarks = "remarks"
    keynote = "keynote"
    presentation = "presentation"
    discussion = "discussion"
    qa = "qa"
    group_photo = "group_photo"
    other = "other"


class WebinarSplit(StrEnum):
    """How many Zoom webinars an event becomes."""

    event = "event"  # one webinar for the whole event (default)
    day = "day"  # one per date
    block = "block"  # one per non-break block


class Person(Strict):
    """Someone on the programme: speaker, moderator, host."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str = Field(min_length=1)
    honorific: str | None = None
    affiliation: str | None = None
    email: Email = None
    timezone: str | None = None
    languages: LanguageCodes = Field(default_factory=list)  # spoken on stage, first = usual: [ko], [en, ko]
    name_local: str | None = None  # the name in its own script, e.g. 박지희
    preferred_language: LanguageCode | None = None  # what zoomops writes to them; none = bilingual
    pronouns: str | None = None  # shown on the panelist's Zoom name tag when given

    @property
    def display(self) -> str:
        """Name as printed on the agenda: honorific and name."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name


class Segment(Strict):
    """One speaker's share of an item (a shared slot has several)."""

    speaker: str
    minutes: Minutes | None = None
    language: LanguageCode | None = None  # default: the speaker's first language


class Item(Strict):
    """One thing on stage inside a block: remarks, a keynote, a presentation, a discussion, Q&A, a photo."""

    kind: ItemKind
    title: str | None = None
    minutes: Minutes | None = None
    language: LanguageCode | None = None  # default: the speaker's first language
    speakers: list[str] = Field(default_factory=list, max_length=100)
    segments: list[Segment] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _speakers_or_segments(self) -> Item:
        if self.speakers and self.segments:
            raise ValueError("give either speakers or segments, not both")
        return self

    @property
    def speaker_ids(self) -> list[str]:
        return [s.speaker for s in self.segments] if self.segments else list(self.speakers)

    @property
    def label(self) -> str:
        return self.title or self.kind.value.replace("_", " ").capitalize()


class Block(Strict):
    """An agenda block: opening, session, break or closing, with local start and end times."""

    kind: BlockKind
    title: str | None = None
    date: EventDate | None = None
    start: time
    end: time
    minutes: Minutes | None = None
    moderator: str | None = None
    items: list[Item] = Field(default_factory=list, max_length=200)
    interpreted: bool | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _parse_time(cls, v: Any) -> Any:
        if isinstance(v, str):
            try:
                return time.fromisoformat(v.strip() if len(v.strip()) > 4 else "0" + v.strip())
            except ValueError:
                raise ValueError(N_("not a time of day (HH:MM): {value}", value=repr(v))) from None
        if not isinstance(v, time):  # 9.30 or 900 would be read as seconds after midnight
            raise ValueError(N_("not a time of day (HH:MM): {value}; write it in quotes, e.g. '09:00'", value=repr(v)))
        return v

    @property
    def label(self) -> str:
        return self.title or self.kind.value.capitalize()


class InterpreterEntry(Strict):
    """A member of the interpretation team."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str = Field(min_length=1)
    email: Email = None
    languages: list[str] = Field(min_length=2, max_length=2)
    booth: str | None = None
    timezone: str | None = None
    name_local: str | None = None  # the name in its own script
    preferred_language: LanguageCode | None = None  # of their briefing; none = bilingual


class Interpretation(Strict):
    """Simultaneous interpretation: language pairs, the team, and how long a turn lasts."""

    pairs: list[list[str]] = Field(default_factory=list, max_length=50)
    interpreters: list[InterpreterEntry] = Field(default_factory=list, max_length=200)
    turn_minutes: int = Field(default=30, ge=5, le=120)
    turn_tolerance_minutes: int = Field(default=2, ge=0, le=15)
    snap_minutes: int = Field(default=5, ge=0, le=15)
    blocks: Literal["all"] | Annotated[list[int], Field(max_length=1000)] = "all"
    zoom_field: Literal["languages", "interpreter_languages"] = "languages"


HEX_COLOR = r"^[0-9A-Fa-f]{6}$"  # Zoom's "Hex color code", e.g. 0e72ed (no `#`)


class NameTagStyle(Strict):
    """The session-branding name tag panelists wear: its name and colours (Zoom: name ≤ 50 characters)."""

    name: str = Field(min_length=1, max_length=50)
    text_color: str = Field(default="ffffff", pattern=HEX_COLOR)
    accent_color: str = Field(default="0e72ed", pattern=HEX_COLOR)
    background_color: str = Field(default="242424", pattern=HEX_COLOR)

    @field_validator("text_color", "accent_color", "background_color", mode="before")
    @classmethod
    def _no_hash(cls, value: Any) -> Any:
        return value.removeprefix("#") if isinstance(value, str) else value


class ZoomOverrides(Strict):
    """What the schedule changes in Zoom: how to split webinars, and settings over config/ defaults."""

    split: WebinarSplit = WebinarSplit.event
    topic: str | None = None
    # Checked against Zoom's webinar create and update schemas by the loading floor (schedule.rules).
    settings: dict[str, Any] = Field(default_factory=dict)
    # Panelists' name tags (display name, affiliation, pronouns) on this session-branding tag; none: untouched.
    name_tag: NameTagStyle | None = None


RegistrationField = Literal["last_name", "address", "city", "country", "zip", "state", "phone", "industry", "org",
                            "job_title", "purchasing_time_frame", "role_in_purchase_process", "no_of_employees",
                            "comments"]
Reminder = Literal["1h", "1d", "1w"]


class RegistrationQuestion(Strict):
    """One of Zoom's standard registration questions (first name and email are always asked)."""

    field: RegistrationField
    required: bool = False


class CustomRegistrationQuestion(Strict):
    """A question of the organizer's own: short answer, one of several (radio or dropdown), or several."""

    title: str = Field(min_length=1)
    type: Literal["short", "single_radio", "single_dropdown", "multiple"] = "short"
    answers: list[str] = Field(default_factory=list)
    required: bool = False

    @model_validator(mode="after")
    def _answers_fit_type(self) -> CustomRegistrationQuestion:
        if self.type == "short" and self.answers:
            raise ValueError("a short-answer question takes no answers")
        if self.type != "short" and len(self.answers) < 2:
            raise ValueError(f"a {self.type} question needs at least two answers")
        return self


class Registration(Strict):
    """Who may register and how (Zoom's webinar registration settings and questions)."""

    enabled: bool = True
    approval: Literal["automatic", "manual"] = "automatic"
    # Zoom's registration_type, for recurring webinars only (Zoom says so; zoomops creates single ones).
    occurrences: Literal["register_once_attend_all", "register_each", "register_once_choose"] | None = None
    close_after_event: bool | None = None
    confirmation_email: bool | None = None
    email_notification: bool | None = None
    reminders: list[Reminder] | None = None
    limit: int | None = Field(default=None, ge=0, le=20000)
    signed_in_only: bool | None = None
    domains: list[str] = Field(default_factory=list)
    questions: list[RegistrationField | RegistrationQuestion] = Field(default_factory=list)
    custom_questions: list[CustomRegistrationQuestion] = Field(default_factory=list)

    # The Zoom webinar settings this section decides (`zoom.settings` must not set them too).
    ZOOM_SETTINGS: ClassVar[tuple[str, ...]] = (
        "approval_type", "registration_type", "close_registration", "registrants_confirmation_email",
        "registrants_email_notification",
        "attendees_and_panelists_reminder_email_notification", "registrants_restrict_number",
        "meeting_authentication", "authentication_domains",
    )

    @model_validator(mode="after")
    def _zoom_rules(self) -> Registration:
        if self.confirmation_email is not None and self.email_notification is not True:
            raise ValueError("confirmation_email needs email_notification: true (Zoom's rule)")
        if self.domains and self.signed_in_only is False:
            raise ValueError("domains restrict signed-in users: they need signed_in_only: true")
        return self

    @property
    def standard_questions(self) -> list[RegistrationQuestion]:
        return [q if isinstance(q, RegistrationQuestion) else RegistrationQuestion(field=q) for q in self.questions]


class RunActions(Strict):
    """Zoom actions the runner may take on its own; each is opt-in."""

    end_webinar: bool = False
    livestream: bool = False
    pause_recording_in_breaks: bool = False


class RunOptions(Strict):
    """Cue timings for the live runner (minutes before or after the planned instants)."""

    preflight_minutes: int = Field(default=60, ge=0, le=DAY_MINUTES)
    practice_reminder_minutes: int = Field(default=30, ge=0, le=DAY_MINUTES)
    # minutes before a block or a speaker's end: a warning after the start, or longer than any slot, is a typo
    block_warnings: Annotated[list[Annotated[int, Field(ge=1, le=240)]], AfterValidator(_each_once)] = Field(
        default_factory=lambda: [10, 5], max_length=10
    )
    speaker_warnings: Annotated[list[Annotated[int, Field(ge=1, le=60)]], AfterValidator(_each_once)] = Field(
        default_factory=lambda: [2, 1], max_length=10
    )
    misfire_grace_seconds: int = Field(default=120, ge=1, le=3600)
    # a `webinar.started` further than this from the planned start is refused as the anchor (with a warning)
    anchor_window_minutes: int = Field(default=120, ge=1, le=DAY_MINUTES)
    actions: RunActions = Field(default_factory=RunActions)


class Event(Strict):
    """The event itself."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str = Field(min_length=1)
    dates: list[EventDate] = Field(min_length=1, max_length=31)
    timezone: str
    host: Email = None
    alternative_hosts: list[EmailStr] = Field(default_factory=list, max_length=50)


class Schedule(Strict):
    """A whole schedule file."""

    event: Event
    people: list[Person] = Field(default_factory=list)
    blocks: list[Block] = Field(min_length=1, max_length=1000)
    interpretation: Interpretation | None = None
    zoom: ZoomOverrides = Field(default_factory=ZoomOverrides)
    run: RunOptions = Field(default_factory=RunOptions)
    registration: Registration | None = None

    # ---- derived views ----
    @property
    def roster(self) -> list[Person]:
        return self.people

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.event.timezone)

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.roster if p.id == person_id), None)

    def programme_ids(self) -> list[str]:
        """Everyone on stage (moderators and speakers) in agenda order, each once."""
        seen: dict[str, None] = {}
        for block in self.blocks:
            if block.moderator:
                seen.setdefault(block.moderator, None)
            for item in block.items:
                for pid in item.speaker_ids:
                    seen.setdefault(pid, None)
        return list(seen)

    def interpreted_blocks(self) -> list[Block]:
        """Non-break blocks that interpretation covers."""
        if self.interpretation is None:
            return []
        wanted = self.interpretation.blocks
        return [
            b
            for i, b in enumerate(self.blocks)
            if b.kind != BlockKind.break_ and b.interpreted is not False and (wanted == "all" or i in wanted)
        ]

    def block_date(self, block: Block) -> Date:
        return block.date or self.event.dates[0]

    def block_start(self, block: Block) -> datetime:
        """The block's start as an aware instant in the event's time zone."""
        return datetime.combine(self.block_date(block), block.start, tzinfo=self.tz)

    def block_end(self, block: Block) -> datetime:
        return datetime.combine(self.block_date(block), block.end, tzinfo=self.tz)

    def starts_at(self) -> datetime:
        return min(self.block_start(b) for b in self.blocks)

    def ends_at(self) -> datetime:
        return max(self.block_end(b) for b in self.blocks)
