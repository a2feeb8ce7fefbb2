"""Reading files: the 256 KiB limit, strict UTF-8 with position, BOM and CRLF."""

from __future__ import annotations

from sme_registry.load.source_text import MAX_FILE_BYTES, read_text


def test_size_limit_is_inclusive(tmp_path):
    ok, big = tmp_path / "ok.yaml", tmp_path / "big.yaml"
    ok.write_bytes(b"#" * MAX_FILE_BYTES)
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert read_text(ok, "ok.yaml")[1] == []
    text, problems = read_text(big, "big.yaml")
    assert text is None and [(p.code, p.line, p.col) for p in problems] == [("E102", 1, 1)]


def test_gbk_file_is_e101_at_the_first_bad_byte(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("id: t-1\nname: 测试平台\n".encode("gbk"))
    text, problems = read_text(path, "gbk.yaml")
    assert text is None
    assert [(p.code, p.line, p.col) for p in problems] == [("E101", 2, 7)]
    assert "第 14 字节" in problems[0].message


def test_bom_and_crlf_are_normalised(tmp_path):
    path = tmp_path / "win.yaml"
    path.write_bytes("\ufeffid: t-1\r\nname: 测试\r\n".encode())
    assert read_text(path, "win.yaml") == ("id: t-1\nname: 测试\n", [])



def test_one_line_grammar_lone_cr_and_unicode_separators_are_e114_at_their_place(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes("a: 1\r\nb: 摘要\rlang: en\nc: x\u2028y\nd\u2029\n\x85\n".encode())
    text, problems = read_text(path, "n.md")
    assert text is None
    assert [(p.code, p.line, p.col) for p in problems] == [
        ("E114", 2, 6), ("E114", 3, 5), ("E114", 4, 2), ("E114", 5, 1)]


def test_control_characters_are_e115_but_tab_is_text(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes("name: 测\x00试\nnote: \x1b[31m\x7f\ndesc: a\tb\n".encode())
    _, problems = read_text(path, "p.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("E115", 1, 8), ("E115", 2, 7), ("E115", 2, 12)]
    assert "U+0000" in problems[0].message


def test_bidi_controls_are_e115_where_they_stand(tmp_path):
    """Embedding, override and isolate controls reorder displayed text (Trojan Source): refused.
    Left-to-right/right-to-left marks and ordinary CJK text are not controls and stay text."""
    path = tmp_path / "p.yaml"
    controls = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    lines = [f"k{i}: 聊城{c}平台" for i, c in enumerate(controls)]
    path.write_text("\n".join(lines + ["ok: 聊城\u200e平台（高唐）"]) + "\n", encoding="utf-8")
    _, problems = read_text(path, "p.yaml")
    assert [(p.code, p.line, p.col) for p in problems] == [("E115", i + 1, 7) for i in range(len(controls))]
    assert "U+202E" in problems[4].message and "双向文字控制符" in problems[4].message


def test_a_flood_of_nuls_is_capped(tmp_path):
    path = tmp_path / "z.yaml"
    path.write_bytes(b"\x00" * 10000)
    _, problems = read_text(path, "z.yaml")
    assert len(problems) == 20 and problems[-1].col == 20


def test_a_message_quoting_a_refused_character_shows_its_code_point():
    # An escaped key passes the text grammar; E128 reports the escape and E202, quoting the
    # key, must not print the override itself (it would reorder the line in a terminal).
    from sme_registry.load.yaml_strict import parse
    from sme_registry.problems.codes import make

    doc, problems = parse('"信息\\u202e服务": 6\n', "p.yaml")
    assert [p.code for p in problems] == ["E128"]
    assert list(doc.data) == ["信息\u202e服务"]
    shown = make("E202", "p.yaml", (1, 1), key=list(doc.data)[0], allowed="name", suggestion="")
    assert "\u202e" not in shown.message and "信息<U+202E>服务" in shown.message
    forged = make("E202", "p.yaml", (1, 1), key="x\np.yaml:1:1: E000 伪造", allowed="name", suggestion="")
    assert "\n" not in forged.text() and "x<U+000A>p.yaml" in forged.message
