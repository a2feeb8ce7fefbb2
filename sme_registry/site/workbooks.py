"""The registry as xlsx: the province's 汇总表 and the plain list (平台名录 + 认定记录).

Columns come from the CSV exports' field definitions (sme_registry.site.exports); the 汇总表 is a
choice of those fields by name. Written with XlsxWriter (made for writing xlsx; measured
about 4x faster than openpyxl here), with text never turned into formulas, links or numbers.
The files are byte-for-byte deterministic: the workbook's dates are the status date and the
zip members carry fixed timestamps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import io
import re
import unicodedata
from typing import NamedTuple

from sme_registry.site.exports import (
    PLATFORM_FIELDS,
    TERM_FIELDS,
    Field,
    json_text,
    platform_row,
    term_rows,
)

PLAIN_FILE = "platforms.xlsx"
SUMMARY_FILE = "summary.xlsx"
WORKBOOK_FILES = (PLAIN_FILE, SUMMARY_FILE)
# The province's 汇总表: these fields of PLATFORM_FIELDS, in this order, after a 序号 column.
SUMMARY_FIELDS = ("name", "operator_name", "credit_code", "operator_kind", "county", "category", "specialty",
                  "services", "latest_batch", "first_certified", "valid_until", "status")
SEQ_TITLE = "序号"
DATE_FORMAT = "yyyy-mm-dd"
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@contextlib.contextmanager
def _collector_paused():
    """Writing a workbook allocates a few objects per cell, kept until it is closed, and no
    garbage in reference cycles; with a large registry in memory, the cyclic collector's
    passes that those allocations set off cost about half as much again as the writing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Column(NamedTuple):
    """One field's cells, ready to write: None where the field is empty."""
    cells: list
    width: int  # display width of the widest cell (0 when every cell is empty)
    kind: str  # "date", "number" or "string": which write_* call writes the cells


def _value(field, raw):
    if raw in (None, ""):
        return None
    if field.type == "date":
        return dt.datetime.combine(dt.date.fromisoformat(str(raw)), dt.time())
    if field.type == "integer":
        return int(raw)
    if field.type == "boolean":
        return "是" if str(raw) == "true" else "否"
    return _CONTROL.sub("", str(raw))


def _column(field, raws: list) -> _Column:
    if field.type == "string":
        # Keyed by their text: equal values may print differently (1, 1.0 and True).
        raws = [None if raw in (None, "") else str(raw) for raw in raws]
    # Each distinct value is converted and measured once: most columns repeat a few values
    # (county, category, status, dates), and the width only needs the widest.
    distinct = {raw: _value(field, raw) for raw in set(raws)}
    cells = [distinct[raw] for raw in raws]
    present = [v for v in distinct.values() if v is not None]
    kind = {"date": "date", "integer": "number"}.get(field.type, "string")
    if not present:
        width = 0
    elif kind == "date":
        width = 10  # yyyy-mm-dd
    elif kind == "number":
        width = max(len(str(v)) for v in present)
    else:
        width = max(map(_width, present))
    return _Column(cells, width, kind)


def _columns(fields, rows: list[dict]) -> dict[str, _Column]:
    """Field name → its column, for rows given as dicts keyed by field name."""
    return {f.name: _column(f, [row[f.name] for row in rows]) for f in fields}


@functools.cache
def _wide_runs() -> re.Pattern:
    """Runs of characters of the Basic Multilingual Plane that unicodedata calls wide (W) or
    fullwidth (F), read from unicodedata once (~20 ms), so that _width follows it exactly."""
    wide = "".join(["1" if unicodedata.east_asian_width(ch) in "WF" else "0" for ch in map(chr, range(0x10000))])
    ranges = "".join(f"\\u{m.start():04x}-\\u{m.end() - 1:04x}" for m in re.finditer("1+", wide))
    return re.compile(f"[{ranges}]+")


def _width(text) -> int:
    """Display width: 2 for each East Asian wide or fullwidth character, 1 for any other."""
    text = str(text)
    if text.isascii():
        return len(text)
    rest = _wide_runs().sub("", text)  # the BMP's wide characters removed: each counts once more
    width = 2 * len(text) - len(rest)
    if not rest.isascii() and max(rest) > "\uffff":  # beyond the BMP: ask unicodedata per character
        width += sum(1 for ch in rest if ch > "\uffff" and unicodedata.east_asian_width(ch) in "WF")
    return width


_SEQ_FIELD = Field("seq", "integer", SEQ_TITLE, "")


