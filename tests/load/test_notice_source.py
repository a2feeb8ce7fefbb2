"""The notice header reader (Pelican Markdown metadata) with line numbers."""

from __future__ import annotations

import pytest

from sme_registry.load.notice_source import parse_header

TEXT = "title: 公示\ndate:   2023-12-11\ntype: 公示\n\n正文第一行\n正文第二行\n"


def test_values_positions_and_body():
    doc, body, body_line, problems = parse_header(TEXT, "n.md")
    assert problems == []
    assert doc.data == {"title": "公示", "date": "2023-12-11", "type": "公示"}
    assert doc.key_positions[("date",)] == (2, 1)
    assert doc.positions[("date",)] == (2, 7)  # after "date:" and one space
    assert doc.positions[("type",)] == (3, 7)
    assert body_line == 5 and body.startswith("正文第一行")


def test_malformed_and_duplicate_lines():
    text = "title: 公示\n公示名单如下\ntitle: 又一个\ntype: 公示\n\n正文\n"
    doc, _, body_line, problems = parse_header(text, "n.md")
    assert [(p.code, p.line, p.col) for p in problems] == [("E120", 2, 1), ("E121", 3, 1)]
    assert "第一次在第 1 行" in problems[1].message
    assert doc.data["title"] == "公示" and body_line == 6


def test_no_blank_line_means_no_body():
    doc, body, body_line, problems = parse_header("title: x\ndate: 2023-12-11", "n.md")
    assert problems == [] and body == "" and body_line == 3


def test_character_references_to_refused_characters_are_e128():
    from sme_registry.load.notice_source import body_problems

    body = "第一段&#x202E;倒序&#8238;。\n\n正常引用 &#x4e2d; &amp; &#169; &#0; &#x2066;"
    problems = body_problems(body, 5, "content/notices/x.md")
    assert [(p.code, p.line, p.col) for p in problems] == [("E128", 5, 4), ("E128", 5, 14), ("E128", 7, 28),
                                                          ("E128", 7, 33)]
    assert "&#x202E;" in problems[0].message and "U+202E" in problems[0].message


def test_leading_zeros_do_not_hide_a_character_reference():
    from sme_registry.load.notice_source import body_problems

    body = "甲&#x000202E;乙&#00008238;丙&#X00000000000000202e;丁&#x0000110000;戊&#99999999999999999999;"
    problems = body_problems(body, 1, "content/notices/x.md")
    assert [(p.code, p.col) for p in problems] == [("E128", 2), ("E128", 14), ("E128", 26)]


def test_a_long_run_of_digits_without_a_semicolon_is_not_a_reference():
    # (written `0*([0-9]+)`, 20,000 zeros took 2.7 s and 200,000 about a hundred times that)
    from sme_registry.load.notice_source import body_problems

    assert body_problems("&#" + "0" * 200_000 + " &#x" + "0" * 200_000, 1, "content/notices/x.md") == []


# Each body rendered slowly or past Python's recursion limit with the site's renderer
# before these limits (measured: sme_registry.site.sanitize.render_notice).
@pytest.mark.parametrize("body,line,what", [
    ("".join("\t" * i + "- x\n" for i in range(250)), 18, "行首缩进"),
    ("".join("\t" * i + "1. x\n" for i in range(250)), 18, "行首缩进"),
    ("a\n: b\n" * 500, 202, "定义行"),
    (">" + "    >" * 1000 + " x", 1, "引用"),
    ("[" * 16000 + "]" * 16000, 1, "括号"),
    ("[a" * 5000 + "](b)" * 5000, 1, "括号"),
    ("".join(f"*[A{i}]: t\n" for i in range(8000)) + "A1", 101, "缩写定义"),
    ("".join(f"x[^{i}]\n\n[^{i}]: t\n\n" for i in range(4000)), 803, "脚注定义"),
])
def test_bodies_that_render_slowly_or_too_deep_are_e127(body, line, what):
    from sme_registry.load.notice_source import body_problems

    problems = [p for p in body_problems(body, 1, "content/notices/x.md") if p.code == "E127"]
    assert problems and problems[0].line == line and what in problems[0].message, [p.text() for p in problems[:3]]


def test_ordinary_nesting_abbreviations_and_footnotes_pass():
    from sme_registry.load.notice_source import body_problems

    body = ("> 引用\n> > 二层引用\n\n- 一\n    - 二\n\t- 三\n\n[链接[说明]](https://example.org/)（见[附件](a.pdf)）\n\n"
            "术语\n: 解释一\n: 解释二\n\n*[SME]: 中小企业\n\nSME 服务[^1]。\n\n[^1]: 脚注。\n")
    assert body_problems(body, 1, "content/notices/x.md") == []
    assert body_problems("段落\n" + " " * 100 + "\n" + "\t" * 100 + "\n段落\n", 1, "x.md") == []  # blank lines do not nest
