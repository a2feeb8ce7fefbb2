"""The registry as xlsx: the province's 汇总表 and the plain list (平台名录 + 认定记录).

Columns come from the CSV exports' field definitions (sme_registry.exports); the 汇总表 is a
choice of those fields by name. The files are byte-for-byte deterministic: workbook
properties carry the status date, and the zip is rewritten with fixed member timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from sme_registry.exports import PLATFORM_FIELDS, TERM_FIELDS, platform_row, term_rows

PLAIN_FILE = "platforms.xlsx"
SUMMARY_FILE = "summary.xlsx"
# The province's 汇总表: these fields of PLATFORM_FIELDS, in this order, after a 序号 column.
SUMMARY_FIELDS = ("name", "operator_name", "credit_code", "operator_kind", "county", "category", "specialty",
                  "services", "latest_batch", "first_certified", "valid_until", "status")
SEQ_TITLE = "序号"
DATE_FORMAT = "yyyy-mm-dd"
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_WRAP = Alignment(vertical="top", wrap_text=True)


def _value(field, raw):
    if raw in (None, ""):
        return None
    if field.type == "date":
        return dt.date.fromisoformat(str(raw))
    if field.type == "integer":
        return int(raw)
    if field.type == "boolean":
        return "是" if str(raw) == "true" else "否"
    return ILLEGAL_CHARACTERS_RE.sub("", str(raw))


def _width(text) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _put(ws, row: int, column: int, value):
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _table(ws, fields, rows, first_row: int = 1, seq: bool = False) -> None:
    titles = ([SEQ_TITLE] if seq else []) + [f.title for f in fields]
    widths = [_width(t) for t in titles]
    for c, title in enumerate(titles, start=1):
        cell = _put(ws, first_row, c, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    r = first_row
    for n, row in enumerate(rows, start=1):
        r += 1
        values = ([n] if seq else []) + [_value(f, row[f.name]) for f in fields]
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value)
            widths[c - 1] = max(widths[c - 1], 10 if isinstance(value, dt.date) else _width(value or ""))
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(w + 2, 6), 60)
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1).coordinate
    ws.auto_filter.ref = f"A{first_row}:{get_column_letter(len(titles))}{max(r, first_row)}"


def _book(site: dict, today: str, title: str) -> Workbook:
    wb = Workbook()
    stamp = dt.datetime.fromisoformat(today)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = site.get("site_name") or "聊城市中小企业公共服务示范平台名录"
    wb.properties.title = title
    return wb


def plain_workbook(view: dict, site: dict) -> bytes:
    wb = _book(site, view["today"], "聊城市中小企业公共服务示范平台名录")
    ws = wb.active
    ws.title = "平台名录"
    _table(ws, PLATFORM_FIELDS, (platform_row(p) for p in view["platforms"]))
    _table(wb.create_sheet("认定记录"), TERM_FIELDS, term_rows(view["platforms"]))
    return _deterministic(wb, view["today"])


def summary_workbook(view: dict, site: dict) -> bytes:
    by_name = {f.name: f for f in PLATFORM_FIELDS}
    fields = [by_name[name] for name in SUMMARY_FIELDS]
    title = "聊城市中小企业公共服务示范平台汇总表"
    wb = _book(site, view["today"], title)
    ws = wb.active
    ws.title = "汇总表"
    last = get_column_letter(len(fields) + 1)
    _put(ws, 1, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    note = f"状态按 {view['today']} 计算，共 {len(view['platforms'])} 个平台。" + (
        "当前为示例数据，不代表真实认定。" if site.get("example_data") else "")
    _put(ws, 2, 1, note)
    ws.merge_cells(f"A2:{last}2")
    ws.cell(row=1, column=1).alignment = ws.cell(row=2, column=1).alignment = Alignment(horizontal="center")
    _table(ws, fields, (platform_row(p) for p in view["platforms"]), first_row=3, seq=True)
    return _deterministic(wb, view["today"])


def _deterministic(wb: Workbook, today: str) -> bytes:
    """Save, then rewrite the zip with every member stamped with the status date."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not wb.save(), which stamps `modified` with the clock
    day = dt.date.fromisoformat(today)
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 0
            dst.writestr(member, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def workbooks(view: dict, site: dict) -> dict[str, bytes]:
    """File name → bytes, for the site's data/ folder and `make export-xlsx`."""
    return {PLAIN_FILE: plain_workbook(view, site), SUMMARY_FILE: summary_workbook(view, site)}
