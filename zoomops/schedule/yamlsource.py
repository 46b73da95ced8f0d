"""Load YAML as hostile input, remembering the line and column of every key and value.

libyaml (PyYAML's CParser) reads the events; PyYAML's own Composer, subclassed here, builds the nodes so
that nesting depth, node count and alias use are limited while the document is read (a "billion laughs"
or a 10,000-level `[[[[` fails at its first excess, in bounded memory), recursive aliases and merge keys
are refused, and duplicate keys are errors at both places. Every syntax error is worded for organizers
and put where the problem starts (an unclosed quote or `[` where it opens).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, Event
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from zoomops.common.diagnostics import Diagnostic
from zoomops.i18n.translate import N_, _, localise

Path_ = tuple[str | int, ...]

_TIME_LIKE = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value")}


@dataclass(frozen=True)
class YamlLimits:
    """How much a document may ask of the reader; a schedule needs a tiny fraction of each."""

    max_depth: int = 50  # the forum nests 6 levels
    max_nodes: int = 100_000  # keys, values and list entries (the forum has about 900)
    max_aliases: int = 500  # `*name` uses
    max_alias_values: int = 20_000  # values the aliases stand for, all uses together


LIMITS = YamlLimits()


@dataclass
class SourceMap:
    """Maps a path inside the document (("blocks", 0, "start")) to its 1-based line and column."""

    file: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # the text of a plain scalar YAML read as something else (`no` -> False, `2022` -> 2022)
    raw: dict[Path_, str] = field(default_factory=dict)
    # problems found while reading that still let the rest be checked (duplicate keys, merge keys, tags)
    problems: list[Diagnostic] = field(default_factory=list)

    def locate(self, path: Path_) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor that exists in the file."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def alias(self, old: Path_, new: Path_) -> None:
        """Positions under `old` are also known under `new` (a misspelled key read as the right one)."""
        n = len(old)
        for path, pos in list(self.positions.items()):
            if path[:n] == old:
                self.positions.setdefault((*new, *path[n:]), pos)
        for path, text in list(self.raw.items()):
            if path[:n] == old:
                self.raw.setdefault((*new, *path[n:]), text)


class YamlSyntaxError(Exception):
    """A document that cannot be read; carries the position where the problem starts."""

    def __init__(self, line: int, col: int, message: str) -> None:
        self.line, self.col, self.message = line, col, message
        super().__init__(f"{line}:{col}: {message}")


def _at(mark: Any, message: str) -> YamlSyntaxError:
    return YamlSyntaxError(mark.line + 1, mark.column + 1, message) if mark else YamlSyntaxError(1, 1, message)


class _PyEvents(Reader, Scanner, Parser):
    """PyYAML's own event source, for a PyYAML built without libyaml (about 10x slower)."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


_Events: Any
try:
    from yaml._yaml import CParser as _Events  # libyaml: about 10x faster, same events and marks
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Events = _PyEvents


