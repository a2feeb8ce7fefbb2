"""The strict YAML reader: positions (1-based) and the YAML 1.1 traps it refuses."""

from __future__ import annotations

import time

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sme_registry.load.yaml_strict import MAX_DEPTH, parse

TEXT = """\
# 注释
id: t-1
operator:
  name: 某公司
  kind:   企业
services: [信息服务, 技术服务]
terms:
  - batch: 2023
    certified_on: 2023-12-20
"""


def codes(text: str) -> list[str]:
    _, problems = parse(text, "f.yaml")
    return [p.code for p in problems]


def test_values_and_keys_have_one_based_positions():
    doc, problems = parse(TEXT, "f.yaml")
    assert problems == []
    assert doc.positions[()] == (2, 1)
    assert doc.positions[("id",)] == (2, 5)
    assert doc.key_positions[("id",)] == (2, 1)
    assert doc.positions[("operator",)] == (4, 3)  # a block mapping starts at its first key
    assert doc.key_positions[("operator",)] == (3, 1)
    assert doc.positions[("operator", "kind")] == (5, 11)
    assert doc.key_positions[("operator", "kind")] == (5, 3)
    assert doc.positions[("services",)] == (6, 11)
    assert doc.positions[("services", 0)] == (6, 12)
    assert doc.positions[("services", 1)] == (6, 18)
    assert doc.positions[("terms", 0)] == (8, 5)
    assert doc.key_positions[("terms", 0, "certified_on")] == (9, 5)
    assert doc.positions[("terms", 0, "certified_on")] == (9, 19)


def test_pos_falls_back_to_the_nearest_existing_ancestor():
    doc, _ = parse(TEXT, "f.yaml")
    assert doc.pos(("terms", 0, "metrics", "staff")) == doc.positions[("terms", 0)]
    assert doc.pos(("nothing", "here")) == doc.positions[()]
    assert doc.key_pos(("terms", 0, "metrics")) == doc.positions[("terms", 0)]


