"""Reads the metadata header of a notice (Pelican Markdown) with line numbers.

The format is the one Pelican's Markdown reader accepts: `key: value` lines, then a
blank line, then the body. The domain code reads it itself so that it never imports
Pelican; the site renders the same files through Pelican.
"""

from __future__ import annotations

import re

from sme_registry.codes import make
from sme_registry.yaml_strict import Document

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")


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
