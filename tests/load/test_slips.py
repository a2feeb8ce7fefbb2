"""The pre-scan names a clerk's slips, and leaves legitimate full-width text alone."""

from __future__ import annotations

import pytest

from sme_registry.load.slips import scan_notice, scan_yaml

LEGITIMATE = [
    "name: 聊城市（东昌府区）中小企业服务平台\n",
    "description: “互联网+”服务平台，提供信息、技术；培训服务。\n",
    "address: 山东省聊城市：东昌府区（示例）\n",
    "description: 这是一段很长的文字，\n  折到下一行：继续写，\n  - 这里也是文字\nname: 平台\n",
    "description: |\n  第一段：全角冒号\n     缩进随意 - 也行\n\nname: 平台\n",
    'services: ["信息，服务", 技术服务]\n',
    "website: https://example.org/a\nlinks:\n  - https://example.org/b\n",
    "services:\n- 信息服务\n- 技术服务\n",
    "terms:\n  - batch: 2023\n    certified_on: 2023-12-20  # 有效期至 2026-12-19\n  - batch: 2026\nnext: 1\n",
    "holidays: [2026-01-01,\n  2026-01-02]\nworkdays: []\n",
    'name: "“十四五”规划服务平台"\n',
    "activities:\n  信息服务: 6\n  技术服务: 5\n",
    "key:\n  nested:\n    deeper: 1\n  back: 2\nroot: 3\n",
    "contact:\nnext: 1\n",  # an empty mapping value
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_full_width_text_is_not_a_slip(text):
    assert [p.text() for p in scan_yaml(text, "x.yaml")] == []


@pytest.mark.parametrize(("text", "code", "pos", "fix"), [
    ("id: a\ncounty：高唐县\n", "E150", (2, 7), "`county: 高唐县`"),
    ("activities:\n  信息服务：6\n", "E150", (2, 7), "`  信息服务: 6`"),
    ("county:高唐县\n", "E151", (1, 8), "`county: 高唐县`"),
    ("services: [信息服务；技术服务]\n", "E153", (1, 16), "`services: [信息服务, 技术服务]`"),
    ("services: 【信息服务，技术服务】\n", "E155", (1, 11), "`services: [信息服务, 技术服务]`"),
    ("services:\n  -\u3000信息服务\n", "E152", (2, 4), "`  - 信息服务`"),
    ("a:\n  b: 1\n    c: 2\n", "E157", (3, 5), "`  c: 2`"),
    ("name: ‘平台’\n", "E154", (1, 7), '`name: "平台"`'),
])
def test_slip_is_named_at_its_position_with_the_fix(text, code, pos, fix):
    problems = scan_yaml(text, "x.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [(code, *pos)]
    assert fix in problems[0].message


def test_one_slip_does_not_cascade_into_indentation_errors():
    text = "annual_reports:\n  － year: 2024\n    submitted_on: 2025-01-15\n  - year: 2025\n"
    assert [p.code for p in scan_yaml(text, "x.yaml")] == ["E156"]


def test_control_characters_are_reported_each_in_chinese():
    from sme_registry.load.source_text import text_problems

    problems = text_problems("id: a\x08b\nname: \x00x\n", "x.yaml")
    assert [(p.line, p.col) for p in problems] == [(1, 6), (2, 7)]
    assert all(p.message.isascii() is False and "libyaml" not in p.message for p in problems)
    assert "退格符" in problems[0].message


@pytest.mark.parametrize(("line", "code", "fix"), [
    ("date: 2026年3月5日", "E159", "`date: 2026-03-05`"),
    ("publicity_end: 2026/3/9", "E159", "`publicity_end: 2026-03-09`"),
    ("platforms: lc-2026-004，lc-2026-001", "E160", "`platforms: lc-2026-004, lc-2026-001`"),
    ("title：公示", "E150", "`title: 公示`"),
    ("date: 2026/2/30", "E159", "`date: YYYY-MM-DD`"),  # no such day: no made-up fix
])
def test_notice_header_slips(line, code, fix):
    problems = scan_notice(f"{line}\ntype: 公示\n\n正文：全角冒号“：”在正文中没问题\n", "n.md")
    assert [p.code for p in problems] == [code]
    assert fix in problems[0].message


def test_notice_body_is_not_scanned():
    assert scan_notice("title: 标题\n\n正文\x08里的字符由 Markdown 处理，日期 2026年3月5日 也可以\n", "n.md") == []


@pytest.mark.parametrize("text", ["honors:\n" + "-\u3000" * 1000, "honors:\n  " + "-\u3000" * 1000,
                                  "honors:\n" + "－" * 2000, "honors:\n" + "－\u3000" * 1000,
                                  "a:" + "b:" * 3000 + "\u3000c"])
def test_a_line_of_a_thousand_slips_reports_a_few_and_does_not_recurse(text):
    problems = scan_yaml("id: t-2023-001\n" + text + "\n", "p.yaml")
    assert 1 <= len(problems) <= 5, [p.text() for p in problems]


def test_one_code_is_listed_at_most_twenty_times_per_file():
    text = "".join(f"k{i}：v\n" for i in range(100))
    assert len(scan_yaml(text, "p.yaml")) == 20
