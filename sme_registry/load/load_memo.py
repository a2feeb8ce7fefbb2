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
import math

from sme_registry.load import schemas
from sme_registry.load.yaml_strict import FlatDocument

NAME = "platform-loads"


class _ParseAgain(ValueError):
    """An entry's JSON holds a float such as 4.0, 4.00 or 1e+16 (the schema's integers
    exclude it, but its compiled validator would take it for an integer) or one that is not
    finite (1e400, NaN): the file is parsed again instead."""


def _float(token: str) -> float:
    value = float(token)
    if value.is_integer() or not math.isfinite(value):
        raise _ParseAgain(token)
    return value


def _constant(token: str):
    raise _ParseAgain(token)


# Every number token with a fraction or an exponent passes through _float, whatever its
# spelling; NaN and Infinity through _constant.
_decode = json.JSONDecoder(parse_float=_float, parse_constant=_constant).decode


def entry_shape(value) -> bool:
    """The shape of one memo value (RenderCache.load_memo drops values that fail it); the
    text inside is checked when it is used (LoadMemo.get)."""
    return isinstance(value, str)


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

    def get(self, key: str) -> FlatDocument | None:
        """The document parsed from these bytes before, or None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        try:
            data, pos, key_pos = _decode(entry)
        except (ValueError, TypeError):  # _ParseAgain too
            return None
        if not (isinstance(data, dict) and schemas.fast_valid("platform", data, integral_floats_checked=True)):
            return None
        return FlatDocument(data, pos, key_pos)  # positions are checked against the data on use

    @staticmethod
    def entry(doc: FlatDocument) -> str | None:
        """The memo value of a cleanly loaded document: JSON text of the data (in its own
        key order: the memo file sorts keys) and of its flat positions (parse order); None
        when JSON in UTF-8 cannot hold it."""
        text = json.dumps([doc.data, *doc.flat], ensure_ascii=False, separators=(",", ":"))
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
