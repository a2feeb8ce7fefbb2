"""The fast paths of the term counting give what the plain code gives.

* ``tokenizer.runs`` classifies a text with one ``str.translate`` and cuts it with a regex;
  the reference is the per-character loop over ``classify`` it replaced.
* ``pinyin_terms.syllables`` segments with pypinyin and caches the conversion per phrase;
  the reference is ``lazy_pinyin`` per Han run.
* ``count_terms`` tokenises a text once per call (a memo shared by the documents of that
  call, dropped when it returns); the reference is ``dict(Counter(spec.extract(doc)))``.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from scripts.synth import make_notices, make_platforms
from sme_registry.search import index_builder, pinyin_terms, tokenizer
from sme_registry.search.index_builder import (
    NOTICE_FIELDS,
    PLATFORM_FIELDS,
    _ordered,
    _with_platforms,
    count_terms,
)

from .corpus import CORPUS


def _reference_runs(text: str) -> list[tuple[str, str]]:
    out = []
    kind = None
    buf: list[str] = []
    for ch in tokenizer.normalize(text):
        c = tokenizer.classify(ch)
        if c == tokenizer.DROP:
            continue
        if c != kind:
            if buf:
                out.append((kind, "".join(buf)))
            buf = []
            kind = c
        if c == tokenizer.SEP:
            continue
        buf.append(ch)
    if buf:
        out.append((kind, "".join(buf)))
    return out


def _reference_tokenize(text: str, unigrams: bool = True) -> list[str]:
    out: list[str] = []
    for kind, run in _reference_runs(text):
        if kind == tokenizer.WORD:
            out.append(run[: tokenizer.MAX_WORD_CHARS])
            continue
        n = len(run)
        for i in range(n):
            if unigrams or n == 1:
                out.append(run[i])
            if i + 1 < n:
                out.append(run[i : i + 2])
    return out


# Every class next to every other: Han (BMP, extensions, 々 〇, compatibility), letters and
# digits of several scripts, marks and format characters (dropped), separators, emoji,
# characters that NFKC or lower() change (full width, ligatures, İ, circled digits).
CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(list(
        "聊城高唐冠县々〇\U00020000\U0002a700\uf900\u2f800abcXYZ019ａＺ１ßİﬁ①Ⅻ"
        " ，。、（）:*~^+-\u3000\u200b\u200d\u00ad\u0301\u20dd\ufe0f\U000e0100😀👨"
    )),
)


@settings(max_examples=1000)
@given(st.text(alphabet=CHARS, max_size=40))
def test_runs_and_tokens_equal_the_per_character_loop(text):
    assert list(tokenizer.runs(text)) == _reference_runs(text)
    assert tokenizer.tokenize(text) == _reference_tokenize(text)
    assert tokenizer.tokenize(text, unigrams=False) == _reference_tokenize(text, unigrams=False)


def test_runs_on_the_corpus_equal_the_per_character_loop():
    for text in CORPUS:
        assert list(tokenizer.runs(text)) == _reference_runs(text), text
        assert tokenizer.tokenize(text) == _reference_tokenize(text), text


def _reference_syllables(text: str) -> list[str]:
    out: list[str] = []
    for kind, run in tokenizer.runs(text):
        if kind == tokenizer.HAN:
            letters = lazy_pinyin(run, style=Style.NORMAL, errors=pinyin_terms._no_reading)
            out.extend(a for a in map(pinyin_terms._ascii, letters) if a)
    return out


NAMES = [t for p in make_platforms(300) for t in (p["name"], p["operator"], p["county"])]


def test_syllables_equal_lazy_pinyin_per_run():
    # Names are where pypinyin's phrases matter (重庆, 银行, 长春 …); the corpus adds the odd
    # characters (no reading, extensions, mixed scripts).
    for text in [*CORPUS, *NAMES, "重庆银行长春分行", "行长", "音乐和乐器", "\U00020000〇々"]:
        assert pinyin_terms.syllables(text) == _reference_syllables(text), text


@settings(max_examples=300)
@given(st.lists(st.sampled_from(NAMES[:60] + ["重庆", "银行", "长", "行", "乐", "〇", "𠀀"]), max_size=6))
def test_syllables_of_joined_names_equal_lazy_pinyin(parts):
    # Joined names put phrases across the old boundaries: the segmentation must be the run's.
    text = "".join(parts)
    assert pinyin_terms.syllables(text) == _reference_syllables(text)


def _reference_counts(docs, fields):
    return {f"{spec.name}/{ref}": dict(Counter(spec.extract(doc)))
            for ref, doc in enumerate(docs) for spec in fields}


def test_count_terms_equals_counting_the_extracted_tokens():
    platforms = make_platforms(120)
    # Texts repeated across documents and fields: the memo hands out one list for them.
    platforms[1]["name"] = platforms[0]["name"]
    platforms[2]["operator"] = platforms[0]["name"]
    platforms[3]["description"] = platforms[0]["name"]
    ps, ns = _ordered(platforms, _with_platforms(make_notices(30, platforms), platforms))
    for docs, fields in ((ps, PLATFORM_FIELDS), (ns, NOTICE_FIELDS)):
        expected = _reference_counts(docs, fields)
        assert count_terms(docs, fields) == expected
        memo: dict = {}
        used: set = set()
        assert count_terms(docs, fields, memo, used) == expected
        assert used == set(memo)
        # Served from the memo the second time, the same counts.
        assert count_terms(docs, fields, memo, set()) == expected


def test_token_memo_lives_only_while_count_terms_runs():
    assert index_builder._TOKEN_MEMO.get() is None
    docs = make_platforms(5)
    count_terms(docs, PLATFORM_FIELDS)
    assert index_builder._TOKEN_MEMO.get() is None
    # The tokens of one call are not those of the next: a changed text is tokenised anew.
    docs[0]["name"] = "高唐县测试平台"
    assert count_terms(docs, PLATFORM_FIELDS)["name/0"] == dict(Counter(tokenizer.tokenize("高唐县测试平台")))

    def boom(doc):
        raise RuntimeError("extractor failed")

    with pytest.raises(RuntimeError):
        count_terms(docs, (*PLATFORM_FIELDS, index_builder.FieldSpec("x", 1, boom)))
    assert index_builder._TOKEN_MEMO.get() is None
    # Outside count_terms the extractors return fresh lists.
    a = PLATFORM_FIELDS[0].extract(docs[0])
    a.append("changed")
    assert PLATFORM_FIELDS[0].extract(docs[0]) == tokenizer.tokenize(docs[0]["name"])


def test_class_table_beyond_its_cap_still_classifies(monkeypatch):
    monkeypatch.setattr(tokenizer, "_CLASS_TABLE_MAX", 0)
    monkeypatch.setattr(tokenizer, "_CLASSES", tokenizer._ClassTable())
    for text in CORPUS:
        assert list(tokenizer.runs(text)) == _reference_runs(text), text
    assert len(tokenizer._CLASSES) == 0
