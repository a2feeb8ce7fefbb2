"""Reading a source file safely: size limit, strict UTF-8, BOM removed."""

from __future__ import annotations

from pathlib import Path

from sme_registry.codes import make
from sme_registry.problems import Problem

MAX_FILE_BYTES = 256 * 1024


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Return the file's text, or None and the problems that prevent reading it."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [make("E102", display, (1, 1), size=len(raw), limit=MAX_FILE_BYTES)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head) - (head.rfind(b"\n") + 1) + 1
        return None, [make("E101", display, (line, col), offset=exc.start)]
    return text.replace("\r\n", "\n"), []

