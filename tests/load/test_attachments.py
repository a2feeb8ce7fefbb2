"""Notice attachments (附件) at the trust boundary: every bad file is a coded problem at the
header entry that names it, never read past its size, never followed through a link; a
good one is published byte for byte. Cases that git cannot hold (links, 10 MB files) are
built here; the corpus (tests/fixtures/invalid/attachment_*) holds the rest."""

from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sme_registry.load import attachments
from sme_registry.site.build import build_site
from sme_registry.validate.report import validate
from tests.validate.test_corpus import BASE, TODAY

NOTICE = "content/notices/2026-11-23-gongshi.md"
FOLDER = "content/notices/2026-11-23-gongshi"
PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
       b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def ooxml(kind: str, macro: bool = False) -> bytes:
    part, main = {"docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
                  "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml")}[kind]
    content_type = ("application/vnd.ms-word.document.macroEnabled.main+xml" if macro
                    else f"application/vnd.openxmlformats-officedocument.{main}")
    types = (f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>').encode()
    return zip_bytes({"[Content_Types].xml": types, part: b"<x/>"})


def xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "示例"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def ole(*streams: str) -> bytes:
    """A minimal compound file (CFB v3): a FAT sector, a directory sector and empty streams
    (or storages, for names ending in /) under the root."""
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sect, end, *([free] * 126))

    def entry(name: str, kind: int, child=nostream, right=nostream) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        e = bytearray(128)
        e[0:len(raw)] = raw
        struct.pack_into("<HBBIII", e, 64, len(raw), kind, 1, nostream, right, child)
        struct.pack_into("<II", e, 116, end if kind else 0, 0)
        return bytes(e)

    names = list(streams)
    entries = [entry("Root Entry", 5, child=1 if names else nostream)]
    for i, name in enumerate(names):
        entries.append(entry(name.rstrip("/"), 1 if name.endswith("/") else 2,
                             right=i + 2 if i + 1 < len(names) else nostream))
    while len(entries) % 4:
        entries.append(entry("", 0))
    directory = b"".join(entries)
    return bytes(header) + fat + directory


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(BASE, tmp_path / "registry")
    return tmp_path / "registry"


def attach(root: Path, line: str, files: dict[str, bytes]) -> None:
    path = root / NOTICE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: 公示\n", f"type: 公示\nattachments: {line}\n", 1), encoding="utf-8")
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def found(root: Path) -> list[tuple[str, str, int, int]]:
    _, report = validate(root, TODAY)
    return [(p.code, p.path, p.line, p.col) for p in report.problems]


COL = len("attachments: ") + 1  # the header line is line 4 of the base 公示


@pytest.mark.parametrize("file,data", [
    ("a.pdf", PDF), ("b.docx", ooxml("docx")), ("c.xlsx", xlsx_bytes()), ("d.ofd", zip_bytes({"OFD.xml": b"<ofd/>"})),
    ("e.doc", ole("WordDocument")), ("f.wps", ole("WordDocument")), ("g.xls", ole("Workbook")), ("h.et", ole("Workbook")),
])
def test_a_valid_attachment_of_each_type(root, file, data):
    attach(root, file, {file: data})
    assert found(root) == []


