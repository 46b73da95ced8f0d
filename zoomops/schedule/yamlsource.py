"""Load YAML while remembering the line and column of every key and value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_TIME_LIKE = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")


@dataclass
class SourceMap:
    """Maps a path inside the document (("blocks", 0, "start")) to its 1-based line and column."""

    file: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor that exists in the file."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


class YamlSyntaxError(Exception):
    """A YAML document that does not parse; carries the position."""

    def __init__(self, line: int, col: int, message: str) -> None:
        self.line, self.col, self.message = line, col, message
        super().__init__(f"{line}:{col}: {message}")


def load_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain Python data plus a SourceMap."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError:
        node = _compose_for_error(text)  # normally raises, with the pure-Python parser's clearer message
    smap = SourceMap(file)
    if node is None:
        return None, smap
    return _convert(node, (), smap), smap


def _compose_for_error(text: str) -> Any:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(line, col, _syntax_message(exc)) from None


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "YAML syntax error: " + ", ".join(parts)


def _convert(node: yaml.Node, path: Path_, smap: SourceMap) -> Any:
    smap.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key = str(key)
            child = (*path, key)
            smap.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _convert(value_node, child, smap)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), smap) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    # YAML 1.1 reads 10:45 as a base-60 integer (645); agenda times must stay text.
    if node.tag == "tag:yaml.org,2002:int" and _TIME_LIKE.match(str(node.value)):
        return str(node.value)
    constructor = yaml.SafeLoader.yaml_constructors.get(node.tag)
    if constructor is None:
        return node.value
    try:
        return constructor(_LOADER, node)
    except (ValueError, yaml.YAMLError):
        return node.value  # e.g. 2022-09-31 looks like a date but is none: the model reports it


_LOADER = yaml.SafeLoader("")
# libyaml's parser when PyYAML was built with it (about 10x faster); same nodes, same marks.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def field_name(path: tuple[str | int, ...]) -> str:
    """("blocks", 2, "items", 0, "minutes") -> "blocks[2].items[0].minutes"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
