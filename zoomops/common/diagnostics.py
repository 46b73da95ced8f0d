"""Input diagnostics: `file:line:col: field: message`, collected all at once, exit code 2."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem with the user's input, pointing at where it is."""

    file: str
    line: int
    col: int
    field: str
    message: str
    severity: Severity = "error"

    def render(self, warning: str = "warning") -> str:
        """`file:line:col: [warning: ]field: message`; `warning` is the label in the reader's language."""
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        label = "" if self.severity == "error" else f"{warning}: "
        subject = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{subject}{self.message}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class InputError(Exception):
    """Raised when user input is invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.render() for d in diagnostics))


class OperationalError(Exception):
    """Something outside the user's input failed (network, Zoom, disk): exit code 1."""
