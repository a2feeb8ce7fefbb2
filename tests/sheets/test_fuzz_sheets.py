"""Whatever a clerk types into a cell or a notice, the result is a plan or coded problems, never a crash."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_registry.spreadsheet.import_ import ImportProblems, plan_import
from sme_registry.staff.calendar_notice import parse
from tests.conftest import ROOT
from tests.sheets.test_calendar_notice import _text

pytestmark = pytest.mark.slow  # whole builds / subprocesses: left out of make test-fast

CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["", "东昌府区", "综合类", "专业", "信息服务、技术服务", "2023年12月20日", "2023/02/30", "lc-2020-001",
                     "2020-12-10-gongshi", "第二十条第（四）项", "公示中", "=1+1", "９１３７"]),
    st.integers(min_value=-10**6, max_value=10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)), st.booleans(),
)
HEADER = ["序号", "平台编号", "平台名称", "运营单位", "统一社会信用代码", "所在县（市、区）", "类别", "服务功能", "认定年度",
          "认定日期", "公示", "认定公告", "撤销日期", "撤销理由", "状态", "申报所在公示"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELL, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=3),
       publicity=st.booleans())
def test_any_cells_give_a_plan_or_problems(tmp_path_factory, rows, publicity):
    root = tmp_path_factory.mktemp("reg")
    for part in ("data", "content"):
        shutil.copytree(ROOT / part, root / part)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = root / "名单.xlsx"
    wb.save(path)
    try:
        plan_import(root, path, dt.date(2026, 12, 1), dt.date(2026, 12, 1) if publicity else None)
    except ImportProblems as exc:
        assert exc.problems and all(p.code.startswith(("E", "W")) for p in exc.problems)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_edit_of_a_notice_gives_a_result_or_problems(data):
    text = _text(data.draw(st.sampled_from([2017, 2026])))
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    cut = data.draw(st.integers(min_value=0, max_value=8))
    insert = data.draw(st.text(alphabet="0123456789月日至、，。（）周星期一二三四五六日放假调休补上班共天年 \n", max_size=6))
    result = parse(text[:at] + insert + text[at + cut:], "通知.txt")
    assert result.problems or result.holidays
