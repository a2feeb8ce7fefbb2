"""Pinyin search terms for names (pypinyin, default readings).

Design (see docs/search.md): for a name we index exactly two extra terms,

* the full pinyin of all Han characters, the syllables joined by SYLLABLE_SEP
  (``高唐县`` -> ``gao'tang'xian``), in the ``py`` field, and
* the first letters of the same syllables (``聊城冠县…`` -> ``lcgx…``), in the
  ``ini`` field.

The search client matches a Latin query word against these terms by *substring*
(it scans the short list of ``py``/``ini`` terms and queries the ones that
contain the word; in ``py`` the word must start where a syllable starts), so ``gaotang``,
``tang``, ``gao tang`` (each word separately, and the space-joined ``gaotang``) and ``lcgx``
all find a name containing
聊城…冠县/高唐, while each name costs only one posting per field. Indexing
every syllable, syllable pair or initials window instead would cost 15-30
postings per name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from .tokenizer import HAN, runs

_NOT_ASCII_LETTER = re.compile("[^a-z]")


def _ascii(s: str) -> str:
    # Style.NORMAL may give "ê" for a few interjections; keep the index [a-z] only.
    return _NOT_ASCII_LETTER.sub("", s.lower())


def _no_reading(chars: str) -> list[str]:
    # Keep one (empty) entry per character without a reading so lists stay aligned.
    return [""] * len(chars)


# lazy_pinyin(run, style=Style.NORMAL, errors=_no_reading) is Pinyin(UltimateConverter())
# .lazy_pinyin: pypinyin segments the run into phrases (Pinyin.seg) and converts each phrase
# on its own (Converter.convert, which depends on the phrase only). syllables() makes the same
# two steps with the conversion cached per phrase: the same phrases (中小企业, 服务平台,
# county names …) recur in thousands of names, and the conversion is most of pypinyin's time.
# tests/search/test_term_counting_fast_paths.py checks the result against lazy_pinyin.
#
# pypinyin is imported on first use (loading its phrase dictionary takes about 0.3 s): a
# rebuild's main process never needs it, and its search child only for the documents that changed.
@cache
def _pypinyin():
    from pypinyin import Style, lazy_pinyin
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    converter = UltimateConverter()
    return Style, lazy_pinyin, converter, Pinyin(converter)


@lru_cache(maxsize=1 << 14)
def _phrase_syllables(phrase: str) -> tuple[str, ...]:
    style, _, converter, _ = _pypinyin()
    converted = converter.convert(phrase, style.NORMAL, False, _no_reading, strict=True)
    return tuple(a for pys in converted for a in map(_ascii, pys) if a)


def syllables(text: str | None) -> list[str]:
    """Toneless pinyin (Style.NORMAL) of every Han character in ``text``, in order."""
    out: list[str] = []
    for kind, run in runs(text or ""):
        if kind == HAN:
            for phrase in _pypinyin()[3].seg(run):
                out += _phrase_syllables(phrase)
    return out


def initials(text: str | None) -> list[str]:
    """First letters (Style.FIRST_LETTER) of every Han character in ``text``, in order."""
    out: list[str] = []
    for kind, run in runs(text or ""):
        if kind == HAN:
            style, lazy_pinyin, _, _ = _pypinyin()
            letters = lazy_pinyin(run, style=style.FIRST_LETTER, errors=_no_reading)
            out.extend(a for a in map(_ascii, letters) if a)
    return out


# Between the syllables of a ``py`` term (``gao'tang'xian``): a full-pinyin query word matches
# from the start of a syllable only (syllable_match), so ``tang`` and ``gaotang`` find 高唐 while
# ``gt`` or ``ngx`` (which only run across syllables) find nothing in the full pinyin. Query
# words never hold it, so a py term is only ever reached this way. search-engine.js has the
# same rule (SYLLABLE_SEP, syllableMatch); tests/search/test_engine_parity.py holds them equal.
SYLLABLE_SEP = "'"


class PinyinTerms(NamedTuple):
    """A text's ``ini`` term (the syllables' first letters, ``lcgx``) and ``py`` term (the
    toneless syllables with SYLLABLE_SEP between them, ``gao'tang'xian``); both "" when the
    text has no Han characters."""

    initials: str
    py: str

    @property
    def letters(self) -> str:
        """The py term's letters without the separators (``gaotangxian``)."""
        return self.py.replace(SYLLABLE_SEP, "")


# Holds the names, operators and counties of a 10,000-platform build (about 20,000 distinct
# texts), so the notices, which list those platforms again, find them here; an entry is two
# short strings.
@lru_cache(maxsize=1 << 16)
def pinyin_terms(text: str | None) -> PinyinTerms:
    """The ``ini`` and ``py`` terms of ``text`` (lower-case letters, and SYLLABLE_SEP in py)."""
    # One pypinyin pass (its phrase segmentation dominates the index build); a syllable's
    # first letter is what Style.FIRST_LETTER gives for it.
    parts = syllables(text)
    return PinyinTerms("".join(part[0] for part in parts), SYLLABLE_SEP.join(parts))


def syllable_match(token: str, term: str) -> bool:
    """``token`` occurs in the ``py`` term's letters, starting where a syllable starts."""
    letters, starts = syllable_starts(term)
    return any(letters.startswith(token, at) for at in starts)


def syllable_starts(term: str) -> tuple[str, list[int]]:
    """A ``py`` term's letters and where each of its syllables starts in them."""
    parts = term.split(SYLLABLE_SEP)
    starts, at = [], 0
    for part in parts:
        starts.append(at)
        at += len(part)
    return "".join(parts), starts
