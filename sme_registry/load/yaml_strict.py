"""A strict YAML reader that keeps the position of every key and value.

It walks libyaml's event stream (C-accelerated) instead of constructing Python objects,
so that it can refuse what PyYAML would silently accept: duplicate keys, anchors and
aliases, explicit tags, several documents, YAML 1.1 booleans such as `no`, octal-looking
numbers and non-ISO dates. Scalars are resolved with a small, explicit rule set close to
YAML 1.2's core schema; ISO dates stay strings and are typed later by the model.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml
from yaml.cyaml import CParser
from yaml.resolver import BaseResolver

from sme_registry.load.source_text import REFUSED_CHAR, position, refused_name
from sme_registry.load.yaml_messages import chinese
from sme_registry.problems import Problem
from sme_registry.problems.codes import make
from sme_registry.regulation.dates import FIRST_YEAR, LAST_YEAR

_Loader = yaml.CSafeLoader  # the pinned PyYAML wheels carry libyaml


class _ComposeOnly(CParser, BaseResolver):
    """libyaml's C parser and composer without PyYAML's tag resolution: this module
    resolves scalars itself, so the per-scalar regex pass in Python is skipped."""

    def __init__(self, stream):
        CParser.__init__(self, stream)
        BaseResolver.__init__(self)

    def resolve(self, kind, value, implicit):
        return ""

Path_ = tuple  # a key path such as ("terms", 0, "batch")
MAX_DEPTH = 20
# Above this upper bound of the nesting (see _depth_bound) the depth is measured on the
# event stream, stopping at the first collection too deep, before libyaml composes: its
# composer recurses in C (30,000 nested `[` crash the process) and its scanner slows down
# quadratically with depth.
SCAN_DEPTH_ABOVE = 100
MAX_DIGITS = 15  # a number with more digits is a slip (or an attack on int())

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOL = re.compile(r"^(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_LEADING_ZERO = re.compile(r"^[-+]?(0[0-9_]+|0[oOxXbB][0-9a-fA-F_]+)$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # the shape of a date the schema and the model read
_LOOSE_DATE = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$")
# The escapes of a double-quoted scalar (YAML 1.2, 5.7) that stand for one character.
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_SHORT_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "v": "\x0b", "f": "\x0c", "r": "\r",
                  "e": "\x1b", "N": "\x85", "L": "\u2028", "P": "\u2029"}


@dataclass
class Document:
    """Plain data plus where each value and each key stood in the file (1-based)."""

    data: object
    positions: dict = field(default_factory=dict)
    key_positions: dict = field(default_factory=dict)
    # What the walker saw while parsing, so the schema need not walk the data again to
    # learn it (None: not known): a float with an integral value such as 4.0, and a
    # date-shaped text whose year lies outside FIRST_YEAR…LAST_YEAR.
    integral_float: bool | None = None
    year_outside: bool | None = None

    def pos(self, path: Path_) -> tuple[int, int]:
        """Position of the value at `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_pos(self, path: Path_) -> tuple[int, int]:
        return self.key_positions.get(tuple(path)) or self.pos(path)


def parse_order(data) -> tuple[list, list]:
    """The value paths and the key paths of a document, in the order the parser records
    their positions (_Walker: every value before its children, a key before its value)."""
    values, keys = [], []

    def walk(value, path):
        values.append(path)
        if isinstance(value, dict):
            for key, sub in value.items():
                keys.append((*path, key))
                walk(sub, (*path, key))
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                walk(sub, (*path, i))

    walk(data, ())
    return values, keys


def _unflatten(paths: list, flat) -> dict | None:
    if not (isinstance(flat, list) and len(flat) == 2 * len(paths) and all(type(n) is int for n in flat)):
        return None
    return {path: (flat[2 * i], flat[2 * i + 1]) for i, path in enumerate(paths)}


class FlatDocument(Document):
    """A document whose positions are kept as two flat lists of (line, column) numbers in
    parse order, as the walker records them (cheap to make, to pickle and to keep between
    builds). They are unpacked into path dictionaries on first use: only reporting a
    problem needs them. Lists that do not fit the data (a damaged memo) leave problems at 1:1."""

    def __init__(self, data, flat_positions: list, flat_key_positions: list,  # not the dataclass's __init__
                 integral_float: bool | None = None, year_outside: bool | None = None):
        self.data = data
        self.flat = (flat_positions, flat_key_positions)
        self.integral_float = integral_float
        self.year_outside = year_outside
        self._unpacked = None

    def _unpack(self) -> tuple[dict, dict]:
        if self._unpacked is None:
            value_paths, key_paths = parse_order(self.data)
            self._unpacked = (_unflatten(value_paths, self.flat[0]) or {},
                              _unflatten(key_paths, self.flat[1]) or {})
        return self._unpacked

    @property
    def positions(self) -> dict:
        return self._unpack()[0]

    @property
    def key_positions(self) -> dict:
        return self._unpack()[1]

    def __getstate__(self):  # pickled (parallel.fork_map) without the unpacked dictionaries
        return {**self.__dict__, "_unpacked": None}


class _Walker:
    """Walks the node tree that libyaml composed (in C), checking as it goes, and records
    the position of every value and key in parse order (FlatDocument)."""

    def __init__(self, display: str, text: str):
        self.display = display
        self.text = text
        self.problems: list[Problem] = []
        self.too_deep: list[Problem] = []
        self.values: list[int] = []  # line, column of each value in parse order
        self.keys: list[int] = []  # line, column of each key in parse order
        self.integral_float = False  # Document.integral_float
        self.year_outside = False  # Document.year_outside
        self._seen: set[int] = set()

    def fail(self, code, mark, **fields):
        self.problems.append(make(code, self.display, (mark.line + 1, mark.column + 1), **fields))

    def node(self, node, depth):
        mark = node.start_mark
        self.values += (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self._seen:  # an alias: never expand it (billion laughs); reported by the scan
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            if not self.too_deep:  # the first one only, as the event scan reports it
                self.too_deep.append(_too_deep(self.display, node.start_mark))
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self.node(item, depth + 1) for item in node.value]
        return self.mapping(node, depth)

    def mapping(self, node, depth):
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail("E110", key_node.start_mark, detail="键必须是简单的文字")
                continue
            key = key_node.value
            if key_node.style == '"' and REFUSED_CHAR.search(key):
                self.escapes(key_node)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self.fail("E105", key_node.start_mark, key=key, first_line=first_seen[key])
                continue
            first_seen[key] = line
            self.keys += (line, key_node.start_mark.column + 1)
            result[key] = self.node(value_node, depth + 1)
        return result

    def escapes(self, node) -> None:
        """E128 for each escape in a double-quoted scalar that writes a character the text
        grammar refuses: the file's text was checked, the escape would bring it back."""
        start, end = node.start_mark.index, node.end_mark.index
        for match in _ESCAPE.finditer(self.text, start, end):
            code = match.group(1)
            char = chr(int(code[1:], 16)) if len(code) > 1 else _SHORT_ESCAPES.get(code, "")
            name = refused_name(char) if len(char) == 1 else None
            if name:
                self.problems.append(make("E128", self.display, position(self.text, match.start()),
                                          escape=match.group(), char=f"U+{ord(char):04X}", name=name))

    def scalar(self, node):
        value = node.value
        if node.style not in (None, ""):
            if node.style == '"' and REFUSED_CHAR.search(value):
                self.escapes(node)
            if value[:1].isdigit() and ISO_DATE.match(value):
                self.date(value)
            return value  # quoted or block scalars are always text
        if value and not value[0].isascii():
            if value[0].isdigit() and ISO_DATE.match(value):  # \d is any decimal digit, full-width too
                self.date(value)
            return value  # Chinese text: none of the rules below can match
        if value in _NULL:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        if _YAML11_BOOL.match(value):
            self.fail("E107", node.start_mark, value=value)
            return value
        if _INT.match(value):
            if len(value.lstrip("+-")) > MAX_DIGITS:
                self.fail("E118", node.start_mark, value=_clip(value), limit=MAX_DIGITS)
                return value
            return int(value)
        if _LEADING_ZERO.match(value):
            self.fail("E108", node.start_mark, value=_clip(value))
            return value
        if _FLOAT.match(value):
            number = float(value)
            if not math.isfinite(number) or abs(number) >= 10**MAX_DIGITS or sum(c.isdigit() for c in value) > 2 * MAX_DIGITS:
                self.fail("E118", node.start_mark, value=_clip(value), limit=MAX_DIGITS)
                return value
            if number.is_integer():
                self.integral_float = True
            return number
        if ISO_DATE.match(value):
            self.date(value)
        elif _LOOSE_DATE.match(value):
            self.fail("E109", node.start_mark, value=value)
        return value

    def date(self, value: str) -> None:
        if not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
            self.year_outside = True


def _clip(value: str, limit: int = 20) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _too_deep(display: str, mark) -> Problem:
    return make("E110", display, (mark.line + 1, mark.column + 1), detail=f"嵌套层级超过 {MAX_DEPTH} 层")


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, from the text alone: every flow collection
    needs a bracket; a block collection either starts a line indented further (at least
    every second level) or follows an indicator (- ? :) on its line."""
    flows = text.count("[") + text.count("{")
    if flows > SCAN_DEPTH_ABOVE:
        return flows
    lines = text.split("\n")
    indent = max(len(line) - len(line.lstrip(" ")) for line in lines)
    indicators = max(line.count("-") + line.count("?") + line.count(":") for line in lines)
    return flows + 2 * (indent + indicators + 2)


def _depth_problem(text: str, display: str) -> list[Problem]:
    """The first collection nested deeper than MAX_DEPTH, found on the event stream
    (which libyaml produces without recursion); parsing stops there."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if depth > MAX_DEPTH:
                return [_too_deep(display, event.start_mark)]
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return []


def _scan_events(text: str, display: str) -> list[Problem]:
    """Anchors, aliases and explicit tags are only visible in the event stream; the scan
    runs only for the rare files whose text contains one of & * !."""
    problems = []

    def fail(code, event, **fields):
        mark = event.start_mark
        problems.append(make(code, display, (mark.line + 1, mark.column + 1), **fields))

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            fail("E106", event, detail=f"别名 *{event.anchor}")
            continue
        anchor = getattr(event, "anchor", None)
        if anchor:
            fail("E106", event, detail=f"锚点 &{anchor}")
        tag = getattr(event, "tag", None)
        if tag and tag != "!" and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
            fail("E112", event, tag=tag)
    return problems


def _tab_problems(text: str, display: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(make("E104", display, (number, indent.index("\t") + 1)))
    return problems


def parse(text: str, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document strictly; on a syntax error return (None, problems)."""
    tabs = _tab_problems(text, display)
    if tabs:
        return None, tabs
    walker = _Walker(display, text)
    try:
        if _depth_bound(text) > SCAN_DEPTH_ABOVE:
            too_deep = _depth_problem(text, display)
            if too_deep:
                return None, too_deep
        scanned = _scan_events(text, display) if ("&" in text or "*" in text or "!" in text) else []
        root = _ComposeOnly(text).get_single_node()
    except yaml.composer.ComposerError as exc:
        if "single document" in (exc.context or ""):
            mark = exc.problem_mark
            return None, [make("E111", display, _inside(text, mark.line + 1, mark.column + 1))]
        return None, _syntax_problem(exc, display, text)
    except yaml.YAMLError as exc:
        return None, _syntax_problem(exc, display, text)
    data = walker.node(root, 0) if root is not None else None
    if walker.too_deep:
        return None, walker.too_deep
    document = FlatDocument(data, walker.values, walker.keys, walker.integral_float, walker.year_outside)
    return document, scanned + walker.problems


def _inside(text: str, line: int, col: int) -> tuple[int, int]:
    """libyaml puts an error at the end of a file without a final newline on the line
    after the last; a reported position always lies inside the file."""
    lines = text.split("\n")
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(col, len(lines[line - 1]) + 1)


def _syntax_problem(exc, display: str, text: str) -> list[Problem]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = getattr(exc, "problem", None) or str(exc)
    return [make("E103", display, _inside(text, line, col), detail=chinese(detail))]
