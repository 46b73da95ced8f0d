"""Bases of every request body: `RequestModel`, and the hand-written rules the generated settings classes use."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator


class RequestModel(BaseModel):
    """A body zoomops sends: unknown fields are refused (a typo fails here, not silently at Zoom)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    def to_body(self, *, only_set: bool = False) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True, exclude_unset=only_set, by_alias=True)


class SettingsRules(RequestModel):
    """Webinar settings: `alternative_hosts` may be given as a list (Zoom wants one comma-separated string)."""

    @field_validator("alternative_hosts", mode="before", check_fields=False)
    @classmethod
    def _join_hosts(cls, value: object) -> object:
        return ",".join(str(v) for v in value) if isinstance(value, list | tuple) else value


class InterpreterForms(RequestModel):
    """Spec form: `languages` = two country IDs ("US,KR"); option: the 2025 `interpreter_languages` form."""

    @model_validator(mode="after")
    def _one_form(self) -> InterpreterForms:
        languages = getattr(self, "languages", None)
        other = getattr(self, "interpreter_languages", None)
        if (languages is None) == (other is None):
            raise ValueError("give exactly one of `languages` (e.g. 'US,KR') or `interpreter_languages`")
        return self
