"""Write the schedule's data as YAML through PyYAML (libyaml's C emitter when present: a schedule of thousands of
blocks is written in milliseconds): one person or simple item per line, times and YAML 1.1 look-alikes (`Yes`,
`10:00`) quoted by the library, and a comment header saying what to review."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

_Base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):  # type: ignore[valid-type,misc]
    """The safe dumper, with clock times always in double quotes."""


class _Clock(str):
    """A time of day: written as "09:00" (YAML 1.1 reads some unquoted times as numbers)."""


_Dumper.add_representer(_Clock, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def _block(b: dict[str, Any]) -> dict[str, Any]:
    out = {k: _Clock(v) if k in ("start", "end") else v for k, v in b.items()}
    if "date" in b:
        out["date"] = date.fromisoformat(b["date"])
    return out


def _typed(data: dict[str, Any]) -> dict[str, Any]:
    """The data with dates as dates (plain YAML dates), everything else as it is."""
    out = dict(data)
    out["event"] = {**data["event"], "dates": [date.fromisoformat(d) for d in data["event"]["dates"]]}
    out["blocks"] = [_block(b) for b in data["blocks"]]
    return out


def _header(data: dict[str, Any], source: str) -> str:
    lines = [
        f"Imported from {source} by `zoomops import`: a draft to review.",
        "Emails are empty unless the document gives them: fill them in (`zoomops validate` lists who lacks one).",
    ]
    interp = data.get("interpretation")
    if interp and interp["pairs"]:
        lines += [
            "The document names no interpreters: add the team under interpretation.interpreters, e.g.",
            f"  - {{id: interpreter-a, name: ..., email: ..., languages: [{', '.join(interp['pairs'][0])}]}}",
        ]
    return "".join(f"# {line}\n" for line in lines)


def to_yaml(data: dict[str, Any], source: str) -> str:
    """The YAML text of a draft schedule imported from `source`."""
    body = yaml.dump(
        _typed(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=4096
    )
    return _header(data, source) + body
