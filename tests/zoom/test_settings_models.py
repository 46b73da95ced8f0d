"""The webinar settings models are generated from the vendored spec and accept exactly what Zoom documents."""

from __future__ import annotations

import json
from typing import Any, get_origin

import pytest
from pydantic import BaseModel, ValidationError

from zoomops.zoom import gen_settings
from zoomops.zoom.models import WebinarSettings, WebinarUpdateSettings, settings_problems


def test_committed_module_is_what_the_generator_writes_today() -> None:
    committed = gen_settings.OUT.read_text("utf-8")
    assert committed == gen_settings.generate(), "run `python -m zoomops.zoom.gen_settings` and commit the result"


def _spec_settings(operation: str) -> dict[str, Any]:
    document = json.loads(gen_settings.SPEC.read_text("utf-8"))
    return dict(document["operations"][operation]["requestBody"]["properties"]["settings"])


def _paths(schema: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, sub in schema.get("properties", {}).items():
        out.add(prefix + name)
        out |= _paths(sub, f"{prefix}{name}.")
        if isinstance(sub.get("items"), dict):
            out |= _paths(sub["items"], f"{prefix}{name}[].")
    return out


def _model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, info in model.model_fields.items():
        out.add(prefix + name)
        for arg in _flatten(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                inner = f"{prefix}{name}[]." if _is_list(info.annotation) else f"{prefix}{name}."
                out |= _model_paths(arg, inner)
    return out


def _is_list(annotation: Any) -> bool:
    return any(get_origin(a) is list for a in getattr(annotation, "__args__", ()))


def _flatten(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    return [x for a in args for x in _flatten(a)]


@pytest.mark.parametrize(("model", "operation"), [(WebinarSettings, "POST /users/{userId}/webinars"),
                                                  (WebinarUpdateSettings, "PATCH /webinars/{webinarId}")])
def test_every_documented_field_is_a_model_field_and_nothing_else(model: type[BaseModel], operation: str) -> None:
    documented = _paths(_spec_settings(operation))
    extensions = {"language_interpretation.interpreters[].interpreter_languages"}
    assert _model_paths(model) == documented | extensions


def test_fields_the_hand_written_model_had_lost_are_accepted() -> None:
    body = {"close_registration": True, "enforce_login": False, "enforce_login_domains": "example.org",
            "approval_type": 0, "registrants_email_notification": True}
    assert WebinarSettings.model_validate(body).to_body() == body
    assert settings_problems(body) == []


def test_unknown_fields_wrong_enums_and_bounds_are_refused() -> None:
    with pytest.raises(ValidationError):
        WebinarSettings.model_validate({"close_registraton": True})
    with pytest.raises(ValidationError):
        WebinarSettings.model_validate({"approval_type": 3})
    with pytest.raises(ValidationError):
        WebinarSettings.model_validate({"registrants_restrict_number": 20001})
    assert settings_problems({"email_language": "ko-KR"})[0].startswith("email_language:")
    assert settings_problems({"email_language": "ko-KO"}) == []


def test_update_only_fields_are_named_as_such() -> None:
    assert WebinarUpdateSettings.model_validate({"registrants_confirmation_email": True})
    with pytest.raises(ValidationError):
        WebinarSettings.model_validate({"registrants_confirmation_email": True})
    problems = settings_problems({"email_language": "nl-NL"})
    assert problems == [problems[0]] and "its update does not" in problems[0]


def test_the_interpreter_forms_rule_still_applies() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        WebinarSettings.model_validate({"language_interpretation": {"interpreters": [{"email": "a@example.org"}]}})
    one = {"email": "a@example.org", "languages": "US,KR"}
    ok = {"language_interpretation": {"enable": True, "interpreters": [one]}}
    assert WebinarSettings.model_validate(ok).to_body() == ok
