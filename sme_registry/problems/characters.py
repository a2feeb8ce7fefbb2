"""The characters no source file may contain, and how a problem message shows them.

The text grammar (sme_registry.load.source_text) refuses these characters; they are
defined here, below every layer that reports problems, so that a message quoting what a
file wrote (an unknown key, a value not in the vocabulary) can show them as `<U+202E>`
instead of printing them: raw, a bidirectional override would reorder the line in the
terminal or the CI annotation, and a line break would start a forged `path:line:col` line.
"""

from __future__ import annotations

import re

# Embedding, override and isolate controls: invisible, they reorder the text around them.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# C0 and C1 controls except Tab and LF, the line breaks YAML and Markdown disagree on, bidi.
_REFUSED = f"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}"
REFUSED_CHAR = re.compile(f"[{_REFUSED}]")
_HIDDEN_IN_MESSAGE = re.compile(f"[\t\n{_REFUSED}]")


def visible(text: str) -> str:
    """`text` with each refused character, Tab and line break written as <U+XXXX>."""
    return _HIDDEN_IN_MESSAGE.sub(lambda m: f"<U+{ord(m[0]):04X}>", text) if _HIDDEN_IN_MESSAGE.search(text) else text