class _GuardedComposer(Composer, _Events, Resolver):  # type: ignore[misc]
    """libyaml's events, PyYAML's Composer, with limits checked as each node is read."""

    def __init__(self, text: str, limits: YamlLimits) -> None:
        _Events.__init__(self, text)
        Composer.__init__(self)
        Resolver.__init__(self)
        self.limits = limits
        self.depth = self.nodes = self.aliases = self.alias_values = 0
        self.open_anchors: set[str] = set()
        self.sizes: dict[str, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        event: Any = self.peek_event()
        if isinstance(event, AliasEvent):
            return self._alias(event)
        lim = self.limits
        self.depth += 1
        self.nodes += 1
        if self.depth > lim.max_depth:
            raise _at(event.start_mark, _too_deep(lim.max_depth))
        if self.nodes > lim.max_nodes:
            raise _at(event.start_mark, _("the document has more than {limit} values: far more than any schedule "
                                          "needs (is this the right file?)").format(limit=f"{lim.max_nodes:,}"))
        before = self.nodes + self.alias_values
        anchor = event.anchor
        if anchor is not None:
            if anchor in self.anchors:
                first = self.anchors[anchor].start_mark
                raise _at(event.start_mark, _("anchor {anchor} is defined twice (first at line {line}): rename one "
                                              "of them").format(anchor=f"&{anchor}", line=first.line + 1))
            self.open_anchors.add(anchor)
        node = super().compose_node(parent, index)
        if anchor is not None:
            self.open_anchors.discard(anchor)
            self.sizes[anchor] = self.nodes + self.alias_values - before + 1
        self.depth -= 1
        return node

    def _alias(self, event: Event) -> Any:
        anchor = str(event.anchor)  # type: ignore[attr-defined]
        lim = self.limits
        if anchor in self.open_anchors:
            raise _at(event.start_mark, _("{alias} stands for the value it is inside ({anchor}): a recursive alias "
                                          "cannot be read; write the value out").format(
                                              alias=f"*{anchor}", anchor=f"&{anchor}"))
        if anchor not in self.anchors:
            raise _at(event.start_mark, _("{alias} refers to no anchor {anchor} above it: define it first, or put "
                                          "the value in quotes if the * is part of the text").format(
                                              alias=f"*{anchor}", anchor=f"&{anchor}"))
        self.aliases += 1
        self.alias_values += self.sizes.get(anchor, 1)
        if self.aliases > lim.max_aliases:
            raise _at(event.start_mark, _("more than {limit} aliases (*name): write the values out").format(
                limit=lim.max_aliases))
        if self.alias_values > lim.max_alias_values:
            raise _at(event.start_mark, _("the aliases up to here stand for more than {limit} values (an alias of "
                                          "aliases of aliases, as in a 'billion laughs' document): write the values "
                                          "out").format(limit=f"{lim.max_alias_values:,}"))
        self.get_event()
        return self.anchors[anchor]


def load_yaml(text: str, file: str, limits: YamlLimits = LIMITS) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain Python data plus a SourceMap; YamlSyntaxError if it cannot be read."""
    node = compose(text, limits)
    smap = SourceMap(file)
    foreign = foreign_line_break(text)
    if foreign is not None:
        smap.problems.append(Diagnostic(file, foreign.line, foreign.col, "", foreign.message))
    if node is None:
        return None, smap
    return _convert(node, (), smap), smap


_FOREIGN_BREAKS = {"\x85": N_("an invisible next-line character"), "\u2028": N_("an invisible line separator"),
                   "\u2029": N_("an invisible paragraph separator")}


def foreign_line_break(text: str) -> YamlSyntaxError | None:
    """U+2028, U+2029 or U+0085 (pasted from a web page or PDF): YAML breaks the line there, editors do not."""
    found = [i for i in (text.find(ch) for ch in _FOREIGN_BREAKS) if i >= 0]
    if not found:
        return None
    at = min(found)
    line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    name = _FOREIGN_BREAKS[text[at]]
    return YamlSyntaxError(line, col, _(
        "{what} ({code}, often pasted from a web page or PDF): YAML starts a new line there, so the text after it "
        "is misread; delete it").format(what=localise(name), code=f"U+{ord(text[at]):04X}"))


def compose(text: str, limits: YamlLimits = LIMITS) -> yaml.Node | None:
    """The document's node graph, or YamlSyntaxError located where the problem starts."""
    loader = None
    try:
        loader = _GuardedComposer(text, limits)
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise (foreign_line_break(text) or _syntax_error(exc, text)) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    finally:
        if loader is not None:
            loader.dispose()


# ---------------------------------------------------------------- converting nodes to data


def _convert(node: yaml.Node, path: Path_, smap: SourceMap) -> Any:
    smap.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if node.tag not in _PLAIN_TAGS and not (isinstance(node, yaml.ScalarNode) and node.tag == _CORE + "merge"):
        _problem(smap, node.start_mark, path,
                 _("the tag {tag} is not used in zoomops files: remove it").format(tag=_short_tag(node.tag)))
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, path, smap)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), smap) for i, item in enumerate(node.value)]
    return _scalar(node, path, smap)


def _mapping(node: yaml.MappingNode, path: Path_, smap: SourceMap) -> dict[str, Any]:
    out: dict[str, Any] = {}
    first_at: dict[str, Any] = {}
    for key_node, value_node in node.value:
        mark = key_node.start_mark
        if key_node.tag == _CORE + "merge":
            _problem(smap, mark, path, _("'<<' (a YAML merge key) is not used in zoomops files: write the "
                                         "fields out in this entry"))
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            _problem(smap, mark, path, _("a key must be a plain name (such as title), not a list or mapping"))
            continue
        key = str(_scalar(key_node, (), None))
        child = (*path, key)
        if key in first_at:
            _duplicate(smap, child, first_at[key], mark)
            continue
        first_at[key] = mark
        smap.positions[child] = (mark.line + 1, mark.column + 1)
        out[key] = _convert(value_node, child, smap)
    return out


