"""统一社会信用代码 (GB 32100-2015): check character and shape, with properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sme_registry.regulation.credit_code import (
    CHARSET,
    WEIGHTS,
    check_character,
    is_valid,
    shape_error,
)

_char = st.sampled_from(CHARSET)
_digit = st.sampled_from("0123456789")
# The shape the schema accepts: 2 code characters, 6 digits (区划码), 9 more code characters.
prefixes = st.tuples(
    st.lists(_char, min_size=2, max_size=2),
    st.lists(_digit, min_size=6, max_size=6),
    st.lists(_char, min_size=9, max_size=9),
).map(lambda parts: "".join(c for part in parts for c in part))


def _allowed_at(position: int) -> str:
    return "0123456789" if 2 <= position <= 7 else CHARSET


def test_published_example_is_valid():
    assert is_valid("91350100M000100Y43")
    assert check_character("91350100M000100Y4") == "3"


def test_fixture_codes_are_valid():
    for code in ("91371502MA0000001X", "123715000000000026", "91371581MA0000003H"):
        assert is_valid(code), code


def test_charset_has_31_characters_without_i_o_z_s_v():
    assert len(CHARSET) == 31 and len(set(CHARSET)) == 31
    assert not set("IOZSV") & set(CHARSET)


def test_weights_are_powers_of_three_mod_31_and_never_zero():
    assert list(WEIGHTS) == [pow(3, i, 31) for i in range(17)]
    assert all(w % 31 for w in WEIGHTS)


@given(prefixes)
def test_prefix_plus_check_character_is_valid(prefix):
    assert is_valid(prefix + check_character(prefix))


@given(prefixes, st.integers(min_value=0, max_value=17), st.data())
def test_any_single_substitution_is_detected(prefix, position, data):
    """Holds for mod 31: 31 is prime and no weight is 0 mod 31, so a change of d (0 < |d| < 31)
    at position i shifts the sum by w_i * d, which is never 0 mod 31."""
    code = prefix + check_character(prefix)
    other = data.draw(st.sampled_from(_allowed_at(position)).filter(lambda c: c != code[position]))
    changed = code[:position] + other + code[position + 1:]
    assert not is_valid(changed)


@given(prefixes, st.integers(min_value=0, max_value=16))
def test_adjacent_transpositions_are_detected(prefix, position):
    """(w_i − w_{i+1})(a − b) ≠ 0 mod 31 for a ≠ b, since no two consecutive weights are equal."""
    code = prefix + check_character(prefix)
    a, b = code[position], code[position + 1]
    swapped = code[:position] + b + a + code[position + 2:]
    if a != b and shape_error(swapped) is None:
        assert not is_valid(swapped)


def test_exhaustive_single_substitution_on_one_code():
    code = "91371502MA0000001X"
    for i in range(18):
        for c in _allowed_at(i):
            if c != code[i]:
                assert not is_valid(code[:i] + c + code[i + 1:]), (i, c)


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("91371502MA000001X", "应为 18 位，实际 17 位"),
        ("91371502MA0000001XX", "实际 19 位"),
        ("91371502MAO000001X", "O"),
        ("91371502ma0000001x", "a"),
        ("913715A2MA0000001X", "第 3–8 位应为数字"),
    ],
)
def test_shape_errors_explain_themselves(code, needle):
    detail = shape_error(code)
    assert detail is not None and needle in detail
    assert not is_valid(code)


def test_wrong_check_character_has_the_right_shape():
    assert shape_error("91371502MA0000001Y") is None
    assert not is_valid("91371502MA0000001Y")


def test_check_character_needs_exactly_17_characters():
    with pytest.raises(ValueError):
        check_character("9137150")
