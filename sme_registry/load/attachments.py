"""Notice attachments (附件): files kept beside a notice, named in its header, checked as untrusted.

Convention (docs/data-format.md): the notice `content/notices/<slug>.md` lists its files on
one header line,

    attachments: 附件2-评审工作说明.pdf | 评审工作说明（示例）; 附件3-申报汇总表.xlsx

(entries separated by `;`, an optional title after `|`; without one the title is the file
name less its extension and a leading `附件N-`), and the files lie in the folder named like
the notice file's stem, `content/notices/<slug>/`. Nothing else is read from that folder
and every file in it must be listed (a stray file would look published but is not).

Every check is at the header entry that names the file: a bare file name only (no path,
no `..`, nothing absolute), a plain character set, an allowed extension, a regular file
(lstat: never a link, even one pointing inside the tree), size within the limit before a
byte is read, then the type by content (magic bytes; zip-based formats through their
central directory only, never extracted; OLE2 through olefile's directory) agreeing with
the extension. Macro-carrying and encrypted documents are refused: a government site
publishes files anyone can open safely.
"""

from __future__ import annotations

import io
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sme_registry.load.source_text import kind_of, read_bytes
from sme_registry.problems.codes import make
from sme_registry.regulation import vocabulary as V

FIELD = "attachments"
# 10 MiB: a stamped, scanned multi-page notice (盖章扫描件, 200–300 dpi PDF) fits; a name list
# is a few KB. Larger files bloat every clone of the repository (git keeps each version for
# ever; GitHub warns at 50 MB) and are slow to download on a phone.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 20  # per notice
MAX_NAME_CHARS = 80
MAX_TITLE_CHARS = 60
# Zip-based formats (docx, xlsx, ofd): limits read from the central directory alone.
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_UNPACKED = 256 * 1024 * 1024  # declared total of the members
MAX_ZIP_RATIO = 1000  # declared unpacked / packed size of one member
MAX_CONTENT_TYPES_BYTES = 256 * 1024  # [Content_Types].xml, the one member read (bounded)


@dataclass(frozen=True)
class Kind:
    ext: str
    label: str  # what the page calls it (中文)
    content: str  # what the content must be: pdf, ofd, docx, xlsx, ole-word, ole-excel, csv
    mime: str


