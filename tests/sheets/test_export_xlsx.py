"""Spreadsheets out: the 汇总表 and the plain list, from the CSV exports' field definitions."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import unicodedata

import openpyxl

from sme_registry.derive.views import registry_view
from sme_registry.site import workbooks as workbooks_module
from sme_registry.site.exports import PLATFORM_FIELDS, TERM_FIELDS, platform_row, term_rows
from sme_registry.site.workbooks import SUMMARY_FIELDS, workbooks
from sme_registry.validate.report import validate
from tests.conftest import EXAMPLE_TODAY, ROOT


def _view():
    registry, report = validate(ROOT, EXAMPLE_TODAY)
    assert report.errors == []
    return registry_view(registry, EXAMPLE_TODAY), registry.site


def _open(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_plain_list_has_chinese_headers_frozen_row_widths_and_real_dates():
    view, site = _view()
    wb = _open(workbooks(view, site)["platforms.xlsx"])
    assert wb.sheetnames == ["平台名录", "认定记录"]
    ws = wb["平台名录"]
    assert [c.value for c in ws[1]] == [f.title for f in PLATFORM_FIELDS]
    assert ws.freeze_panes == "A2"
    assert ws.max_row == len(view["platforms"]) + 1
    assert all(ws.column_dimensions[c].width >= 6 for c in "ABCDEFGH")
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width  # a name is wider than an id
    by_title = {c.value: c.column - 1 for c in ws[1]}
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "lc-2023-001")
    valid_until = row[by_title["有效期至"]]
    assert valid_until.value == dt.datetime(2026, 12, 19) and valid_until.number_format == "yyyy-mm-dd"
    assert row[by_title["认定次数"]].value == 1
    terms = wb["认定记录"]
    assert [c.value for c in terms[1]] == [f.title for f in TERM_FIELDS] and terms.freeze_panes == "A2"
    assert terms.max_row == sum(len(p["terms"]) for p in view["platforms"]) + 1


def test_summary_table_has_a_title_a_seq_column_and_the_chosen_fields():
    view, site = _view()
    ws = _open(workbooks(view, site)["summary.xlsx"])["汇总表"]
    assert ws["A1"].value == "聊城市中小企业公共服务示范平台汇总表"
    assert "A1:M1" in {str(r) for r in ws.merged_cells.ranges}
    assert "示例数据" in ws["A2"].value and EXAMPLE_TODAY.isoformat() in ws["A2"].value
    titles = {f.name: f.title for f in PLATFORM_FIELDS}
    assert [c.value for c in ws[3]] == ["序号"] + [titles[n] for n in SUMMARY_FIELDS]
    assert ws.freeze_panes == "A4"
    assert [ws.cell(row=r, column=1).value for r in range(4, 7)] == [1, 2, 3]


def test_text_starting_with_a_formula_sign_stays_text():
    view, site = _view()
    view["platforms"][0] = view["platforms"][0] | {"name": "=HYPERLINK(\"http://x\",\"点我\")"}
    ws = _open(workbooks(view, site)["platforms.xlsx"])["平台名录"]
    cell = ws.cell(row=2, column=2)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_same_inputs_give_the_same_bytes_at_another_time():
    view, site = _view()
    first = workbooks(view, site)
    time.sleep(1.1)  # zip members and workbook properties would otherwise carry the clock's second
    assert workbooks(view, site) == first


def test_the_site_offers_both_workbooks(example_site):
    for name in ("platforms.xlsx", "summary.xlsx"):
        assert (example_site / "data" / name).read_bytes()[:2] == b"PK"
    page = (example_site / "data/index.html").read_text(encoding="utf-8")
    assert 'href="summary.xlsx"' in page and 'href="platforms.xlsx"' in page


# The table writer converts and measures each column once and writes cells through XlsxWriter's
# undecorated writers; these pin it to the plain per-cell way it replaced, byte for byte.

def _reference_width(text) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _reference_value(field, raw):
    if raw in (None, ""):
        return None
    if field.type == "date":
        return dt.date.fromisoformat(str(raw))
    if field.type == "integer":
        return int(raw)
    if field.type == "boolean":
        return "是" if str(raw) == "true" else "否"
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", str(raw))


def _reference_table(book, ws, fields, rows, first_row=0, seq=False) -> None:
    titles = ([workbooks_module.SEQ_TITLE] if seq else []) + [f.title for f in fields]
    widths = [_reference_width(t) for t in titles]
    for c, title in enumerate(titles):
        ws.write_string(first_row, c, title, book.header)
    r = first_row
    for n, row in enumerate(rows, start=1):
        r += 1
        values = ([n] if seq else []) + [_reference_value(f, row[f.name]) for f in fields]
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), book.date)
                widths[c] = max(widths[c], 10)
            elif isinstance(value, int):
                ws.write_number(r, c, value)
                widths[c] = max(widths[c], len(str(value)))
            else:
                ws.write_string(r, c, value)
                widths[c] = max(widths[c], _reference_width(value))
    for c, w in enumerate(widths):
        ws.set_column(c, c, min(max(w + 2, 6), 60))
    ws.freeze_panes(first_row + 1, 0)
    ws.autofilter(first_row, 0, max(r, first_row), len(titles) - 1)


ODD_TEXTS = ["", "plain ascii", "聊城市（东昌府区）", "“引号”·间隔", "ｱｲｳ半角", "한국어", "😀 emoji", "𠀀𠀁 ext-B",
             "e\u0301 combining", "tab\tand\x01control", "=SUM(A1)", "  padded  ", "１２３全角", 1, 1.0, True]


def test_widths_follow_unicodedata_character_by_character():
    for text in ODD_TEXTS:
        assert workbooks_module._width(text) == _reference_width(text), text


def test_tables_are_byte_identical_to_writing_cell_by_cell():
    view, site = _view()
    platforms = [platform_row(p) for p in view["platforms"]]
    odd = [platforms[0] | {"name": text, "specialty": text, "latest_batch": ""} for text in ODD_TEXTS]
    cases = [(PLATFORM_FIELDS, platforms + odd, 0, False), (TERM_FIELDS, list(term_rows(view["platforms"])), 0, False),
             (PLATFORM_FIELDS[:5], platforms, 2, True), (PLATFORM_FIELDS[:3], [], 2, True)]
    for fields, rows, first_row, seq in cases:
        made = []
        for write in (workbooks_module._Book.table, _reference_table):
            book = workbooks_module._Book(site, view["today"], "t")
            write(book, book.wb.add_worksheet("s"), fields, rows, first_row=first_row, seq=seq)
            made.append(book.close())
        assert made[0] == made[1], (fields[0].name, len(rows), seq)
