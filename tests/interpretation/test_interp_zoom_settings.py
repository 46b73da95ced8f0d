"""Zoom's settings.language_interpretation object and explanations for read-back mismatches."""

from __future__ import annotations

from tests.interpretation.interp_helpers import FORUM
from zoomops.provision.interpretation import (
    NO_FEATURE,
    explain_interpretation_mismatch,
    language_interpretation_settings,
)
from zoomops.schedule.loader import load_schedule

FORUM_PAYLOAD = {
    "enable": True,
    "interpreters": [
        {"email": "placeholder+interpreter-a@example.org", "languages": "US,KR"},
        {"email": "placeholder+interpreter-b@example.org", "languages": "US,KR"},
        {"email": "placeholder+interpreter-c@example.org", "languages": "US,KR"},
    ],
}


def test_the_forum_payload_is_exactly_zooms_object() -> None:
    assert language_interpretation_settings(load_schedule(FORUM).schedule) == FORUM_PAYLOAD


def test_the_pair_order_wins_over_an_interpreters_own_order_and_no_email_is_left_out() -> None:
    s = load_schedule(FORUM).schedule
    assert s.interpretation is not None
    s.interpretation.interpreters[0].languages = ["korean", "English"]
    s.interpretation.interpreters[2].email = None
    assert language_interpretation_settings(s)["interpreters"] == FORUM_PAYLOAD["interpreters"][:2]


def test_the_2025_interpreter_languages_form_is_opt_in() -> None:
    s = load_schedule(FORUM).schedule
    assert s.interpretation is not None
    s.interpretation.zoom_field = "interpreter_languages"
    assert language_interpretation_settings(s) == {
        "enable": True,
        "interpreters": [
            {"email": f"placeholder+interpreter-{x}@example.org", "interpreter_languages": "English,Korean"}
            for x in "abc"
        ],
    }


def test_no_interpretation_disables_it() -> None:
    s = load_schedule(FORUM).schedule
    s.interpretation = None
    assert language_interpretation_settings(s) == {"enable": False, "interpreters": []}


def test_a_faithful_read_back_explains_nothing_even_reordered_or_in_another_case() -> None:
    back = {
        "enable": True,
        "interpreters": [
            {"email": "Placeholder+Interpreter-C@example.org", "languages": "KR,US"},
            {"email": "placeholder+interpreter-a@example.org", "languages": "US,KR"},
            {"email": "placeholder+interpreter-b@example.org", "languages": "US,KR"},
        ],
    }
    assert explain_interpretation_mismatch(FORUM_PAYLOAD, {"language_interpretation": back}) == []


def test_interpretation_missing_entirely_blames_the_hosts_account() -> None:
    expected = [
        "the host's account lacks language interpretation (Zoom silently drops it; enable it in "
        "Account Settings > Meeting > Language interpretation)"
    ]
    assert explain_interpretation_mismatch(FORUM_PAYLOAD, {}) == expected
    assert explain_interpretation_mismatch(FORUM_PAYLOAD, {"enable": False, "interpreters": []}) == expected
    assert explain_interpretation_mismatch(FORUM_PAYLOAD, None) == [NO_FEATURE]


def test_a_dropped_country_code_a_missing_and_an_extra_interpreter_are_each_explained() -> None:
    back = {
        "enable": True,
        "interpreters": [
            {"email": "placeholder+interpreter-a@example.org", "languages": "US"},
            {"email": "placeholder+interpreter-b@example.org", "languages": "US,KR"},
            {"email": "someone@example.org", "languages": "US,KR"},
        ],
    }
    assert explain_interpretation_mismatch(FORUM_PAYLOAD, back) == [
        "Zoom did not accept the country code KR for placeholder+interpreter-a@example.org: sent 'US,KR', read "
        "back 'US' (supported: US, CN, JP, DE, FR, RU, PT, ES, KR; a language must also be enabled in the web portal)",
        "interpreter placeholder+interpreter-c@example.org (US,KR) is missing from Zoom's copy: Zoom drops an "
        "interpreter whose email or language pair it does not accept; check the address and that both languages "
        "are enabled in the web portal",
        "Zoom lists interpreter someone@example.org whom the schedule does not (added by hand?)",
    ]


def test_the_named_form_is_compared_by_country_code() -> None:
    desired = {"enable": True, "interpreters": [{"email": "a@example.org", "interpreter_languages": "English,Korean"}]}
    same = {"enable": True, "interpreters": [{"email": "a@example.org", "languages": "US,KR"}]}
    assert explain_interpretation_mismatch(desired, same) == []
    lost = {"enable": True, "interpreters": [{"email": "a@example.org", "interpreter_languages": "English"}]}
    assert explain_interpretation_mismatch(desired, lost) == [
        "Zoom did not accept the country code KR for a@example.org: sent 'English,Korean', read back 'English' "
        "(supported: US, CN, JP, DE, FR, RU, PT, ES, KR; a language must also be enabled in the web portal)"
    ]


def test_nothing_desired_means_nothing_to_explain() -> None:
    assert explain_interpretation_mismatch({"enable": False, "interpreters": []}, {}) == []
