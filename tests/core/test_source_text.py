"""Reading files: the 256 KiB limit, strict UTF-8 with position, BOM and CRLF."""

from __future__ import annotations

from sme_registry.source_text import MAX_FILE_BYTES, read_text


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

