"""The search tokeniser (Python side).

This module and ``theme/static/js/search-tokenizer.js`` implement ONE tokeniser;
``tests/search/test_tokenizer_parity.py`` runs both over the same corpus and
requires identical output. Change both or neither.

Rules
-----
1. The text is cut to its first ``MAX_INPUT_CHARS`` code points (query side only),
   NFKC-normalised (full-width -> half-width, compatibility ideographs -> unified)
   and lower-cased.
2. Every code point is classified:

   * ``HAN``  -- in ``HAN_RANGES`` (CJK Unified Ideographs with extensions A-I,
     compatibility ideographs, and 〇 々);
   * ``WORD`` -- any other letter or number (general category L* or N*);
   * ``DROP`` -- format characters, non-spacing and enclosing marks (Cf, Mn, Me:
     zero-width space/joiner, bidi controls, soft hyphen, variation selectors).
     They are removed as if they were not there, so ``聊\\u200b城`` is ``聊城``;
   * ``SEP``  -- everything else (spaces, punctuation, symbols, emoji, lunr
     syntax characters ``: * ~ ^ + -``). A separator ends the current run.

   A change of class (HAN <-> WORD) also ends a run.
3. Index side (``tokenize``): a HAN run ``c0 c1 … cn-1`` yields, in text order,
   ``c0, c0c1, c1, c1c2, …, cn-1`` (every unigram and every overlapping bigram);
   a WORD run yields itself, cut to ``MAX_WORD_CHARS`` code points.
   Duplicates are kept (they are term frequencies).
4. Query side (``tokenize_query``): a HAN run of length 1 yields the unigram; a
   longer run yields only its bigrams, so results must contain each adjacent
   pair. WORD runs as on the index side. Duplicates are removed (first
   occurrence wins) and at most ``MAX_QUERY_TOKENS`` tokens are returned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

HAN = "H"
WORD = "W"
DROP = "X"
SEP = "S"

# Inclusive code point ranges treated as Han. Kept identical in search-tokenizer.js.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3005, 0x3005),  # 々 ideographic iteration mark
    (0x3007, 0x3007),  # 〇 ideographic number zero
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2A6DF),  # extension B
    (0x2A700, 0x2EE5F),  # extensions C, D, E, F, I
    (0x2F800, 0x2FA1F),  # compatibility ideographs supplement
    (0x30000, 0x323AF),  # extensions G, H
)

MAX_WORD_CHARS = 32
MAX_QUERY_TOKENS = 100
MAX_INPUT_CHARS = 1000

_DROP_CATEGORIES = frozenset({"Cf", "Mn", "Me"})


def is_han(cp: int) -> bool:
    if 0x4E00 <= cp <= 0x9FFF:  # the common case first; the loop gives the same answer
        return True
    for lo, hi in HAN_RANGES:
        if cp < lo:
            return False
        if cp <= hi:
            return True
    return False


def classify(ch: str) -> str:
    """Class of one code point (after normalisation)."""
    if is_han(ord(ch)):
        return HAN
    cat = unicodedata.category(ch)
    if cat[0] in "LN":
        return WORD
    if cat in _DROP_CATEGORIES:
        return DROP
    return SEP


def normalize(text: str) -> str:
    """NFKC, then lower case (the same two steps as the JS side)."""
    return unicodedata.normalize("NFKC", text).lower()


_CLASS_TABLE_MAX = 1 << 16


class _ClassTable(dict):
    """``ord(ch) -> classify(ch)``, filled on first use; a ``str.translate`` table, so a
    text's classes are looked up in C instead of one Python call per character. Holds at
    most ``_CLASS_TABLE_MAX`` code points (real texts use a few thousand)."""

    def __missing__(self, cp: int) -> str:
        c = classify(chr(cp))
        if len(self) < _CLASS_TABLE_MAX:
            self[cp] = c
        return c


_CLASSES = _ClassTable()
# Maximal runs of one class in a text's class string (DROP characters taken out first).
_RUN = re.compile(HAN + "+|" + WORD + "+")


def runs(text: str) -> Iterator[tuple[str, str]]:
    """Yield ``(kind, run)`` pairs, kind being ``HAN`` or ``WORD``, in text order."""
    text = normalize(text)
    classes = text.translate(_CLASSES)  # one class letter per character
    if DROP in classes:
        text = "".join(ch for ch, c in zip(text, classes, strict=True) if c != DROP)
        classes = classes.replace(DROP, "")
    for m in _RUN.finditer(classes):
        start, end = m.span()
        yield classes[start], text[start:end]


def tokenize(text: str | None, *, unigrams: bool = True) -> list[str]:
    """Index-side tokens of ``text``.

    ``unigrams=False`` leaves out the single Han characters of runs longer than
    one character (used for long, low-value fields to keep the index small).
    """
    if not text:
        return []
    out: list[str] = []
    for kind, run in runs(text):
        n = len(run)
        if kind == WORD:
            out.append(run[:MAX_WORD_CHARS])
        elif n == 1:
            out.append(run)
        elif unigrams:
            # c0, c0c1, c1, c1c2, …, cn-1: unigrams at the even places, bigrams between them
            tokens = [run] * (2 * n - 1)
            tokens[0::2] = run
            tokens[1::2] = [run[i : i + 2] for i in range(n - 1)]
            out += tokens
        else:
            out += [run[i : i + 2] for i in range(n - 1)]
    return out


def tokenize_query(text: str | None) -> list[str]:
    """Query-side tokens of ``text`` (unique, in order, at most MAX_QUERY_TOKENS)."""
    if not text:
        return []
    text = text[:MAX_INPUT_CHARS]
    out: list[str] = []
    seen: set[str] = set()

    def add(tok: str) -> None:
        if tok not in seen:
            seen.add(tok)
            out.append(tok)

    for kind, run in runs(text):
        if kind == WORD:
            add(run[:MAX_WORD_CHARS])
        elif len(run) == 1:
            add(run)
        else:
            for i in range(len(run) - 1):
                add(run[i : i + 2])
        if len(out) >= MAX_QUERY_TOKENS:
            break
    return out[:MAX_QUERY_TOKENS]


def clean(text: str | None) -> str:
    """Normalised text with dropped and separator characters removed.

    Used to compare a raw query with a name (exact / prefix / substring ranking).
    """
    if not text:
        return ""
    return "".join(run for _, run in runs(text))
