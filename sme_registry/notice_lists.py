"""The name list of a 公示 or 认定公告, made from its `platforms:` (one truth: the data).

The notice page renders the list as a table, and the build writes it as two attachments
beside the notice (xlsx and UTF-8 csv with BOM), byte-for-byte deterministic: the workbook's
dates are the notice's date, never the build's. A body that still carries a hand-typed
Markdown table listing platforms is checked against `platforms:` (E732).
"""

from __future__ import annotations

import csv
import functools
import io
import re

from sme_registry import vocabulary as V
from sme_registry.attachments import CSV_KIND, KINDS, size_text
from sme_registry.codes import make
from sme_registry.exports import Field, _csv_safe
from sme_registry.views import platform_url

# Which notices get a generated list, and what it is called.
LIST_NAMES = {V.PUBLICITY.name: "拟认定名单", V.ANNOUNCEMENT.name: "认定名单"}
SEQ = "序号"
# The columns of the list, as the hand-typed tables had them (序号 first), with the id for
# machines; the page shows all but the id (the name links to the platform's page).
COLUMNS = (
    Field("id", "string", "平台编号", ""),
    Field("name", "string", "平台名称", ""),
    Field("operator", "string", "运营单位", ""),
    Field("county", "string", "所在县（市、区）", ""),
    Field("category", "string", "类别", ""),
)
PAGE_COLUMNS = tuple(c for c in COLUMNS if c.name != "id")


def list_name(notice) -> str | None:
    return LIST_NAMES.get(notice.type)


def generated_names(notice) -> set[str]:
    name = list_name(notice)
    return {f"{name}.xlsx", f"{name}.csv"} if name else set()


def rows(registry, notice) -> list[dict]:
    """One row per id of `platforms:`, in order (an unknown id keeps its place, E403 says why)."""
    found = []
    for number, pid in enumerate(notice.platforms, start=1):
        p = registry.platforms.get(pid)
        found.append({"seq": number, "id": pid, "name": p.name if p else pid,
                      "operator": p.operator_name if p else "", "county": p.county if p else "",
                      "category": p.category if p else "", "url": platform_url(pid) if p else ""})
    return found


def xlsx_bytes(registry, notice) -> bytes:
    site = registry.site or {}
    rows_ = tuple(tuple(sorted(r.items())) for r in rows(registry, notice))
    return _xlsx(notice.title, notice.type, notice.date.isoformat(), rows_,
                 site.get("site_name"), bool(site.get("example_data")))


@functools.lru_cache(maxsize=256)
def _xlsx(title: str, notice_type: str, day: str, rows_: tuple, site_name, example: bool) -> bytes:
    """Pure in its arguments (the page's size and the written file come from one call)."""
    # The xlsx exports' writer (XlsxWriter, deterministic), loaded only when a list is written.
    from sme_registry.spreadsheet.export import _Book

    name = LIST_NAMES[notice_type]
    book = _Book({"site_name": site_name} if site_name else {}, day, f"{title}——{name}")
    ws = book.wb.add_worksheet(name)
    last = len(COLUMNS)
    note = f"{notice_type}：{title}（{day}），共 {len(rows_)} 个平台。" + ("示例数据，不代表真实认定。" if example else "")
    ws.merge_range(0, 0, 0, last, name, book.title)
    ws.merge_range(1, 0, 1, last, note, book.note)
    ws.set_row(0, 24)
    book.table(ws, COLUMNS, (dict(r) for r in rows_), first_row=2, seq=True)
    return book.close()


def csv_bytes(registry, notice) -> bytes:
    """UTF-8 with BOM and CRLF (Excel and WPS open it without asking for an encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([SEQ, *(c.title for c in COLUMNS)])
    for row in rows(registry, notice):
        writer.writerow([row["seq"], *(_csv_safe(row[c.name]) for c in COLUMNS)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def files(registry, notice) -> list[dict]:
    """Every attachment of a notice, in page order: the generated list (xlsx, csv), then the
    clerk's files. Each: file, title, type, ext, size, size_text, url, generated, data."""
    out = []
    name = list_name(notice)
    if name:
        for kind, data in ((KINDS["xlsx"], xlsx_bytes(registry, notice)), (CSV_KIND, csv_bytes(registry, notice))):
            out.append(_entry(notice, f"{name}.{kind.ext}", name, kind, data, generated=True))
    for a in registry.attachments.get(notice.slug, []):
        out.append(_entry(notice, a.file, a.title, a.kind, a.data, generated=False))
    return out


