"""The parse of platform files kept between builds, so a rebuild re-reads every file but
re-parses only the files whose bytes changed.

What loading one platform file finds (the text grammar, the input-method slips, the strict
YAML parse and the schema) is a function of the file's bytes, its displayed path and the
code, and of nothing else; an entry is keyed by exactly these (sha256 of the code digest,
the path and the bytes), so a file whose key is found loaded cleanly before and would
load cleanly again, to the same document. Only files that loaded without any problem are
kept: a file with a problem is always parsed again and its problems reported afresh.

Entries are plain JSON (never code), held in the render cache as a memo (its hash and shape
are checked there), and the data of an entry is checked against the platform schema again
before use (the compiled validator: a few microseconds), so even a hand-edited entry
cannot feed the model a document the schema refuses.
"""

from __future__ import annotations

import hashlib
import json
import re

from sme_registry.load import schemas
from sme_registry.load.yaml_strict import Document

NAME = "platform-loads"
# A number token that may be an integral float (4.0, 1e+16) in an entry's JSON text; a match
# inside a string only costs a parse.
_MAYBE_INTEGRAL_FLOAT = re.compile(r"\d\.0(?![0-9])|\d[eE]")


def _paths(data):
    """The value paths and the key paths of a document, in the order the parser records
    them (yaml_strict._Walker: every value before its children, a key before its value)."""
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


def _flat(paths: list, positions: dict) -> list[int] | None:
    if list(positions) != paths:
        return None
    return [n for path in paths for n in positions[path]]


def _positions(paths: list, flat) -> dict | None:
    if not (isinstance(flat, list) and len(flat) == 2 * len(paths) and all(type(n) is int for n in flat)):
        return None
    return {path: (flat[2 * i], flat[2 * i + 1]) for i, path in enumerate(paths)}


def entry_shape(value) -> bool:
    """The shape of one memo value (RenderCache.load_memo drops values that fail it); the
    text inside is checked when it is used (LoadMemo.get)."""
    return isinstance(value, str)


class _KeptDocument(Document):
    """A document from the memo. Its positions are only needed when a problem is reported,
    so they are unpacked on first use (a rebuild that reports nothing never does)."""

    def __init__(self, data, flat_positions, flat_key_positions):  # not the dataclass's __init__
        self.data = data
        self._flat = (flat_positions, flat_key_positions)
        self._unpacked = None

    def _unpack(self) -> tuple[dict, dict]:
        if self._unpacked is None:
            value_paths, key_paths = _paths(self.data)
            # Positions that do not fit the data (a damaged memo) leave problems at 1:1.
            self._unpacked = (_positions(value_paths, self._flat[0]) or {},
                              _positions(key_paths, self._flat[1]) or {})
        return self._unpacked

    @property
    def positions(self) -> dict:
        return self._unpack()[0]

    @property
    def key_positions(self) -> dict:
        return self._unpack()[1]


class LoadMemo:
    def __init__(self, salt: str, entries: dict | None = None):
        self.salt = salt
        self._entries = entries or {}
        self.kept: dict[str, str] = {}  # this build's entries, saved for the next one
        self.hits = 0

    def key(self, display: str, raw: bytes) -> str:
        h = hashlib.sha256(self.salt.encode())
        h.update(b"\0" + display.encode("utf-8", "surrogatepass") + b"\0")
        h.update(raw)
        return h.hexdigest()

    def get(self, key: str) -> Document | None:
        """The document parsed from these bytes before, or None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if _MAYBE_INTEGRAL_FLOAT.search(entry):  # the schema's integers exclude 4.0: parse the file again
            return None
        try:
            data, pos, key_pos = json.loads(entry)
        except (ValueError, TypeError):
            return None
        if not (isinstance(data, dict) and schemas.fast_valid("platform", data, integral_floats_checked=True)):
            return None
        return _KeptDocument(data, pos, key_pos)

    @staticmethod
    def entry(doc: Document) -> str | None:
        """The memo value of a cleanly loaded document: JSON text of the data (in its own
        key order: the memo file sorts keys) and of the positions, flattened in parse order;
        None when JSON in UTF-8 cannot hold it or the positions are not in parse order."""
        value_paths, key_paths = _paths(doc.data)
        pos, key_pos = _flat(value_paths, doc.positions), _flat(key_paths, doc.key_positions)
        if pos is None or key_pos is None:
            return None
        text = json.dumps([doc.data, pos, key_pos], ensure_ascii=False, separators=(",", ":"))
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a YAML escape
            return None
        return text

    def keep(self, key: str, entry: str | None, hit: bool) -> None:
        """Keep the entry of a file that loaded cleanly (`hit`: the one found in the memo)."""
        found = self._entries.get(key) if hit else entry
        if found is not None:
            self.kept[key] = found
            self.hits += hit

    @property
    def previous(self) -> dict:
        return self._entries
