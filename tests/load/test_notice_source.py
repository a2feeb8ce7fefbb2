"""The notice header reader (Pelican Markdown metadata) with line numbers."""

from __future__ import annotations

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
