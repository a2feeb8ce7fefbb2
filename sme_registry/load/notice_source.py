"""Reads the metadata header of a notice (Pelican Markdown) with line numbers.

The format is the one Pelican's Markdown reader accepts: `key: value` lines, then a
blank line, then the body. The domain code reads it itself so that it never imports
Pelican; the site renders the same files through Pelican.
"""

from __future__ import annotations

import re

from sme_registry.load.source_text import position, refused_name
from sme_registry.load.yaml_strict import Document
from sme_registry.problems.codes import make

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")
# Limits that keep rendering a body linear in practice and its recursion shallow (measured
# with the site's renderer): Python-Markdown rescans the rest of a paragraph for every
# unclosed `[` or `(` (quadratic: 4,000 of them take a minute) and for nested balanced
# ones (4,000 `[` deep: 3.5 s); every abbreviation definition is a pattern tried on all the
# text (4,000: 15 s), footnotes likewise (4,000: 2.4 s); blockquotes, lists and a run of
# definition-list items (500 in one paragraph) nest recursively, past Python's limit.
MAX_UNPAIRED = 20  # per paragraph (text between blank lines)
MAX_BRACKET_DEPTH = 20  # `[` or `(` open inside each other, per paragraph
MAX_QUOTE_DEPTH = 20
MAX_INDENT = 64  # columns at the start of a line (list nesting); a Tab counts 4
MAX_DEFINITIONS = 100  # definition-list items (`: …` lines) per paragraph
MAX_ABBREVIATIONS = 100  # `*[缩写]: 全称` per body
MAX_FOOTNOTES = 200  # `[^1]: …` per body
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
_QUOTES = re.compile(r"^[ \t>]*")  # every `>` in the run counts, however it is spaced
_DEFINITION = re.compile(r"^ {0,3}:[ \t]", re.M)
_ABBREVIATION = re.compile(r"^ {0,3}\*\[[^\n]*\]:", re.M)
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\n]*\]:", re.M)
# A numeric character reference: Markdown passes it through and the browser decodes it. HTML
# allows any number of leading zeros (&#x000202E;), so the digits are not bounded here; the
# quantifiers are possessive so a long run of digits without ";" is scanned once.
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]++)|([0-9]++));")


def parse_header(text: str, display: str):
    """Return (Document of header strings, body text, body's first line, problems)."""
    lines = text.split("\n")
    doc = Document(data={}, positions={(): (1, 1)})
    problems = []
    first_seen: dict[str, int] = {}
    body_start = len(lines) + 1
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            body_start = number + 1
            break
        match = _HEADER_LINE.match(line)
        if not match:
            problems.append(make("E120", display, (number, 1), n=number, detail=line[:40]))
            continue
        key, value = match.group(1), match.group(2).strip()
        if key in first_seen:
            problems.append(make("E121", display, (number, 1), key=key, first_line=first_seen[key]))
            continue
        first_seen[key] = number
        doc.data[key] = value
        doc.key_positions[(key,)] = (number, 1)
        doc.positions[(key,)] = (number, match.start(2) + 1)
    body = "\n".join(lines[body_start - 1 :])
    return doc, body, body_start, problems


def body_problems(body: str, body_line: int, display: str):
    """E126/E127: structures in a body that would make rendering it slow or deep; E128:
    a character reference to a character the text grammar refuses."""
    problems = _reference_problems(body, body_line, display) if "&#" in body else []
    offset = 0
    for block in _BLOCK_SPLIT.split(body):
        start = body.index(block, offset) if block else offset
        offset = start + len(block)
        unpaired, too_deep = _brackets(block)
        for char, offsets in unpaired.items():
            if len(offsets) > MAX_UNPAIRED:
                problems.append(make("E126", display, _at(body, body_line, start + offsets[0]), count=len(offsets),
                                     char=char, limit=MAX_UNPAIRED))
        if too_deep is not None:
            problems.append(make("E127", display, _at(body, body_line, start + too_deep),
                                 what=f"括号（[ 或 (）套括号超过 {MAX_BRACKET_DEPTH} 层"))
        definitions = list(_DEFINITION.finditer(block))
        if len(definitions) > MAX_DEFINITIONS:
            problems.append(make("E127", display, _at(body, body_line, start + definitions[MAX_DEFINITIONS].start(), 1),
                                 what=f"一段里以“: ”开头的定义行超过 {MAX_DEFINITIONS} 行（请用空行分段）"))
    for pattern, limit, what in ((_ABBREVIATION, MAX_ABBREVIATIONS, "缩写定义（*[缩写]: 全称）"),
                                 (_FOOTNOTE, MAX_FOOTNOTES, "脚注定义（[^1]: …）")):
        found = list(pattern.finditer(body))
        if len(found) > limit:
            problems.append(make("E127", display, _at(body, body_line, found[limit].start(), 1),
                                 what=f"{what}超过 {limit} 个"))
    for number, line in enumerate(body.split("\n")):
        lead = _QUOTES.match(line).group()
        if lead.count(">") > MAX_QUOTE_DEPTH:
            problems.append(make("E127", display, (body_line + number, 1), what=f"引用（行首的 >）超过 {MAX_QUOTE_DEPTH} 层"))
        elif line.strip(" \t") and len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4)) > MAX_INDENT:
            problems.append(make("E127", display, (body_line + number, 1),
                                 what=f"行首缩进超过 {MAX_INDENT} 个空格（一个 Tab 算 4 个）"))
    return problems


def _reference_problems(body: str, body_line: int, display: str):
    problems = []
    for match in _CHAR_REFERENCE.finditer(body):
        hex_digits, digits = match.groups()
        significant = (hex_digits or digits).lstrip("0") or "0"
        if len(significant) > 8:
            continue  # past U+10FFFF: the browser shows U+FFFD
        number = int(significant, 16 if hex_digits else 10)
        name = refused_name(chr(number)) if number <= 0x10FFFF else None
        if name:
            problems.append(make("E128", display, _at(body, body_line, match.start()), escape=match.group(),
                                 char=f"U+{number:04X}", name=name))
    return problems


def _at(body: str, body_line: int, index: int, col: int | None = None) -> tuple[int, int]:
    """The file position of `body[index]` (the body starts on line `body_line`); `col`
    replaces the column for a problem about the whole line."""
    line, at_col = position(body, index)
    return body_line + line - 1, col or at_col


def _brackets(block: str) -> tuple[dict[str, list[int]], int | None]:
    """The offsets of the `[` and `(` in a block that no later `]` / `)` closes, and the
    offset of the first bracket opened more than MAX_BRACKET_DEPTH deep inside others of
    its kind (None if none is); backslash escapes count as text, as in Markdown."""
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    closers = {"]": "[", ")": "("}
    escaped = False
    too_deep = None
    for i, char in enumerate(block):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in stacks:
            stacks[char].append(i)
        elif char in closers and stacks[closers[char]]:
            opened = stacks[closers[char]]
            if too_deep is None and len(opened) > MAX_BRACKET_DEPTH:
                too_deep = opened[MAX_BRACKET_DEPTH]
            opened.pop()
    return stacks, too_deep
