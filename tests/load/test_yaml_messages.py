"""E103 explains libyaml's syntax errors in Chinese, never in libyaml's English."""

from __future__ import annotations

import re

import pytest

from sme_registry.load.yaml_messages import FALLBACK, MESSAGES, chinese
from sme_registry.load.yaml_strict import parse

ENGLISH = re.compile(r"[A-Za-z]{4,}")
PREFIX = "YAML 语法错误："  # the title in the E103 template; the rest is the detail

# Each input makes libyaml raise the named problem string.
CASES = [
    ('name: "测试\\ud800平台"\n', "found invalid Unicode character escape code"),
    ('"\\x"\n', "did not find expected hexdecimal number"),
    ('"\\q"\n', "found unknown escape character"),
    ("a: - b\n", "block sequence entries are not allowed in this context"),
    ("%YAML 1.3\n---\na\n", "found incompatible YAML document"),
    ("%YAML 1.1\n%YAML 1.1\n---\na\n", "found duplicate %YAML directive"),
    ("%TAG ! a\n%TAG ! b\n---\na\n", "found duplicate %TAG directive"),
    ("!x!y a\n", "found undefined tag handle"),
    ("!<%zz> a\n", "did not find URI escaped octet"),
    ("!<> a\n", "did not find expected tag URI"),
    ("!<a\n", "did not find the expected '>'"),
    ("!<!>a\n", "did not find expected whitespace or line break"),
    ("%TAG !a b\n", "did not find expected '!'"),
    ("%TAG !a!\n", "did not find expected whitespace"),
    ("& b\n", "did not find expected alphabetic or numeric character"),
    ("%FOO\n---\na\n", "found unknown directive name"),
    ("% x\n", "could not find expected directive name"),
    ("%YAML x\n", "did not find expected version number"),
    ("%YAML 1\n", "did not find expected digit or '.' character"),
    ("%YAML 1.123456789012\n", "found extremely long version number"),
    ("%YAML 1.1\na\n", "did not find expected <document start>"),
    ('"a" b\n', "did not find expected <document start>"),
    ("|0\n", "found an indentation indicator equal to 0"),
    ("|x\n", "did not find expected comment or line break"),
    ("a: b: c\n", "mapping values are not allowed in this context"),
    ("key: value\n- x\n", "did not find expected key"),
    ("a:\n  - b\n  c: d\n", "did not find expected '-' indicator"),
    ("[a, b\n", "did not find expected ',' or ']'"),
    ("{a: 1\n", "did not find expected ',' or '}'"),
    ("[a, ,]\n", "did not find expected node content"),
    ('a: "abc\n', "found unexpected end of stream"),
    ("@a\n", "found character that cannot start any token"),
    ("- a\n-b\n", "could not find expected ':'"),
    ('"a\n---\nb"\n', "found unexpected document indicator"),
    ("*x\n", "found undefined alias"),
    ("[&a x, &a y]\n", "second occurrence"),
    ("a\x01\n", "control characters are not allowed"),
]


def _english(message: str) -> bool:
    return bool(ENGLISH.search(message.replace(PREFIX, "", 1)))


@pytest.mark.parametrize(("text", "problem"), CASES, ids=[p for _, p in CASES])
def test_e103_detail_is_chinese(text, problem):
    doc, problems = parse(text, "data/platforms/t-2023-001.yaml")
    assert doc is None
    [p] = problems
    assert p.code == "E103"
    assert p.message.startswith(PREFIX)
    assert p.message == PREFIX + MESSAGES[problem]
    assert not _english(p.message), p.message


def test_every_explanation_is_chinese():
    for english, text in MESSAGES.items():
        assert not ENGLISH.search(text), (english, text)
        assert re.search(r"[\u4e00-\u9fff]", text), english


@pytest.mark.parametrize("problem", ["", "some future libyaml message", "完全未知"])
def test_unknown_message_falls_back_to_chinese(problem):
    assert chinese(problem) == FALLBACK
    assert not ENGLISH.search(FALLBACK)


def test_exact_match_wins_over_a_shorter_contained_message():
    # "invalid Unicode character" is contained in the escape-code message.
    assert chinese("found invalid Unicode character escape code") == MESSAGES[
        "found invalid Unicode character escape code"]
    # A tab in an indentation is reported as E104 before libyaml sees it.
    assert chinese("found a tab character that violates indentation") == MESSAGES[
        "found a tab character where an indentation space is expected"]
    assert chinese("unacceptable character #x0001: control characters are not allowed") == MESSAGES[
        "control characters are not allowed"]
