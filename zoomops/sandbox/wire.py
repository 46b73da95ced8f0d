"""Transport-neutral request and response objects shared by the adapter and the HTTP server."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

TransportFault = Literal["drop", "timeout"]


@dataclass
class SandboxRequest:
    """One HTTP request as the sandbox sees it; `path` excludes the query string."""

    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8")) if self.body.strip() else None


@dataclass
class SandboxResponse:
    """What the sandbox answers; `transport_fault` means no answer reaches the caller."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    transport_fault: TransportFault | None = None

    @classmethod
    def of_json(cls, status: int, payload: Any, headers: dict[str, str] | None = None) -> SandboxResponse:
        body = json.dumps(payload).encode("utf-8")
        return cls(status, body, {"Content-Type": "application/json;charset=UTF-8", **(headers or {})})

    @classmethod
    def empty(cls, status: int, headers: dict[str, str] | None = None) -> SandboxResponse:
        return cls(status, b"", dict(headers or {}))

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None