def test_scalar_resolution_is_core_schema_with_dates_as_text():
    doc, problems = parse(
        "a: 1\nb: -2\nc: 1.5\nd: true\ne: False\nf: ~\ng:\nh: 2023-12-20\ni: '0123'\nj: \"no\"\nk: |\n  yes\n",
        "f.yaml",
    )
    assert problems == []
    assert doc.data == {
        "a": 1, "b": -2, "c": 1.5, "d": True, "e": False, "f": None, "g": None,
        "h": "2023-12-20", "i": "0123", "j": "no", "k": "yes\n",
    }


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "Yes", "on", "ON", "off", "Off"])
def test_yaml11_booleans_unquoted_are_refused_and_kept_as_text(word):
    doc, problems = parse(f"a: {word}\n", "f.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("E107", 1, 4)]
    assert doc.data == {"a": word}


@pytest.mark.parametrize("value", ["0123", "00", "-012", "0o17", "0x1F", "0b101"])
def test_leading_zero_numbers_are_refused(value):
    doc, problems = parse(f"a: {value}\n", "f.yaml")
    assert [p.code for p in problems] == ["E108"]
    assert doc.data == {"a": value}


@pytest.mark.parametrize("value", ["2023/12/20", "2023.12.20", "2023-1-5", "2023-12-5", "2023年12月20日"])
def test_loose_dates_are_refused(value):
    assert codes(f"d: {value}\n") == ["E109"]


@pytest.mark.parametrize("value", ["'2023/12/20'", "2023-12-20", "0", "10", "2023.5"])
def test_ordinary_values_are_not_traps(value):
    assert codes(f"d: {value}\n") == []


def test_duplicate_key_points_at_the_second_and_names_the_first_line():
    _, problems = parse("a: 1\nb: 2\na: 3\n", "f.yaml")
    [p] = problems
    assert (p.code, p.line, p.col) == ("E105", 3, 1)
    assert "第 1 行" in p.message


def test_nested_duplicate_key():
    _, problems = parse("o:\n  x: 1\n  x: 2\n", "f.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("E105", 3, 3)]


def test_billion_laughs_is_refused_without_expansion():
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    _, problems = parse("\n".join(lines) + "\n", "f.yaml")
    assert time.perf_counter() - start < 2
    assert {p.code for p in problems} == {"E106"}
    assert len(problems) == 10 + 9 * 9  # every anchor and every alias


def test_explicit_tags_are_refused():
    for text in ("a: !!python/object:os.system x\n", "a: !!python/object/apply:os.system [ls]\n",
                 "a: !!str 1\n", "a: !custom {b: 1}\n"):
        assert "E112" in codes(text), text


def test_tab_indentation_reports_every_tabbed_line():
    _, problems = parse("a:\n\tb: 1\n  c:\n  \td: 2\n", "f.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("E104", 2, 1), ("E104", 4, 3)]


def test_tab_inside_a_value_is_fine():
    assert codes("a: x\ty\n") == []


def test_several_documents_are_refused_at_the_second():
    _, problems = parse("a: 1\n---\nb: 2\n", "f.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("E111", 2, 1)]


def test_empty_text_gives_no_data():
    doc, problems = parse("", "f.yaml")
    assert problems == [] and doc.data is None
    doc, problems = parse("# 只有注释\n", "f.yaml")
    assert problems == [] and doc.data is None


def test_syntax_error_is_e103_with_chinese_detail_and_position():
    doc, problems = parse("a: b: c\n", "f.yaml")
    assert doc is None
    [p] = problems
    assert (p.code, p.line, p.col) == ("E103", 1, 5)
    assert "冒号" in p.message


def test_unclosed_quote_is_e103():
    doc, problems = parse('a: "abc\n', "f.yaml")
    assert doc is None and [p.code for p in problems] == ["E103"]


def test_complex_keys_are_refused():
    assert "E110" in codes("? [a, b]\n: 1\n")


def test_nesting_deeper_than_the_limit_is_refused():
    deep = "a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n"
    assert "E110" in codes(deep)
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert codes(ok) == []


def test_problem_path_is_the_display_name():
    _, problems = parse("a: no\n", "data/platforms/x.yaml")
    assert problems[0].path == "data/platforms/x.yaml"


_keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
_values = st.one_of(
    st.integers(min_value=-10**6, max_value=10**6),
    st.booleans(),
    st.text(alphabet="测试平台服务中心abcXYZ ", min_size=1, max_size=12).filter(lambda s: s.strip() == s),
)


@given(st.dictionaries(_keys, st.one_of(_values, st.lists(_values, max_size=4)), max_size=8))
def test_plain_data_round_trips_through_safe_dump(data):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)
    doc, problems = parse(text, "f.yaml")
    assert problems == []
    assert doc.data == data


@pytest.mark.parametrize("escape, char", [
    ("\\u202e", "U+202E"), ("\\U00002066", "U+2066"), ("\\x1b", "U+001B"), ("\\0", "U+0000"), ("\\e", "U+001B"),
    ("\\L", "U+2028"), ("\\P", "U+2029"), ("\\N", "U+0085"), ("\\r", "U+000D"), ("\\x9f", "U+009F"),
])
def test_an_escape_cannot_write_what_the_text_grammar_refuses(escape, char):
    """The file's text is checked for refused characters; a double-quoted escape must not bring
    them back. Reported at the backslash, in values and in keys."""
    _, problems = parse(f'name: "聊城{escape}平台"\n"k{escape}": 1\n', "p.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("E128", 1, 10), ("E128", 2, 3)]
    assert char in problems[0].message and escape in problems[0].message


def test_harmless_escapes_and_escaped_backslashes_stay_text():
    doc, problems = parse('a: "制\\t表\\n换行\\"引号\\\\u202e\\u4e2d\\x41"\nb: \'\\u202e\'\nc: \\u202e\n', "p.yaml")
    assert problems == []
    assert doc.data == {"a": "制\t表\n换行\"引号\\u202e中A", "b": "\\u202e", "c": "\\u202e"}


# Scalars as a clerk might type them, in every style: dates in and out of FIRST_YEAR…LAST_YEAR
# (full-width digits too), integral and other floats, text, numbers.
_scalar_texts = st.sampled_from([
    "2023-12-20", "1999-12-20", "9999-01-01", "0000-01-01", "2100-12-31", "２０２３-01-01", "１９９９-01-01",
    "4.0", "4.5", "-0.0", "1e3", "2.", ".5", "12", "平台", "2023-1-1", "2023年1月1日", "abc",
])
_styles = st.sampled_from(["{}", '"{}"', "'{}'", "|\n    {}", ">-\n    {}"])


@given(st.lists(st.tuples(_keys, _scalar_texts, _styles), min_size=1, max_size=6, unique_by=lambda t: t[0]))
def test_the_walkers_facts_agree_with_a_walk_of_the_data(items):
    """Document.integral_float and .year_outside (noted while parsing) say what walking the
    parsed data would find, so the schema may skip that walk."""
    from sme_registry.load.schemas import _has_integral_float
    from sme_registry.load.yaml_strict import ISO_DATE
    from sme_registry.regulation.dates import FIRST_YEAR, LAST_YEAR

    text = "".join(f"{key}: {style.format(value)}\n" for key, value, style in items)
    doc, _ = parse(text, "f.yaml")
    assert doc is not None
    values = list(doc.data.values())
    assert doc.integral_float == _has_integral_float(doc.data)
    assert doc.year_outside == any(isinstance(v, str) and ISO_DATE.match(v) and not FIRST_YEAR <= int(v[:4]) <= LAST_YEAR
                                   for v in values)


def test_a_quoted_date_outside_the_years_is_still_e119():
    from sme_registry.load import schemas

    text = 'id: x\nterms:\n  - certified_on: "1999-12-20"\n'
    doc, _ = parse(text, "f.yaml")
    assert doc.year_outside is True
    assert ("E119", 3, 19) in {(p.code, p.line, p.col) for p in schemas.validate("platform", doc, "f.yaml")}