@pytest.mark.parametrize("file,data,code", [
    ("说明.pdf", zip_bytes({"a.txt": b"x"}), "E726"),   # a .pdf that is really a zip
    ("名单.xlsx", "平台名称\n".encode(), "E726"),        # an .xlsx that is a text file
    ("名单.xlsx", ooxml("docx"), "E726"),                # a Word file called .xlsx
    ("名单.docx", ooxml("docx", macro=True), "E733"),    # a macro-enabled document renamed
    ("名单.xls", ole("WordDocument"), "E726"),
    ("名单.doc", ole("WordDocument", "Macros/"), "E733"),
    ("名单.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "E733"),  # broken compound file
    ("说明.pdf", b"%PDF-1.4\n1 0 obj\n", "E733"),        # cut off
    ("说明.pdf", b"", "E733"),
    ("说明.exe", b"MZ", "E725"),
    ("说明", PDF, "E725"),
])
def test_wrong_content_is_a_problem_at_the_entry(root, file, data, code):
    attach(root, f"a.pdf; {file}", {"a.pdf": PDF, file: data})
    assert found(root) == [(code, NOTICE, 4, COL + len("a.pdf; "))]


def test_zip_bomb_is_refused_from_the_central_directory(root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"x")
        z.writestr("xl/big.xml", b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros packs to ~20 KB
    attach(root, "名单.xlsx", {"名单.xlsx": buffer.getvalue()})
    _, report = validate(root, TODAY)
    assert [(p.code, p.line) for p in report.problems] == [("E733", 4)]
    assert "压缩炸弹" in report.problems[0].message


@pytest.mark.parametrize("entry,code", [
    ("../2023-12-11-gongshi.md", "E721"), ("/etc/passwd", "E721"), ("sub/a.pdf", "E721"), ("C:a.pdf", "E721"),
    ("..\\a.pdf", "E721"), ("a b.pdf", "E722"), ("a%20b.pdf", "E722"), (".hidden.pdf", "E722"),
    ("e\u0301.pdf", "E722"), ("缺少.pdf", "E723"), ("a.pdf | ", "E720"), ("拟认定名单.xlsx", "E731"),
])
def test_unsafe_or_missing_names(root, entry, code):
    attach(root, entry, {})
    assert found(root) == [(code, NOTICE, 4, COL)]


def test_a_symlink_is_never_followed(root, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(PDF)
    attach(root, "a.pdf; b.pdf", {})
    os.symlink(secret, root / FOLDER / "a.pdf")
    os.symlink("a.pdf", root / FOLDER / "b.pdf")  # even one pointing inside the folder
    assert found(root) == [("E724", NOTICE, 4, COL), ("E724", NOTICE, 4, COL + len("a.pdf; "))]


def test_the_folder_itself_may_not_be_a_link(root, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.pdf").write_bytes(PDF)
    attach(root, "a.pdf", {})
    (root / FOLDER).rmdir()
    os.symlink(tmp_path / "elsewhere", root / FOLDER)
    codes = [c for c, *_ in found(root)]
    assert "E116" in codes and "E723" in codes


def test_an_oversized_file_is_refused_before_it_is_read(root, monkeypatch):
    attach(root, "a.pdf", {})
    with open(root / FOLDER / "a.pdf", "wb") as f:  # sparse: 10 MB + 1 without writing them
        f.write(b"%PDF-")
        f.truncate(attachments.MAX_ATTACHMENT_BYTES + 1)
    read = []
    monkeypatch.setattr(attachments, "read_bytes", lambda *a, **k: read.append(a) or (None, []))
    assert found(root) == [("E727", NOTICE, 4, COL)]
    assert read == []


def test_unlisted_file_and_subfolder_in_the_notice_folder(root):
    attach(root, "a.pdf", {"a.pdf": PDF, "草稿.docx": ooxml("docx"), ".DS_Store": b"x"})
    (root / FOLDER / "旧").mkdir()
    assert sorted(found(root)) == [("E124", f"{FOLDER}/旧", 1, 1), ("E729", f"{FOLDER}/草稿.docx", 1, 1)]


def test_a_folder_without_its_notice_is_still_refused(root):
    (root / "content/notices/2030-01-01-gongshi").mkdir()
    assert found(root) == [("E124", "content/notices/2030-01-01-gongshi", 1, 1)]


def test_duplicate_and_title(root):
    attach(root, "附件2-评审说明.pdf; 附件2-评审说明.pdf | 说明", {"附件2-评审说明.pdf": PDF})
    assert found(root) == [("E728", NOTICE, 4, COL + len("附件2-评审说明.pdf; "))]
    assert attachments.title_from("附件2-评审说明.pdf") == "评审说明"
    assert attachments.title_from("附件3.pdf") == "附件3"


def test_a_valid_attachment_is_copied_byte_for_byte_and_listed(root, tmp_path):
    data = PDF + b"%% \xe4\xb8\xad binary tail \x00\xff\n"
    attach(root, "附件2-评审工作说明.pdf | 评审工作说明", {"附件2-评审工作说明.pdf": data})
    out = tmp_path / "out"
    assert build_site(root, out, TODAY) == 0
    assert (out / FOLDER.replace("content/", "") / "附件2-评审工作说明.pdf").read_bytes() == data
    html = (out / "notices/2026-11-23-gongshi.html").read_text(encoding="utf-8")
    href = "%E9%99%84%E4%BB%B62-%E8%AF%84%E5%AE%A1%E5%B7%A5%E4%BD%9C%E8%AF%B4%E6%98%8E.pdf"
    assert f'href="../notices/2026-11-23-gongshi/{href}" download="附件2-评审工作说明.pdf"' in html
    assert "评审工作说明<span class=\"file-meta\">PDF 文档，" in html


def test_build_refuses_a_bad_attachment(root, tmp_path):
    attach(root, "说明.pdf", {"说明.pdf": b"not a pdf"})
    assert build_site(root, tmp_path / "out", TODAY) == 1
    assert not (tmp_path / "out").exists()
