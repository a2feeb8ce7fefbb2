"""Unit and property tests of the Python tokeniser."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from sme_registry.search.tokenizer import (
    HAN,
    MAX_QUERY_TOKENS,
    MAX_WORD_CHARS,
    WORD,
    classify,
    clean,
    tokenize,
    tokenize_query,
)


def test_han_run_gives_unigrams_and_bigrams_in_order():
    assert tokenize("聊城市") == ["聊", "聊城", "城", "城市", "市"]


def test_query_uses_bigrams_for_runs_and_unigram_for_single_char():
    assert tokenize_query("聊城市") == ["聊城", "城市"]
    assert tokenize_query("冠") == ["冠"]
    assert tokenize_query("高唐 冠") == ["高唐", "冠"]


def test_credit_code_is_one_lower_case_token():
    assert tokenize("91371500MA3C00000X") == ["91371500ma3c00000x"]
    assert tokenize_query("统一社会信用代码：91371500MA3C00000X") == [
        "统一",
        "一社",
        "社会",
        "会信",
        "信用",
        "用代",
        "代码",
        "91371500ma3c00000x",
    ]


def test_full_width_is_folded():
    assert tokenize("ＡＢＣ１２３") == ["abc123"]
    assert tokenize("９１３７１５００ＭＡ３Ｃ０００００Ｘ") == ["91371500ma3c00000x"]
    assert tokenize_query("聊城（冠县）") == ["聊城", "冠县"]


def test_han_and_latin_split_on_class_change():
    assert tokenize("聊城ABC科技") == ["聊", "聊城", "城", "abc", "科", "科技", "技"]
    assert tokenize("2023年") == ["2023", "年"]


def test_lunr_syntax_and_symbols_are_separators():
    assert tokenize_query(": * ~ ^ + -") == []
    assert tokenize_query("C++") == ["c"]
    assert tokenize_query("name:gao*tang~1^2 +lcgx -x") == [
        "name",
        "gao",
        "tang",
        "1",
        "2",
        "lcgx",
        "x",
    ]


def test_emoji_are_dropped():
    assert tokenize_query("平台😀服务") == ["平台", "服务"]
    assert tokenize("👨\u200d👩\u200d👧家庭") == ["家", "家庭", "庭"]
    assert tokenize_query("1️⃣号平台") == ["1", "号平", "平台"]


def test_zero_width_and_bidi_controls_vanish():
    assert tokenize_query("聊\u200b城") == ["聊城"]
    assert tokenize_query("\u202e聊城\u202c") == ["聊城"]
    assert tokenize_query("soft\u00adhyphen") == ["softhyphen"]
    assert tokenize_query("葛\U000e0100洪") == ["葛洪"]


def test_han_extensions_and_ideographic_zero():
    assert tokenize_query("𠀀𠀁𠀂") == ["𠀀𠀁", "𠀁𠀂"]
    assert tokenize_query("二〇二三年") == ["二〇", "〇二", "二三", "三年"]
    assert classify("々") == HAN


def test_compatibility_ideographs_normalise_to_unified():
    assert tokenize("\uf900") == [unicodedata.normalize("NFKC", "\uf900")]


def test_long_words_are_cut_and_queries_capped():
    assert tokenize("a" * 40) == ["a" * MAX_WORD_CHARS]
    assert len(tokenize_query(" ".join(f"w{i}" for i in range(150)))) == MAX_QUERY_TOKENS
    assert tokenize_query("聊城" * 80) == ["聊城", "城聊"]
    assert len(tokenize_query("测试" * 5000)) == 2


def test_empty_and_punctuation_only():
    assert tokenize("") == [] and tokenize(None) == []
    assert tokenize_query("   ") == []
    assert tokenize_query("，。、；：？！…—") == []


def test_clean_joins_runs():
    assert clean("高唐 县") == "高唐县"
    assert clean("聊城ＡＢＣ") == "聊城abc"


def test_unigrams_false_keeps_bigrams_and_lone_chars():
    assert tokenize("聊城市 冠", unigrams=False) == ["聊城", "城市", "冠"]


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=60,
)
HAN_TEXT = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=40)
MIXED = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("abcXYZ019 ,.;:*~^+-，。（）\u200b\u3000😀")),
    ),
    max_size=60,
)


@settings(max_examples=300)
@given(TEXT)
def test_tokens_contain_only_han_or_word_characters(text):
    for tok in tokenize(text) + tokenize_query(text):
        assert tok
        kinds = {classify(ch) for ch in tok}
        assert kinds in ({HAN}, {WORD}), (tok, kinds)
        assert not any(ch.isspace() for ch in tok)
        if kinds == {WORD}:
            # Han is decided by code point range alone (assigned or not, so that
            # both sides agree whatever their Unicode version); words are L*/N*.
            assert all(unicodedata.category(ch)[0] in "LN" for ch in tok)


@settings(max_examples=300)
@given(HAN_TEXT)
def test_every_two_char_han_substring_is_an_index_token(text):
    tokens = set(tokenize(text))
    for i in range(len(text) - 1):
        assert text[i : i + 2] in tokens
    for ch in text:
        assert ch in tokens


@settings(max_examples=300)
@given(MIXED)
def test_query_tokens_are_index_tokens_of_the_same_text(text):
    # So a query always finds the text it was copied from.
    assert set(tokenize_query(text)) <= set(tokenize(text))


@settings(max_examples=200)
@given(MIXED)
def test_query_tokens_are_unique(text):
    toks = tokenize_query(text)
    assert len(toks) == len(set(toks))
