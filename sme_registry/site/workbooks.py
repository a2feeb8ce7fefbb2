"""The registry as xlsx: the province's 汇总表 and the plain list (平台名录 + 认定记录).

Columns come from the CSV exports' field definitions (sme_registry.site.exports); the 汇总表 is a
choice of those fields by name. Written with XlsxWriter (made for writing xlsx; measured
about 4x faster than openpyxl here), with text never turned into formulas, links or numbers.
The files are byte-for-byte deterministic: the workbook's dates are the status date and the
zip members carry fixed timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import xlsxwriter

from sme_registry.site.exports import PLATFORM_FIELDS, TERM_FIELDS, platform_row, term_rows

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


def _value(field, raw):
    if raw in (None, ""):
        return None
    if field.type == "date":
        return dt.date.fromisoformat(str(raw))
    if field.type == "integer":
        return int(raw)
    if field.type == "boolean":
        return "是" if str(raw) == "true" else "否"
    return _CONTROL.sub("", str(raw))


def _width(text) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


class _Book:
    def __init__(self, site: dict, today: dt.date, title: str):
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, _OPTIONS)
        stamp = dt.datetime(today.year, today.month, today.day)
        author = site.get("site_name") or "聊城市中小企业公共服务示范平台名录"
        self.wb.set_properties({"title": title, "author": author, "company": author, "created": stamp})
        self.header = self.wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "valign": "vcenter"})
        self.date = self.wb.add_format({"num_format": DATE_FORMAT})
        self.title = self.wb.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.note = self.wb.add_format({"align": "center"})

    def table(self, ws, fields, rows, first_row: int = 0, seq: bool = False) -> int:
        titles = ([SEQ_TITLE] if seq else []) + [f.title for f in fields]
        widths = [_width(t) for t in titles]
        for c, title in enumerate(titles):
            ws.write_string(first_row, c, title, self.header)
        r = first_row
        for n, row in enumerate(rows, start=1):
            r += 1
            values = ([n] if seq else []) + [_value(f, row[f.name]) for f in fields]
            for c, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), self.date)
                    widths[c] = max(widths[c], 10)
                elif isinstance(value, int):
                    ws.write_number(r, c, value)
                    widths[c] = max(widths[c], len(str(value)))
                else:
                    ws.write_string(r, c, value)
                    widths[c] = max(widths[c], _width(value))
        for c, w in enumerate(widths):
            ws.set_column(c, c, min(max(w + 2, 6), 60))
        ws.freeze_panes(first_row + 1, 0)
        ws.autofilter(first_row, 0, max(r, first_row), len(titles) - 1)
        return len(titles)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


def plain_workbook(view: dict, site: dict) -> bytes:
    book = _Book(site, view["today"], "聊城市中小企业公共服务示范平台名录")
    book.table(book.wb.add_worksheet("平台名录"), PLATFORM_FIELDS, (platform_row(p) for p in view["platforms"]))
    book.table(book.wb.add_worksheet("认定记录"), TERM_FIELDS, term_rows(view["platforms"]))
    return book.close()


def summary_workbook(view: dict, site: dict) -> bytes:
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
    book.table(ws, fields, (platform_row(p) for p in view["platforms"]), first_row=2, seq=True)
    return book.close()


def workbook_inputs(view: dict, site: dict) -> tuple:
    """Everything the workbooks are made from (a cache key that ignores what they do not show)."""
    platforms = view["platforms"]
    return (view["today"], site.get("site_name"), bool(site.get("example_data")),
            [platform_row(p) for p in platforms], list(term_rows(platforms)))


def workbooks(view: dict, site: dict) -> dict[str, bytes]:
    """File name → bytes, for the site's data/ folder and `make export-xlsx`."""
    return {PLAIN_FILE: plain_workbook(view, site), SUMMARY_FILE: summary_workbook(view, site)}
