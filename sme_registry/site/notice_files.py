"""A notice's published files: the generated 公示 / 认定公告 name list (xlsx and UTF-8 csv
with BOM, from sme_registry.derive.notice_lists) and the clerk's attachments as the loader
read and checked them (sme_registry.load.attachments).

The name lists are byte-for-byte deterministic: the workbook is dated by its notice, never
by the build, and written by the xlsx downloads' writer (fixed zip timestamps).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from urllib.parse import quote

from sme_registry.derive.notice_lists import COLUMNS, SEQ, list_name, rows
from sme_registry.load.attachments import CSV_KIND, KINDS, LIST_NAMES, size_text
from sme_registry.site.exports import Field, _csv_safe
from sme_registry.site.workbooks import _Book, _collector_paused

_FIELDS = tuple(Field(key, "string", title, "") for key, title in COLUMNS)


def list_inputs(registry, notice, rows_: list[dict] | None = None) -> tuple:
    """Everything a notice's name lists (xlsx and csv) are made from (the arguments of `_xlsx`);
    `rows_` are its `rows` when the caller has made them."""
    rows_ = tuple(tuple(sorted(r.items())) for r in (rows(registry, notice) if rows_ is None else rows_))
    meta = list_meta(registry, notice)
    return (*meta[:ROWS], rows_, *meta[ROWS:])


def list_meta(registry, notice) -> tuple:
    """`list_inputs` without the rows: what a cache key names beside a digest of the rows."""
    site = registry.site or {}
    return (notice.title, notice.type, notice.date.isoformat(), site.get("site_name"), bool(site.get("example_data")))


ROWS = 3  # where `list_inputs` puts the rows


def make_lists(inputs: tuple) -> tuple[bytes, bytes]:
    """The name list as (xlsx, csv), from `list_inputs`."""
    return _xlsx(*inputs), _csv(inputs[ROWS])


def xlsx_bytes(registry, notice) -> bytes:
    return _xlsx(*list_inputs(registry, notice))


@functools.lru_cache(maxsize=256)
@_collector_paused()
def _xlsx(title: str, notice_type: str, day: str, rows_: tuple, site_name, example: bool) -> bytes:
    """Pure in its arguments: the page's size and the written file come from one call."""
    name = LIST_NAMES[notice_type]
    book = _Book({"site_name": site_name} if site_name else {}, dt.date.fromisoformat(day), f"{title}——{name}")
    ws = book.wb.add_worksheet(name)
    last = len(_FIELDS)
    note = f"{notice_type}：{title}（{day}），共 {len(rows_)} 个平台。" + ("示例数据，不代表真实认定。" if example else "")
    ws.merge_range(0, 0, 0, last, name, book.title)
    ws.merge_range(1, 0, 1, last, note, book.note)
    ws.set_row(0, 24)
    book.table(ws, _FIELDS, [dict(r) for r in rows_], first_row=2, seq=True)
    return book.close()


def _csv(rows_: tuple) -> bytes:
    """UTF-8 with BOM and CRLF (Excel and WPS open it without asking for an encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([SEQ, *(title for _, title in COLUMNS)])
    for row in map(dict, rows_):
        writer.writerow([row["seq"], *(_csv_safe(row[key]) for key, _ in COLUMNS)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def files(registry, notice, made: tuple[bytes, bytes] | None = None) -> list[dict]:
    """Every file of a notice, in page order: the generated list (xlsx, csv), then the
    clerk's attachments. Each: file, title, type, ext, mime, size, size_text, url, generated, data.
    `made`: the list's (xlsx, csv) bytes (`make_lists`), when the caller has them (e.g. from a cache)."""
    out = []
    name = list_name(notice)
    if name:
        made = made or make_lists(list_inputs(registry, notice))
        for kind, data in zip((KINDS["xlsx"], CSV_KIND), made, strict=True):
            out.append(_entry(notice, f"{name}.{kind.ext}", name, kind, data, generated=True))
    for a in registry.attachments.get(notice.slug, []):
        out.append(_entry(notice, a.file, a.title, a.kind, a.data, generated=False))
    return out


def _entry(notice, file, title, kind, data, generated) -> dict:
    return {"file": file, "title": title, "type": kind.label, "ext": kind.ext, "mime": kind.mime,
            "size": len(data), "size_text": size_text(len(data)),
            "url": f"notices/{notice.slug}/{quote(file)}", "generated": generated, "data": data}


def public(entry: dict) -> dict:
    """What notices.json and the page carry (no bytes)."""
    return {k: v for k, v in entry.items() if k != "data"}