def _duplicate(smap: SourceMap, path: Path_, first: Any, second: Any) -> None:
    name = field_name(path)
    line1, line2 = first.line + 1, second.line + 1
    smap.problems.append(Diagnostic(smap.file, line1, first.column + 1, name,
                                    _("written twice (again at line {line}): YAML would silently keep only the "
                                      "second; merge the two or delete one").format(line=line2)))
    smap.problems.append(Diagnostic(smap.file, line2, second.column + 1, name,
                                    _("written twice (first at line {line}): YAML would silently keep only this "
                                      "one; merge the two or delete one").format(line=line1)))


def _problem(smap: SourceMap, mark: Any, path: Path_, message: str) -> None:
    smap.problems.append(Diagnostic(smap.file, mark.line + 1, mark.column + 1, field_name(path), message))


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _scalar(node: yaml.Node, path: Path_, smap: SourceMap | None) -> Any:
    text = str(node.value)
    control = _ESCAPED_CONTROL.search(text) if getattr(node, "style", None) == '"' else None
    if control is not None and smap is not None:  # written as an escape ("\a", "\x0b"): the reader let it in
        code = ord(control.group())
        _problem(smap, node.start_mark, path, _(
            "the quoted value holds an invisible character {code} ({name}), written as an escape: remove it").format(
                code=f"U+{code:04X}", name=control_name(code)))
    # YAML 1.1 reads 10:45 as a base-60 integer (645); agenda times must stay text.
    if node.tag == _CORE + "int" and _TIME_LIKE.match(text):
        return text
    constructor = yaml.SafeLoader.yaml_constructors.get(node.tag) if node.tag in _PLAIN_TAGS else None
    if constructor is None:
        return text
    try:
        value = constructor(_LOADER, node)
    except (ValueError, OverflowError, yaml.YAMLError):
        return text  # e.g. 2022-09-31 looks like a date but is none: the model reports it
    if smap is not None and not isinstance(value, str):
        smap.raw[path] = text
    return value


_LOADER = yaml.SafeLoader("")


def field_name(path: tuple[str | int, ...]) -> str:
    """("blocks", 2, "items", 0, "minutes") -> "blocks[2].items[0].minutes"."""
    text = ""
    for part in path:
        name = part if isinstance(part, int) or len(part) <= 60 else part[:60] + "…"
        text += f"[{name}]" if isinstance(name, int) else (f".{name}" if text else str(name))
    return text


# ---------------------------------------------------------------- syntax errors, worded for organizers

_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):\s+(\S.*?)\s*$")


def _quote_hint(text: str, mark: Any) -> str:
    """'put the value in quotes', with this line's key and value as the example when the line is simple."""
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""
    found = _KEY_VALUE.match(line)
    if found is None or len(line) > 200 or found.group(2)[:1] in "\"'":
        return _('put the value in quotes, e.g. {example}').format(example='title: "Session 1: Opening"')
    value = found.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return _("put the value in quotes: {example}").format(example=f'{found.group(1)}: "{value}"')


