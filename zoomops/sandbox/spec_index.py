"""Load the vendored spec subset and match a request's method and path to one operation."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

SPEC_RESOURCE = "zoom_webinar_subset.json"


@dataclass(frozen=True)
class Operation:
    """One documented API operation: where it lives, how it is limited, what it accepts."""

    method: str
    template: str
    operation_id: str
    label: str
    daily_limit_per_host: int | None
    request_schema: dict[str, Any] | None
    query_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        return re.compile(f"^{regex}$")


def _operation(key: str, raw: dict[str, Any]) -> Operation:
    method, template = key.split(" ", 1)
    query = {p["name"]: p["schema"] for p in raw["parameters"] if p["in"] == "query"}
    return Operation(
        method=method,
        template=template,
        operation_id=raw["operationId"],
        label=raw["rate_limit_label"],
        daily_limit_per_host=raw["daily_limit_per_host"],
        request_schema=raw.get("requestBody"),
        query_schemas=query,
        statuses=tuple(raw["responses"]),
        scopes=tuple(raw.get("scopes", ())),
    )


class SpecIndex:
    """The operations of the vendored spec, searchable by method and concrete path."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.source: dict[str, Any] = document["x-zoomops-source"]
        self.operations = [_operation(key, raw) for key, raw in document["operations"].items()]

    @classmethod
    def load(cls) -> SpecIndex:
        text = resources.files("zoomops.sandbox.spec").joinpath(SPEC_RESOURCE).read_text("utf-8")
        return cls(json.loads(text))

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation serving `method path`, with its path parameters; None if undocumented."""
        matches = [(op, found.groupdict()) for op in self.operations
                   if op.method == method.upper() and (found := op.pattern.match(path))]
        # A literal segment wins over a parameter: `/registrants/questions` is not registrant "questions".
        return min(matches, key=lambda m: len(m[1])) if matches else None

    def get(self, operation_id: str) -> Operation:
        return next(op for op in self.operations if op.operation_id == operation_id)
