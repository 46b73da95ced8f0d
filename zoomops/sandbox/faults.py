"""Deterministic fault injection: rules that match API calls by method and path and fire with a seeded RNG.

Kinds:
  latency           sleep `seconds` on the sandbox clock before handling (real sleep over HTTP)
  error             answer `status` (5xx) without touching state
  drop / timeout    no answer: the adapter raises ConnectionError / ReadTimeout, the server closes the socket
  commit_then_fail  apply the change, then lose the answer as `outcome` ("error" -> `status`, "timeout", "drop")
  expire_tokens     every issued access token expires now (the request then fails with 401 code 124)
  rate_limit        answer 429 QPS as if the label's bucket were empty (use `times` for a burst)

`skip` lets the first N matching calls through, `times` caps how often a rule fires, `probability`
draws from `random.Random(seed)` so a run is repeatable.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FaultKind = Literal["latency", "error", "drop", "timeout", "commit_then_fail", "expire_tokens", "rate_limit"]
Outcome = Literal["error", "timeout", "drop"]
REPLACING = frozenset({"error", "drop", "timeout", "rate_limit"})


@dataclass
class FaultRule:
    """One fault and the calls it applies to (`path` is a regex searched in the request path)."""

    kind: FaultKind
    method: str | None = None
    path: str | None = None
    probability: float = 1.0
    times: int | None = None
    skip: int = 0
    seconds: float = 0.0
    status: int = 502
    outcome: Outcome = "error"
    matched: int = 0
    fired: int = 0

    def applies_to(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        return not self.path or re.search(self.path, path) is not None


@dataclass
class FaultPlan:
    """The rules of one sandbox instance and the seed that makes them repeatable."""

    rules: list[FaultRule] = field(default_factory=list)
    seed: int = 0

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> FaultPlan:
        return cls(rules=[FaultRule(**r) for r in raw.get("rules", [])], seed=int(raw.get("seed", 0)))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def simple(cls, *, latency: float = 0.0, error_rate: float = 0.0, seed: int = 0) -> FaultPlan:
        """What `zoomops sandbox serve --latency --error-rate` sets up: on every API call."""
        rules = []
        if latency > 0:
            rules.append(FaultRule("latency", path=r"^/v2/", seconds=latency))
        if error_rate > 0:
            rules.append(FaultRule("error", path=r"^/v2/", probability=error_rate, status=503))
        return cls(rules=rules, seed=seed)


class FaultInjector:
    """Decides, per call, which rules fire; counters and the RNG make the sequence deterministic."""

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self.plan = plan or FaultPlan()
        self.rng = random.Random(self.plan.seed)

    def select(self, method: str, path: str) -> list[FaultRule]:
        """Rules firing for this call, in plan order; after one answer-replacing rule fires, later
        answer-replacing rules are not consulted (and not counted)."""
        fired: list[FaultRule] = []
        for rule in self.plan.rules:
            replaced = any(r.kind in REPLACING for r in fired)
            if replaced and rule.kind in REPLACING:
                continue
            if rule.applies_to(method, path) and self._fires(rule):
                fired.append(rule)
        return fired

    def _fires(self, rule: FaultRule) -> bool:
        rule.matched += 1
        if rule.matched <= rule.skip or (rule.times is not None and rule.fired >= rule.times):
            return False
        if rule.probability < 1.0 and self.rng.random() >= rule.probability:
            return False
        rule.fired += 1
        return True