KINDS = {k.ext: k for k in (
    Kind("pdf", "PDF 文档", "pdf", "application/pdf"),
    Kind("ofd", "OFD 版式文档", "ofd", "application/ofd"),
    Kind("docx", "Word 文档", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    Kind("xlsx", "Excel 工作簿", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    Kind("wps", "WPS 文字文档", "ole-word", "application/vnd.ms-works"),
    Kind("et", "WPS 表格文档", "ole-excel", "application/vnd.ms-excel"),
    Kind("doc", "Word 97-2003 文档", "ole-word", "application/msword"),
    Kind("xls", "Excel 97-2003 工作簿", "ole-excel", "application/vnd.ms-excel"),
)}
CSV_KIND = Kind("csv", "CSV 表格（UTF-8）", "csv", "text/csv")  # generated name lists only
CONTENT_LABELS = {"pdf": "PDF", "ofd": "OFD", "docx": "Word（docx）", "xlsx": "Excel（xlsx）",
                  "ole-word": "Word 97-2003 / WPS 文字", "ole-excel": "Excel 97-2003 / WPS 表格",
                  "zip": "zip 压缩包", "ole": "其他 OLE2 复合文档"}

# A file name: letters and digits of any script, and these few marks; no spaces, no % # ? & …
_NAME_MARKS = set("-_.()（）、，·—《》【】")
_NUMBERED = re.compile(r"^附件\s*[0-9０-９]+\s*[-－—_.、：:\s]*")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


@dataclass(frozen=True)
class Attachment:
    file: str
    title: str
    kind: Kind
    size: int
    line: int
    col: int
    data: bytes = field(repr=False, compare=False)


# The name list the build generates for these notice types (sme_registry.derive.notice_lists),
# written as <name>.xlsx and <name>.csv beside the notice: no clerk's file may take these names.
LIST_NAMES = {V.PUBLICITY.name: "拟认定名单", V.ANNOUNCEMENT.name: "认定名单"}


def generated_names(notice) -> set[str]:
    name = LIST_NAMES.get(notice.type)
    return {f"{name}.xlsx", f"{name}.csv"} if name else set()


def folder_of(slug: str) -> str:
    """The folder of a notice's files, relative to the registry root."""
    return f"content/notices/{slug}"


def title_from(file: str) -> str:
    stem = file.rsplit(".", 1)[0]
    return _NUMBERED.sub("", stem) or stem


def size_text(size: int) -> str:
    """12.3 KB / 1.5 MB (1 KB = 1024 bytes, as file managers show it)."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def entries(notice) -> list[tuple[str, str | None, tuple[int, int]]]:
    """(file, title or None, position) for each `;`-separated entry of the header line."""
    raw = notice.doc.data.get(FIELD, "")
    if not raw:
        return []
    line, col = notice.pos(FIELD)
    found, offset = [], 0
    for part in raw.split(";"):
        lead = len(part) - len(part.lstrip())
        file, _, title = part.partition("|")
        found.append((file.strip(), title.strip() if "|" in part else None, (line, col + offset + lead)))
        offset += len(part) + 1
    if len(found) > 1 and not found[-1][0] and found[-1][1] is None:
        found.pop()  # a trailing `;`
    return found


def name_problem(file: str) -> tuple[str, dict] | None:
    """(code, fields) when `file` is not a safe bare file name."""
    if file.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", file):
        return "E721", {"detail": "是绝对路径"}
    if ".." in file.replace("\\", "/").split("/") or file in (".", ".."):
        return "E721", {"detail": "含有 ..（上一级文件夹）"}
    if "/" in file or "\\" in file:
        return "E721", {"detail": "含有文件夹（/ 或 \\）"}
    if unicodedata.normalize("NFC", file) != file:
        return "E722", {"detail": "含有组合字符（请在 Windows 或 Linux 上重新输入文件名）"}
    if len(file) > MAX_NAME_CHARS:
        return "E722", {"detail": f"长 {len(file)} 个字符，最多 {MAX_NAME_CHARS} 个"}
    if file.startswith((".", "-")):
        return "E722", {"detail": "以“.”或“-”开头"}
    for char in file:
        if not (char in _NAME_MARKS or unicodedata.category(char)[0] in "LN"):
            shown = "空格" if char.isspace() else f"“{char}”" if char.isprintable() else f"U+{ord(char):04X}"
            return "E722", {"detail": f"含有{shown}"}
    if "." not in file:
        return "E725", {"ext": "（没有扩展名）"}
    ext = file.rsplit(".", 1)[1]
    if ext not in KINDS:
        return "E725", {"ext": "." + ext}
    return None


def sniff(data: bytes) -> tuple[str | None, str]:
    """(content kind, refusal) of a file's bytes: the kind when recognised and safe to
    publish, else None and why (in Chinese)."""
    if data.startswith(b"%PDF-"):
        return ("pdf", "") if b"%%EOF" in data[-1024:] else (None, "PDF 文件不完整（缺少结尾标记 %%EOF）")
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(_OLE_MAGIC):
        return _sniff_ole(data)
    return None, ""


def _sniff_zip(data: bytes) -> tuple[str | None, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # reads the central directory only
            members = archive.infolist()
            if len(members) > MAX_ZIP_ENTRIES:
                return None, f"压缩包内有 {len(members)} 个文件，超过 {MAX_ZIP_ENTRIES} 个"
            total = 0
            for m in members:
                if m.flag_bits & 0x1:
                    return None, "文件已加密"
                name = m.filename.replace("\\", "/")
                if name.startswith("/") or ".." in name.split("/"):
                    return None, "压缩包内含有越出目录的路径"
                total += m.file_size
                if m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1) or total > MAX_ZIP_UNPACKED:
                    return None, "解压后过大，疑似“压缩炸弹”"
            names = {m.filename for m in members}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return None, "含有宏（VBA）"
            if "OFD.xml" in names:
                return "ofd", ""
            if "[Content_Types].xml" not in names:
                return "zip", ""
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                return None, "[Content_Types].xml 过大"
            with archive.open(info) as handle:
                types = handle.read(MAX_CONTENT_TYPES_BYTES + 1).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, KeyError) as exc:
        return None, f"压缩包结构已损坏（{type(exc).__name__}）"
    if "macroEnabled" in types:
        return None, "含有宏（启用宏的文档）"
    for kind, main in _OOXML_MAIN.items():
        if main in types and any(n.startswith("word/" if kind == "docx" else "xl/") for n in names):
            return kind, ""
    return "zip", ""


def _sniff_ole(data: bytes) -> tuple[str | None, str]:
    import olefile  # only needed for the rare 97-2003 / WPS file

    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(path) for path in ole.listdir(streams=True, storages=True)}
    except Exception as exc:  # olefile raises many kinds on a malformed file; none may escape
        return None, f"复合文档结构已损坏（{type(exc).__name__}）"
    lowered = {s.lower() for s in streams}
    if "encryptioninfo" in lowered or "encryptedpackage" in lowered:
        return None, "文件已加密"
    if any(s.split("/")[0] in ("macros", "_vba_project_cur", "_vba_project") for s in lowered):
        return None, "含有宏（VBA）"
    if "worddocument" in lowered:
        return "ole-word", ""
    if "workbook" in lowered or "book" in lowered:
        return "ole-excel", ""
    return "ole", ""


def is_notice_folder(folder: Path, name: str) -> bool:
    """A folder in content/notices/ is a notice's attachment folder when `<name>.md` is beside it."""
    return os.path.lexists(folder / f"{name}.md")


def load(source, registry, problems: list) -> None:
    """Check every notice's attachments; the valid ones go to `registry.attachments[slug]`."""
    for slug in sorted(registry.notices):
        notice = registry.notices[slug]
        found = _notice_files(source, notice, problems)
        if found:
            registry.attachments[slug] = found


def _notice_files(source, notice, problems: list) -> list[Attachment]:
    folder_rel = folder_of(notice.slug)
    folder = source.root / folder_rel
    listed = entries(notice)
    reserved = generated_names(notice)  # the names the build writes itself
    seen: dict[str, int] = {}
    good: list[Attachment] = []
    has_folder = os.path.lexists(folder) and source.folder_ok(folder_rel, problems)
    for number, (file, title, pos) in enumerate(listed, start=1):
        if number > MAX_ATTACHMENTS:
            problems.append(make("E720", notice.path, pos, detail=f"最多列出 {MAX_ATTACHMENTS} 个附件"))
            break
        if not file:
            problems.append(make("E720", notice.path, pos, detail="这一项没有写文件名"))
            continue
        if title is not None and not title:
            problems.append(make("E720", notice.path, pos, detail=f"“{file}”的“|”后没有写标题"))
            continue
        if title and len(title) > MAX_TITLE_CHARS:
            problems.append(make("E720", notice.path, pos, detail=f"标题最多 {MAX_TITLE_CHARS} 个字"))
            continue
        bad = name_problem(file)
        if bad:
            code, fields = bad
            problems.append(make(code, notice.path, pos, file=file[:MAX_NAME_CHARS], allowed=_allowed(), **fields))
            continue
        if file in seen:
            problems.append(make("E728", notice.path, pos, file=file, first=seen[file]))
            continue
        seen[file] = pos[1]
        if file in reserved:
            problems.append(make("E731", notice.path, pos, file=file))
            continue
        item = _one(source, notice, folder_rel, file, title or title_from(file), pos, has_folder, problems)
        if item:
            good.append(item)
    if has_folder:
        _strays(source, folder_rel, {file for file, _, _ in listed}, notice, problems)  # each named once is enough
    return good if len(good) == len(listed) else []


def _one(source, notice, folder_rel, file, title, pos, has_folder, problems) -> Attachment | None:
    path = source.root / folder_rel / file
    display = f"{folder_rel}/{file}"
    try:
        info = os.lstat(path) if has_folder else None
    except FileNotFoundError:
        info = None
    except OSError:
        problems.append(make("E724", notice.path, pos, file=file, kind="无法访问的文件"))
        return None
    if info is None:
        others = _names(source.root / folder_rel) if has_folder else []
        hint = f"；文件夹中有：{'、'.join(others[:5])}" if others else ""
        problems.append(make("E723", notice.path, pos, file=file, folder=folder_rel, others=hint))
        return None
    kind = kind_of(info.st_mode)
    if kind:
        problems.append(make("E724", notice.path, pos, file=file, kind=kind))
        return None
    if info.st_size > MAX_ATTACHMENT_BYTES:
        problems.append(make("E727", notice.path, pos, file=file, size=size_text(info.st_size),
                             limit=size_text(MAX_ATTACHMENT_BYTES)))
        return None
    if info.st_size == 0:
        problems.append(make("E733", notice.path, pos, file=file, detail="文件是空的"))
        return None
    data, read_problems = read_bytes(path, display, limit=MAX_ATTACHMENT_BYTES)
    if data is None:
        problems.extend(read_problems)
        return None
    source.record(display, data)
    expected = KINDS[file.rsplit(".", 1)[1]]
    content, refusal = sniff(data)
    if refusal:
        problems.append(make("E733", notice.path, pos, file=file, detail=refusal))
        return None
    if content != expected.content:
        actual = CONTENT_LABELS.get(content or "", "无法识别的格式（不是 PDF、OFD、Office 或 WPS 文件）")
        problems.append(make("E726", notice.path, pos, file=file, ext=expected.ext,
                             expected=CONTENT_LABELS[expected.content], actual=actual))
        return None
    return Attachment(file=file, title=title, kind=expected, size=len(data), line=pos[0], col=pos[1], data=data)


def _names(folder: Path) -> list[str]:
    try:
        return sorted(e.name for e in os.scandir(folder) if not e.name.startswith("."))
    except OSError:
        return []


def _strays(source, folder_rel: str, listed: set[str], notice, problems: list) -> None:
    """Every entry of the folder must be a listed file: others are refused, never read."""
    try:
        found = sorted(os.scandir(source.root / folder_rel), key=lambda e: e.name)
    except OSError:
        problems.append(make("E117", folder_rel, (1, 1), reason="无法列出该文件夹的内容"))
        return
    for entry in found:
        if entry.name.startswith(".") or entry.name in listed:
            continue
        display = f"{folder_rel}/{entry.name}"
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            problems.append(make("E117", display, (1, 1), reason="无法访问"))
            continue
        if stat.S_ISDIR(mode):
            problems.append(make("E124", display, (1, 1), name=entry.name, folder=folder_rel))
        else:
            problems.append(make("E729", display, (1, 1), file=entry.name, notice=notice.path))


def _allowed() -> str:
    return "、".join(sorted(KINDS))
