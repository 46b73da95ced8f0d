"""Dates per locale, the active language, and the Jinja2 environment."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from jinja2 import DictLoader

from zoomops.i18n.catalog import UnknownLanguage, normalise_language
from zoomops.i18n.dates import format_clock, format_day, format_instant, format_span
from zoomops.i18n.templates import environment
from zoomops.i18n.translate import N_, Text, _, current_language, localise, ngettext, set_language, use_language

SEOUL = ZoneInfo("Asia/Seoul")
OPENING = datetime(2022, 9, 6, 9, 0, tzinfo=SEOUL)


def test_korean_date_and_time() -> None:
    assert format_instant(OPENING, "ko") == "2022년 9월 6일 (화) 오전 9:00"
    assert format_day(OPENING, "ko") == "2022년 9월 6일 (화)"
    assert format_clock(datetime(2022, 9, 6, 13, 45, tzinfo=SEOUL), "ko") == "오후 1:45"
    assert format_span(OPENING, datetime(2022, 9, 6, 9, 30, tzinfo=SEOUL), "ko") == "오전 9:00–오전 9:30"


def test_english_date_and_time() -> None:
    assert format_instant(OPENING, "en") == "Tue, Sep 6, 2022, 9:00\u202fAM"
    assert format_clock(datetime(2022, 9, 6, 13, 45, tzinfo=SEOUL), "en") == "1:45\u202fPM"


def test_an_instant_is_shown_in_its_own_zone() -> None:
    """09:00 in Seoul is 00:00 UTC the same day; 08:00 in Seoul is the evening before in UTC."""
    assert format_instant(OPENING.astimezone(UTC), "ko") == "2022년 9월 6일 (화) 오전 12:00"
    assert format_instant(datetime(2022, 9, 6, 8, 0, tzinfo=SEOUL).astimezone(UTC), "ko") == (
        "2022년 9월 5일 (월) 오후 11:00"
    )


def test_language_names_normalise() -> None:
    assert [normalise_language(v) for v in ("ko", "KO", "ko-KR", "ko_KR", "Korean", "en-US")] == [
        "ko", "ko", "ko", "ko", "ko", "en",
    ]  # fmt: skip
    with pytest.raises(UnknownLanguage, match="no catalog for 'fr'; zoomops speaks en, ko"):
        normalise_language("fr")
    with pytest.raises(UnknownLanguage, match="not a language code"):
        normalise_language("ko rean")


def test_use_language_scopes_and_restores() -> None:
    assert current_language() == "en"
    assert _("warning") == "warning"
    with use_language("ko"):
        assert (current_language(), _("warning")) == ("ko", "경고")
        with use_language("en"):
            assert _("warning") == "warning"
        assert _("warning") == "경고"
    assert _("warning") == "warning"


def test_set_language_is_process_wide() -> None:
    try:
        assert set_language("ko-KR") == "ko"
        assert _("required field is missing") == "필수 필드가 없습니다"
    finally:
        set_language("en")
    assert _("required field is missing") == "required field is missing"


def test_template_environment_translates_and_formats_dates() -> None:
    loader = DictLoader({"t.md.j2": "{{ _('warning') }}: {{ at | instant }} ({{ (at, end) | span }})\n"})
    end = datetime(2022, 9, 6, 9, 30, tzinfo=SEOUL)
    assert environment(loader, "ko").get_template("t.md.j2").render(at=OPENING, end=end) == (
        "경고: 2022년 9월 6일 (화) 오전 9:00 (오전 9:00–오전 9:30)\n"
    )
    assert environment(loader, "en").get_template("t.md.j2").render(at=OPENING, end=end) == (
        "warning: Tue, Sep 6, 2022, 9:00\u202fAM (9:00\u202fAM–9:30\u202fAM)\n"
    )


def test_html_templates_are_escaped() -> None:
    loader = DictLoader({"t.html.j2": "<p>{{ name }}</p>"})
    assert environment(loader, "ko").get_template("t.html.j2").render(name="<b>") == "<p>&lt;b&gt;</p>"


def test_plural_forms() -> None:
    msgid = ("needs at least {n} entry, found {found}", "needs at least {n} entries, found {found}")
    assert [ngettext(*msgid, n).format(n=n, found=0) for n in (1, 2)] == [
        "needs at least 1 entry, found 0",
        "needs at least 2 entries, found 0",
    ]
    with use_language("ko"):  # Korean has one form
        assert [ngettext(*msgid, n).format(n=n, found=0) for n in (1, 2)] == [
            "최소 1개가 필요하지만 0개입니다",
            "최소 2개가 필요하지만 0개입니다",
        ]


def test_text_reads_as_english_and_localises() -> None:
    text = N_("items fill {filled} of {span} minutes", filled=25, span=30)
    assert text == "items fill 25 of 30 minutes" and isinstance(text, str)
    assert localise(text, "ko") == "항목이 30분 중 25분을 채웁니다"
    assert localise(text, "en") == "items fill 25 of 30 minutes"
    with use_language("ko"):
        assert localise(text) == "항목이 30분 중 25분을 채웁니다"
    assert localise("a plain string", "ko") == "a plain string"
    nested = N_("{errors} error(s); nothing was changed.", errors=N_("warning"))
    assert localise(nested, "ko") == "오류 경고건. 아무것도 변경하지 않았습니다."
    assert Text.from_dict(nested.to_dict()) == nested
    assert localise(Text.from_dict(nested.to_dict()), "ko") == localise(nested, "ko")
