"""Reads the metadata header of a notice (Pelican Markdown) with line numbers.

The format is the one Pelican's Markdown reader accepts: `key: value` lines, then a
blank line, then the body. The domain code reads it itself so that it never imports
Pelican; the site renders the same files through Pelican.
"""

from __future__ import annotations

import re

from sme_registry.load.source_text import refused_name
from sme_registry.load.yaml_strict import Document
from sme_registry.problems.codes import make

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")
# Limits that keep rendering a body linear in practice: Python-Markdown rescans the rest
# of a paragraph for every unclosed `[` or `(` (quadratic: 4,000 of them take a minute),
# and nests blockquotes and lists recursively.
MAX_UNPAIRED = 20  # per paragraph (text between blank lines)
MAX_QUOTE_DEPTH = 20
MAX_INDENT = 64  # spaces at the start of a line (list nesting)
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
_QUOTES = re.compile(r"^(?:[ ]{0,3}>)+")
# A numeric character reference: Markdown passes it through and the browser decodes it.
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


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
        for char, unpaired in _unpaired(block).items():
            if len(unpaired) > MAX_UNPAIRED:
                line, col = _position(body, start + unpaired[0])
                problems.append(make("E126", display, (body_line + line - 1, col), count=len(unpaired),
                                     char=char, limit=MAX_UNPAIRED))
    for number, line in enumerate(body.split("\n")):
        quotes = _QUOTES.match(line)
        if quotes and quotes.group().count(">") > MAX_QUOTE_DEPTH:
            problems.append(make("E127", display, (body_line + number, 1), what=f"引用（行首的 >）超过 {MAX_QUOTE_DEPTH} 层"))
        elif len(line) - len(line.lstrip(" ")) > MAX_INDENT:
            problems.append(make("E127", display, (body_line + number, 1), what=f"行首缩进超过 {MAX_INDENT} 个空格"))
    return problems


def _reference_problems(body: str, body_line: int, display: str):
    problems = []
    for match in _CHAR_REFERENCE.finditer(body):
        hex_digits, digits = match.groups()
        number = int(hex_digits, 16) if hex_digits else int(digits)
        name = refused_name(chr(number)) if number <= 0x10FFFF else None
        if name:
            line, col = _position(body, match.start())
            problems.append(make("E128", display, (body_line + line - 1, col), escape=match.group(),
                                 char=f"U+{number:04X}", name=name))
    return problems


def _unpaired(block: str) -> dict[str, list[int]]:
    """Offsets of the `[` and `(` in a block that no later `]` / `)` closes (backslash
    escapes count as text, as in Markdown)."""
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    closers = {"]": "[", ")": "("}
    escaped = False
    for i, char in enumerate(block):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in stacks:
            stacks[char].append(i)
        elif char in closers and stacks[closers[char]]:
            stacks[closers[char]].pop()
    return stacks


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
