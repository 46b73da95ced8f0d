"""Checks a recorded request against the vendored subset of Zoom's official OpenAPI spec.

Stricter than the sandbox (which, like Zoom, ignores unknown properties): every body property zoomops
sends must be one the spec defines for that operation, at every depth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from zoomops.sandbox.app import ZoomSandbox
from zoomops.sandbox.spec_index import SpecIndex
from zoomops.sandbox.validation import validate
from zoomops.sandbox.wire import SandboxRequest, SandboxResponse

# Query parameters the spec does not list but documents elsewhere: the list-webinars response returns
# `next_page_token` and says to use it instead of the deprecated `page_number` (zoom-api.md §2.2).
UNLISTED_QUERY = {"webinars": {"next_page_token"}}


@dataclass
class Exchange:
    request: SandboxRequest
    response: SandboxResponse

    @property
    def body(self) -> Any:
        return json.loads(self.request.body) if self.request.body else None


class RecordingSandbox(ZoomSandbox):
    """A sandbox that keeps every API exchange (OAuth and control endpoints excluded)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exchanges: list[Exchange] = []

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        response = super().handle(request)
        if request.path.startswith("/v2/"):
            self.exchanges.append(Exchange(request, response))
        return response


def unknown_properties(schema: dict[str, Any], value: Any, where: str = "") -> list[str]:
    """Every property in `value` that `schema` does not define (depth first)."""
    out: list[str] = []
    if isinstance(value, dict) and "properties" in schema:
        for key, sub in value.items():
            path = f"{where}.{key}" if where else key
            if key not in schema["properties"]:
                out.append(path)
            else:
                out.extend(unknown_properties(schema["properties"][key], sub, path))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            out.extend(unknown_properties(schema["items"], item, f"{where}[{i}]"))
    return out


def spec_problems(exchange: Exchange, spec: SpecIndex | None = None) -> list[str]:
    """Why this exchange is not what the official spec documents ([] when it is)."""
    spec = spec or SpecIndex.load()
    req = exchange.request
    matched = spec.match(req.method, req.path.removeprefix("/v2"))
    name = f"{req.method} {req.path}"
    if matched is None:
        return [f"{name}: no such operation in Zoom's spec"]
    op, _params = matched
    problems = []
    allowed = set(op.query_schemas) | UNLISTED_QUERY.get(op.operation_id, set())
    problems += [f"{name}: query parameter {q!r} not in the spec" for q in req.query if q not in allowed]
    for q, raw in req.query.items():
        schema = op.query_schemas.get(q, {})
        value: Any = int(raw) if schema.get("type") == "integer" else raw
        if schema.get("type") == "boolean":
            value = {"true": True, "false": False}.get(raw, raw)
        problems += [f"{name}: query {q}={raw!r} breaks the spec" for _ in validate(schema, value, q)]
    body = exchange.body
    if op.request_schema is None:
        if body not in (None, {}):
            problems.append(f"{name}: sends a body the spec does not define")
    else:
        problems += [f"{name}: body field {p} not in the spec" for p in unknown_properties(op.request_schema, body)]
        problems += [f"{name}: body field {e.field} breaks the spec" for e in validate(op.request_schema, body or {})]
    status = str(exchange.response.status)
    if exchange.response.status < 400 and status not in op.statuses:
        problems.append(f"{name}: answered {status}, the spec documents {list(op.statuses)}")
    return problems