class _Book:
    def __init__(self, site: dict, today: dt.date, title: str):
        self.buffer = io.BytesIO()
        # Imported when a workbook is written (about 40 ms): a rebuild that finds every workbook
        # and name list in the cache writes none.
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(self.buffer, _OPTIONS)
        stamp = dt.datetime(today.year, today.month, today.day)
        author = site.get("site_name") or "聊城市中小企业公共服务示范平台名录"
        self.wb.set_properties({"title": title, "author": author, "company": author, "created": stamp})
        self.header = self.wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "valign": "vcenter"})
        self.date = self.wb.add_format({"num_format": DATE_FORMAT})
        self.title = self.wb.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.note = self.wb.add_format({"align": "center"})

    def table(self, ws, fields, rows=None, first_row: int = 0, seq: bool = False,
              columns: dict[str, _Column] | None = None) -> int:
        """A header row of the fields' titles, then one row per row (dicts keyed by field
        name), or per cell of `columns` (from _columns: rows converted once for several tables).
        Cells are written row by row, left to right: the shared strings are numbered in that
        order. Column widths fit the widest cell; the header is frozen and filters the table."""
        if columns is None:
            rows = list(rows)
            columns, n = _columns(fields, rows), len(rows)
        else:
            n = len(next(iter(columns.values())).cells) if columns else 0
        cols = [columns[f.name] for f in fields]
        if seq:
            fields = (_SEQ_FIELD, *fields)
            cols = [_Column(list(range(1, n + 1)), len(str(n)) if n else 0, "number"), *cols]
        for c, f in enumerate(fields):
            ws.write_string(first_row, c, f.title, self.header)
        # XlsxWriter's undecorated writers: the same cells, without the public ones' check for
        # "A1" notation on every call (falling back to those should a release rename them).
        write = {kind: getattr(ws, f"_write_{name}", getattr(ws, f"write_{name}"))
                 for kind, name in (("date", "datetime"), ("number", "number"), ("string", "string"))}
        plan = [(c, write[col.kind], self.date if col.kind == "date" else None) for c, col in enumerate(cols)]
        for r, values in enumerate(zip(*(col.cells for col in cols), strict=True), start=first_row + 1):
            for (c, put, fmt), value in zip(plan, values, strict=True):
                if value is not None:
                    put(r, c, value, fmt)
        for c, (f, col) in enumerate(zip(fields, cols, strict=True)):
            ws.set_column(c, c, min(max(max(_width(f.title), col.width) + 2, 6), 60))
        ws.freeze_panes(first_row + 1, 0)
        ws.autofilter(first_row, 0, first_row + n, len(fields) - 1)
        return len(fields)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


@_collector_paused()
def plain_workbook(view: dict, site: dict, platform_columns: dict[str, _Column] | None = None) -> bytes:
    book = _Book(site, view["today"], "聊城市中小企业公共服务示范平台名录")
    if platform_columns is None:
        platform_columns = _columns(PLATFORM_FIELDS, [platform_row(p) for p in view["platforms"]])
    book.table(book.wb.add_worksheet("平台名录"), PLATFORM_FIELDS, columns=platform_columns)
    book.table(book.wb.add_worksheet("认定记录"), TERM_FIELDS, list(term_rows(view["platforms"])))
    return book.close()


@_collector_paused()
def summary_workbook(view: dict, site: dict, platform_columns: dict[str, _Column] | None = None) -> bytes:
    by_name = {f.name: f for f in PLATFORM_FIELDS}
    fields = [by_name[name] for name in SUMMARY_FIELDS]
    title = "聊城市中小企业公共服务示范平台汇总表"
    book = _Book(site, view["today"], title)
    ws = book.wb.add_worksheet("汇总表")
    last = len(fields)  # 序号 + the fields: columns 0..last
    note = f"状态按 {view['today']} 计算，共 {len(view['platforms'])} 个平台。" + (
        "当前为示例数据，不代表真实认定。" if site.get("example_data") else "")
    ws.merge_range(0, 0, 0, last, title, book.title)
    ws.merge_range(1, 0, 1, last, note, book.note)
    ws.set_row(0, 24)
    if platform_columns is None:
        platform_columns = _columns(fields, [platform_row(p) for p in view["platforms"]])
    book.table(ws, fields, first_row=2, seq=True, columns=platform_columns)
    return book.close()


def workbook_row_text(p: dict) -> str:
    """What one platform shows in the workbooks (its row and its terms' rows), as JSON text:
    kept between builds with the platform's view (Derived.encoded), so that the workbooks' key
    costs little after an edit."""
    return json_text([platform_row(p), list(term_rows([p]))])


def workbook_inputs(view: dict, site: dict, rows: int, rows_digest: str) -> tuple:
    """Everything the workbooks are made from (a cache key that ignores what they do not show):
    the day, the site's name and example flag, and the number and a digest of the platforms'
    `workbook_row_text`s in list order."""
    return view["today"], site.get("site_name"), bool(site.get("example_data")), rows, rows_digest


def platform_columns(view: dict) -> dict[str, _Column]:
    """The platforms' cells, converted and measured: both workbooks list them."""
    return _columns(PLATFORM_FIELDS, [platform_row(p) for p in view["platforms"]])


MAKERS = {PLAIN_FILE: plain_workbook, SUMMARY_FILE: summary_workbook}  # one function a file


@_collector_paused()
def workbooks(view: dict, site: dict) -> dict[str, bytes]:
    """File name → bytes, for the site's data/ folder and `make export-xlsx`."""
    columns = platform_columns(view)
    return {name: MAKERS[name](view, site, columns) for name in WORKBOOK_FILES}
