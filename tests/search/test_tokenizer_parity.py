"""The Python tokeniser and the real search-tokenizer.js (run by node) must agree exactly."""

from __future__ import annotations

import random
import unicodedata

from sme_registry.search.tokenizer import HAN_RANGES, clean, tokenize, tokenize_query

from .corpus import CORPUS
from .nodejs import READ_STDIN, TOKENIZER_JS, run_node

SCRIPT = (
    READ_STDIN
    + f"const T = require({str(TOKENIZER_JS)!r});\n"
    + """
const out = input.texts.map(t => ({
  index: T.tokenize(t),
  indexNoUnigrams: T.tokenize(t, {unigrams: false}),
  query: T.tokenizeQuery(t),
  clean: T.clean(t),
}));
process.stdout.write(JSON.stringify({out, ranges: T.HAN_RANGES,
  limits: [T.MAX_WORD_CHARS, T.MAX_QUERY_TOKENS, T.MAX_INPUT_CHARS]}));
"""
)


def python_side(texts):
    return [
        {
            "index": tokenize(t),
            "indexNoUnigrams": tokenize(t, unigrams=False),
            "query": tokenize_query(t),
            "clean": clean(t),
        }
        for t in texts
    ]


def _random_texts(n: int, seed: int) -> list[str]:
    # Characters assigned in Python's Unicode database (not Cn/Cs), so that both
    # sides classify them the same despite different Unicode versions.
    rnd = random.Random(seed)
    pools = [
        [chr(c) for c in range(0x20, 0x250)],
        [chr(c) for c in range(0x3000, 0x3100)],
        [chr(c) for c in range(0x4E00, 0x4F00)],
        [chr(c) for c in range(0xFF00, 0xFFF0)],
        [chr(c) for c in range(0x2000, 0x2070)],
        [chr(c) for c in range(0x1F300, 0x1F400)],
        [chr(c) for c in range(0x20000, 0x20040)],
        [chr(c) for c in range(0xF900, 0xF940)],
        list("聊城冠县高唐 abcXYZ0129:*~^+-"),
    ]
    pools = [[c for c in pool if unicodedata.category(c) not in ("Cn", "Cs")] for pool in pools]
    texts = []
    for _ in range(n):
        text = "".join(rnd.choice(rnd.choice(pools)) for _ in range(rnd.randint(0, 40)))
        texts.append(text)
    return texts


def test_corpus_tokens_identical_in_python_and_js():
    result = run_node(SCRIPT, {"texts": CORPUS})
    assert [tuple(r) for r in result["ranges"]] == list(HAN_RANGES)
    expected = python_side(CORPUS)
    for text, py, js in zip(CORPUS, expected, result["out"], strict=True):
        assert js == py, text


def test_random_texts_tokens_identical_in_python_and_js():
    texts = _random_texts(400, seed=20240605)
    result = run_node(SCRIPT, {"texts": texts})
    for text, py, js in zip(texts, python_side(texts), result["out"], strict=True):
        assert js == py, repr(text)


def test_limits_identical():
    from sme_registry.search import tokenizer

    result = run_node(SCRIPT, {"texts": []})
    assert result["limits"] == [
        tokenizer.MAX_WORD_CHARS,
        tokenizer.MAX_QUERY_TOKENS,
        tokenizer.MAX_INPUT_CHARS,
    ]