def _entry(notice, file, title, kind, data, generated) -> dict:
    from urllib.parse import quote

    return {"file": file, "title": title, "type": kind.label, "ext": kind.ext, "mime": kind.mime,
            "size": len(data), "size_text": size_text(len(data)),
            "url": f"notices/{notice.slug}/{quote(file)}", "generated": generated, "data": data}


def public(entry: dict) -> dict:
    """What notices.json and the page carry (no bytes)."""
    return {k: v for k, v in entry.items() if k != "data"}


# --------------------------------------------------------------------------- hand-typed tables (E732)

_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A hand-typed table agrees with `platforms:` when it names the same platforms in the same
# order: 序号 and 平台名称 are compared. Other columns (运营单位, 县, 类别, 测评等级 …) are a
# dated record of the day it was published; the data may change later (a platform moves to
# another 县) without making an old notice wrong.
_CHECKED = {"平台名称": "name"}


def _cells(line: str) -> list[tuple[str, int]]:
    """(text, 1-based column) of each cell of a `| a | b |` row (`\\|` is a literal bar)."""
    match = _ROW.match(line)
    inner, start = match.group(1), match.start(1)
    cells, current, begin, i = [], "", start, 0
    while i < len(inner):
        char = inner[i]
        if char == "\\" and i + 1 < len(inner) and inner[i + 1] == "|":
            current += "|"
            i += 2
            continue
        if char == "|":
            cells.append((current, begin))
            current, begin = "", start + i + 1
        else:
            current += char
        i += 1
    cells.append((current, begin))
    return [(text.strip(), col + 1 + (len(text) - len(text.lstrip()))) for text, col in cells]


def tables(body: str):
    """(header cells, [(line index, cells)]) of each Markdown table whose header names 平台名称."""
    lines = body.split("\n")
    i = 0
    while i + 1 < len(lines):
        if _ROW.match(lines[i]) and _SEPARATOR.match(lines[i + 1]):
            head = [t for t, _ in _cells(lines[i])]
            body_rows = []
            j = i + 2
            while j < len(lines) and _ROW.match(lines[j]):
                body_rows.append((j, _cells(lines[j])))
                j += 1
            if "平台名称" in head:
                yield i, head, body_rows
            i = j
        else:
            i += 1


def check(registry, today):
    """E732: a hand-typed list table that disagrees with `platforms:` (the first difference)."""
    for slug in sorted(registry.notices):
        n = registry.notices[slug]
        if any(pid not in registry.platforms for pid in n.platforms):
            continue  # E403 names the unknown id
        expected = rows(registry, n)
        for head_index, head, body_rows in tables(n.body):
            problem = _first_difference(n, head, head_index, body_rows, expected)
            if problem:
                yield problem
                break


def _first_difference(n, head, head_index, body_rows, expected):
    for k, (index, cells) in enumerate(body_rows):
        line = n.body_line + index
        if k >= len(expected):
            return make("E732", n.path, (line, 1), detail=f"表格第 {k + 1} 行多出来了：platforms 只列出 {len(expected)} 个平台")
        want = expected[k]
        for c, title in enumerate(head):
            if c >= len(cells):
                break
            text, col = cells[c]
            key = _CHECKED.get(title)
            if title == SEQ and text != str(want["seq"]):
                return make("E732", n.path, (line, col), detail=f"第 {k + 1} 行的序号是“{text}”，应为 {want['seq']}")
            if key and text != want[key]:
                return make("E732", n.path, (line, col),
                            detail=f"第 {k + 1} 行的{title}是“{text}”，platforms 第 {k + 1} 个平台（{want['id']}）的{title}是“{want[key]}”")
    if len(body_rows) < len(expected):
        missing = expected[len(body_rows)]
        return make("E732", n.path, (n.body_line + head_index, 1),
                    detail=f"表格只有 {len(body_rows)} 行，platforms 列出 {len(expected)} 个平台（缺少 {missing['id']} {missing['name']}）")
    return None
