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
from sme_registry.load.yaml_strict import FlatDocument

NAME = "platform-loads"
# A number token that may be an integral float (4.0, -4.0, 1e+16, 2.5E3) in an entry's JSON
# text, which json.dumps writes compactly: a token starts right after ":", "," or "[". A match
# inside a string only costs a parse. (Without the separator, a credit code ending in a digit
# and "E" sent about 3 % of the files to be parsed again.)
_MAYBE_INTEGRAL_FLOAT = re.compile(r"[:,\[]-?\d+(?:\.0(?![0-9])|(?:\.\d+)?[eE])")


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
        if _MAYBE_INTEGRAL_FLOAT.search(entry):  # the schema's integers exclude 4.0: parse the file again
            return None
        try:
            data, pos, key_pos = json.loads(entry)
        except (ValueError, TypeError):
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
