"""Write the schedule's data as YAML through ruamel.yaml: readable (one person or simple item per line,
blocks spaced apart), stable, with comments saying what to review."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

_STR = "tag:yaml.org,2002:str"


def _text(value: Any) -> Any:
    """A string that a YAML 1.1 reader (the project's loader) would take for something else — `Yes`, `No`,
    `10:00`, `1e3` — is quoted; everything else is left as it is."""
    if not isinstance(value, str):
        return value
    if pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, value, (True, False)) != _STR:
        return SingleQuotedScalarString(value)
    return value


def _scalar(key: str, value: Any) -> Any:
    if key in ("start", "end"):
        return DoubleQuotedScalarString(value)
    return date.fromisoformat(value) if key == "date" else _text(value)


def _flow(d: dict[str, Any]) -> CommentedMap:
    m = CommentedMap()
    for k, v in d.items():
        if isinstance(v, list):
            seq = CommentedSeq(_flow(x) if isinstance(x, dict) else _text(x) for x in v)
            seq.fa.set_flow_style()
            m[k] = seq
        else:
            m[k] = _scalar(k, v)
    m.fa.set_flow_style()
    return m


def _block(b: dict[str, Any]) -> CommentedMap:
    if b["kind"] == "break" and "items" not in b and "moderator" not in b:
        return _flow(b)
    m = CommentedMap()
    for k, v in b.items():
        if k == "items":
            items = CommentedSeq()
            for it in v:
                if "segments" in it:
                    im = CommentedMap((k2, _text(v2)) for k2, v2 in it.items() if k2 != "segments")
                    segs = CommentedSeq(_flow(s) for s in it["segments"])
                    im["segments"] = segs
                    items.append(im)
                else:
                    items.append(_flow(it))
            m[k] = items
        else:
            m[k] = _scalar(k, v)
    return m


def to_yaml(data: dict[str, Any], source: str) -> str:
    """The YAML text of a draft schedule imported from `source`."""
    root = CommentedMap()
    event = CommentedMap((k, _text(v)) for k, v in data["event"].items())
    dates = CommentedSeq(date.fromisoformat(d) for d in data["event"]["dates"])
    dates.fa.set_flow_style()
    event["dates"] = dates
    root["event"] = event
    people = CommentedSeq(_flow(p) for p in data["people"])
    root["people"] = people
    blocks = CommentedSeq(_block(b) for b in data["blocks"])
    for i in range(1, len(blocks)):
        blocks.yaml_set_comment_before_after_key(i, before="\n", indent=2)
    root["blocks"] = blocks
    if "interpretation" in data:
        interp = CommentedMap()
        pairs = CommentedSeq()
        for p in data["interpretation"]["pairs"]:
            pair = CommentedSeq(p)
            pair.fa.set_flow_style()
            pairs.append(pair)
        pairs.fa.set_flow_style()
        interp["pairs"] = pairs
        languages = ", ".join(data["interpretation"]["pairs"][0])
        interp["interpreters"] = CommentedSeq()
        interp["interpreters"].fa.set_flow_style()
        interp.yaml_set_comment_before_after_key(
            "interpreters",
            before="The document names no interpreters: add the team, e.g.\n"
            f"- {{id: interpreter-a, name: ..., email: ..., languages: [{languages}]}}",
            indent=2,
        )
        root["interpretation"] = interp
    root.yaml_set_start_comment(
        f"Imported from {source} by `zoomops import`: a draft to review.\n"
        "Emails are empty unless the document gives them: fill them in (`zoomops validate` lists who lacks one)."
    )
    for key in ("people", "blocks", "interpretation"):
        if key in root:
            root.yaml_set_comment_before_after_key(key, before="\n")
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()
