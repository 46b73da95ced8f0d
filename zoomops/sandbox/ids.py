"""Zoom-looking identifiers, deterministic from a seed and a counter kept in the sandbox state."""

from __future__ import annotations

import base64
import random


class IdFactory:
    """Makes ids from `Random(f"{seed}:{n}")`, so a reloaded sandbox keeps producing fresh, repeatable ids."""

    def __init__(self, seed: int, counter: int = 0) -> None:
        self.seed = seed
        self.counter = counter

    def _rng(self) -> random.Random:
        self.counter += 1
        return random.Random(f"{self.seed}:{self.counter}")

    def webinar_id(self) -> int:
        """An 11-digit int64 webinar number, like Zoom's."""
        return self._rng().randint(10**10, 10**11 - 1)

    def uuid(self) -> str:
        """A 24-character base64 instance UUID (may contain `/` or `+`, as Zoom's do)."""
        return base64.b64encode(self._rng().randbytes(16)).decode("ascii")

    def short_id(self) -> str:
        """A 22-character url-safe id, the shape of Zoom user and panelist ids."""
        return base64.urlsafe_b64encode(self._rng().randbytes(16)).decode("ascii").rstrip("=")

    def secret(self, nbytes: int = 24) -> str:
        return base64.urlsafe_b64encode(self._rng().randbytes(nbytes)).decode("ascii").rstrip("=")

    def digits(self, count: int) -> str:
        rng = self._rng()
        return "".join(str(rng.randint(0, 9)) for _ in range(count))