def _too_deep(depth: int) -> str:
    return _("nested more than {depth} levels deep here: zoomops files need about 6 (look for stray '[' or '{{' or "
             "wrongly indented lines)").format(depth=depth)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlSyntaxError:
    context, problem = exc.context or "", exc.problem or ""
    start, at = exc.context_mark, exc.problem_mark or exc.context_mark
    char = _char_at(text, at)
    if char == "\t":
        return _at(at, _("a tab character: YAML indents with spaces only; replace the tab with spaces"))
    odd = _odd_space_indent(text, at)
    if odd is not None:
        return odd
    runaway = _runaway_quote(text, at)
    if runaway is not None:
        return runaway
    if "quoted scalar" in context and "end of stream" in problem:
        quote = _char_at(text, start) or '"'
        other = "'" if quote == '"' else '"'
        return _at(start, _("this {quote} opens a quoted value that is never closed: add the closing {quote} (a "
                            "{quote} inside the text: use {other} around the value instead)").format(
                                quote=quote, other=other))
    if "unknown escape" in problem:
        return _at(at, _("a backslash inside double quotes starts an escape YAML does not know: write \\\\ for a "
                         "backslash, or use single quotes around the value"))
    if "flow sequence" in context or "flow mapping" in context:
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        if start is not None and at is not None and at.line == start.line and char:
            return _at(at, _("{char} here does not belong inside the {opening} {closing} that opens at column "
                             "{column}: remove it, add a comma before it, or put the value in quotes").format(
                                 char=repr(char), opening=opening, closing=closing, column=start.column + 1))
        unclosed = (_("this {opening} opens a list that is not closed by {closing} (or its entries are not separated "
                      "by commas): close it, or put the value in quotes if the {opening} is part of the text")
                    if opening == "[" else
                    _("this {opening} opens a mapping that is not closed by {closing} (or its entries are not "
                      "separated by commas): close it, or put the value in quotes if the {opening} is part of the "
                      "text"))
        return _at(start, unclosed.format(opening=opening, closing=closing))
    if "mapping values are not allowed" in problem:
        return _at(at, _("a second ': ' on one line: YAML reads what follows as a new key; {hint}").format(
            hint=_quote_hint(text, at)))
    if "simple key" in context and start is not None:
        return _at(start, _("this line is read as a key but has no ': ' after it (or its indentation is wrong): "
                            "write key: value, indented with spaces like the lines around it"))
    if "block mapping" in context or "block collection" in context:
        return _at(at, _("this line's indentation does not match the lines above: line it up, with spaces, with "
                         "the other fields of the same entry"))
    if "another document" in problem:
        return _at(at, _("a second document starts here ('---'): a schedule file holds one document; remove this "
                         "line (and merge what follows into the first part)"))
    if "maximum nesting depth" in problem:
        return _at(at, _too_deep(LIMITS.max_depth))
    if "anchor" in context or "alias" in context:
        sign = _char_at(text, start) or "*"
        return _at(start, _("a value cannot start with {sign} unquoted (YAML reads & and * as anchors and "
                            "aliases): {hint}").format(sign=sign, hint=_quote_hint(text, start)))
    if "cannot start any token" in problem and char:
        return _at(at, _("a value cannot start with {char}: {hint}").format(char=repr(char),
                                                                            hint=_quote_hint(text, at)))
    if "directive" in context:
        return _at(start, _("a line starting with % is a YAML directive: put the value in quotes"))
    words = ", ".join(p for p in (context, problem) if p)
    return _at(at, _("YAML cannot read this ({words}); check the quotes, colons and indentation here").format(
        words=words))


_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def _odd_space_indent(text: str, at: Any) -> YamlSyntaxError | None:
    """A line up to the error indented with a non-breaking or full-width space (pasted, or typed in an IME)."""
    last = at.line if at is not None else 0
    for number, line in enumerate(text.splitlines()[: last + 1]):
        indent = line[: len(line) - len(line.lstrip(" " + _ODD_SPACES))]
        odd = next((i for i, ch in enumerate(indent) if ch in _ODD_SPACES), None)
        if odd is not None:
            name = unicodedata.name(indent[odd], "a special space").lower()
            return YamlSyntaxError(number + 1, odd + 1, _(
                "the indentation has a {name} ({code}): YAML indents with plain spaces only; retype the indentation "
                "with spaces").format(name=name, code=f"U+{ord(indent[odd]):04X}"))
    return None


def _runaway_quote(text: str, at: Any) -> YamlSyntaxError | None:
    """A quoted value that ran on to the error's line: its quote was not closed where it was opened."""
    if at is None:
        return None
    source = _Events(text)
    last = None
    try:
        while source.check_event():
            event = source.get_event()
            if getattr(event, "style", None) in ('"', "'") and event.start_mark.line < event.end_mark.line:
                last = event
    except yaml.YAMLError:
        pass
    finally:
        source.dispose()
    if last is None or last.end_mark.line != at.line:
        return None
    quote = last.style
    return _at(last.start_mark, _("this {quote} opens a quoted value that is not closed on its line (it runs on to "
                                  "line {line}): add the closing {quote}").format(quote=quote, line=at.line + 1))


def _char_at(text: str, mark: Any) -> str | None:
    if mark is None:
        return None
    lines = text.splitlines()
    if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


_CONTROL_NAMES = {0: "NUL", 7: "bell", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape",
                  0x7F: "delete", 0xFFFE: "a non-character", 0xFFFF: "a non-character"}


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlSyntaxError:
    """libyaml's reader refuses control characters; its position counts UTF-8 bytes."""
    before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    code = int(exc.character) if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return YamlSyntaxError(line, col, control_message(code))


def control_name(code: int) -> str:
    return _CONTROL_NAMES.get(code) or unicodedata.name(chr(code), "") or "a control character"


def control_message(code: int) -> str:
    """The message for an invisible character a YAML or CSV file must not hold."""
    return _("invisible character {code} ({name}) is not allowed (often pasted from Word or a PDF): delete it, or "
             "retype the text around it").format(code=f"U+{code:04X}", name=control_name(code))
