"""JSON Schema validation mapped to catalogue codes at the right positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sme_registry.load import schemas
from sme_registry.load.notice_source import parse_header
from sme_registry.load.yaml_strict import parse

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = (ROOT / "tests/fixtures/base/data/platforms/t-2023-001.yaml").read_text(encoding="utf-8")
KINDS = ["platform", "notice", "calendar", "divisions", "site"]


def check(text: str, kind: str = "platform"):
    doc, problems = parse(text, "x.yaml")
    assert problems == [], problems
    return [(p.code, p.line, p.col) for p in schemas.validate(kind, doc, "x.yaml")], schemas.validate(kind, doc, "x.yaml")


def edit(old: str, new: str) -> str:
    assert old in PLATFORM
    return PLATFORM.replace(old, new, 1)


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_are_valid_draft_2020_12(kind):
    schema = json.loads((ROOT / f"schema/{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"{kind}.schema.json"


def _properties(schema, path=()):
    for name, sub in schema.get("properties", {}).items():
        yield (*path, name), sub
        yield from _properties(sub, (*path, name))
        if "items" in sub:
            yield from _properties(sub["items"], (*path, name, "[]"))


@pytest.mark.parametrize("kind", ["platform", "notice", "calendar"])
def test_top_level_fields_are_described_for_editors(kind):
    schema = schemas.load_schema(kind)
    undocumented = [name for name, sub in schema["properties"].items() if not sub.get("description")]
    assert undocumented == []


def test_base_platform_is_schema_valid():
    assert check(PLATFORM)[0] == []


def test_missing_required_is_reported_at_the_parent():
    assert check(edit("  kind: 企业\n", ""))[0] == [("E201", 6, 3)]


def test_unknown_key_near_miss_suggests_the_right_one():
    found, problems = check(edit("county: 东昌府区", "conty: 东昌府区"))
    assert ("E202", 9, 1) in found
    assert "是否应为“county”" in next(p.message for p in problems if p.code == "E202")


def test_unknown_key_far_off_lists_allowed_keys():
    _, problems = check(edit("  kind: 企业\n", "  kind: 企业\n  法人: 张三\n"))
    [p] = [p for p in problems if p.code == "E202"]
    assert (p.line, p.col) == (9, 3) and "允许的字段：credit_code、kind、name" in p.message


def test_type_error_names_the_expected_type_in_chinese():
    _, problems = check(edit("      staff: 20", "      staff: 二十"))
    [p] = problems
    assert (p.code, p.line, p.col) == ("E203", 25, 14)
    assert "terms[0].metrics.staff" in p.message and "整数" in p.message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("[信息服务, 技术服务, 培训服务, 融资服务]", "[信息服务, 技术服务, 培训服务, 政策服务]", ("E301", 11, 30)),
        ("category: 综合类", "category: 综合型", ("E302", 10, 11)),
        ("  kind: 企业", "  kind: 个体户", ("E204", 8, 9)),
        ("credit_code: 91371502MA0000001X", "credit_code: 91371502MA0000001", ("E340", 7, 16)),
        ("certified_on: 2023-12-20", "certified_on: 2023-13-01", ("E209", 14, 19)),
        ("name: 测试综合服务平台", "name: 测", ("E206", 4, 7)),
        ("[信息服务, 技术服务, 培训服务, 融资服务]", "[信息服务, 信息服务, 培训服务, 融资服务]", ("E207", 11, 11)),
        ("      staff: 20", "      staff: -1", ("E206", 25, 14)),
        ("  - batch: 2023", "  - batch: 1999", ("E206", 13, 12)),
    ],
)
def test_keyword_to_code(old, new, expected):
    assert check(edit(old, new))[0] == [expected]


def test_revocation_ground_out_of_range_is_e330():
    text = PLATFORM + "revoked:\n  date: 2025-06-01\n  ground: 0\n  notice: x\n"
    assert check(text)[0] == [("E330", 41, 11)]


def test_credit_code_shape_detail():
    _, problems = check(edit("credit_code: 91371502MA0000001X", "credit_code: 91371502MA000000IX"))
    assert "含有不允许的字符：I" in problems[0].message


def test_impossible_date_is_e209_only():
    assert check(edit("certified_on: 2023-12-20", "certified_on: 2023-02-29"))[0] == [("E209", 14, 19)]


def test_non_iso_date_string_is_not_reported_as_nonexistent():
    """A quoted "2023/12/20" breaks the pattern (E205). It is not a date that does not exist:
    E209 (日期不存在) must be kept for well-formed dates such as 2023-02-30."""
    found, _ = check(edit("certified_on: 2023-12-20", "certified_on: '2023/12/20'"))
    assert found == [("E205", 14, 19)]


def test_field_name():
    assert schemas.field_name(()) == "（文件顶层）"
    assert schemas.field_name(("terms", 0, "metrics", "staff")) == "terms[0].metrics.staff"


def test_notice_header_schema():
    doc = parse_header("title: 测试\ndate: 2023-12-11\ntype: 通告\nbatch: 23\n\n正文\n", "n.md")[0]
    found = sorted((p.code, p.line, p.col) for p in schemas.validate("notice", doc, "n.md"))
    assert found == [("E204", 3, 7), ("E205", 4, 8)]


def test_year_bounds_are_the_plausible_years_of_dates_py():
    """Years (batch, year) and dates share one plausible range: dates.FIRST_YEAR…LAST_YEAR."""
    from sme_registry.regulation.dates import FIRST_YEAR, LAST_YEAR

    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            if key in ("batch", "year"):
                found.append((key, node.get("minimum"), node.get("maximum"), node.get("pattern")))
            for k, v in node.items():
                walk(v, k if k not in ("properties", "items", "$defs") else key)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    for path in sorted((ROOT / "schema").glob("*.schema.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert found
    for key, low, high, pattern in found:
        if pattern:
            assert pattern == "^(20[0-9]{2}|2100)$" and (FIRST_YEAR, LAST_YEAR) == (2000, 2100), key
        else:
            assert (low, high) == (FIRST_YEAR, LAST_YEAR), key
