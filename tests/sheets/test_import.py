"""make import: a clerk's list becomes platform files, or every problem at its cell and nothing written."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from sme_registry.spreadsheet.import_ import ImportProblems, apply_plan, plan_import
from sme_registry.validate.report import validate
from tests.conftest import ROOT

TODAY = dt.date(2026, 12, 1)
START = dt.date(2026, 12, 1)  # a Tuesday: the 公示 runs to 2026-12-07
GOOD_CODE, WRONG_CODE = "91371503MA0000201P", "91371503MA0000201Q"


def registry_copy(dest: Path) -> Path:
    for part in ("data", "content"):
        shutil.copytree(ROOT / part, dest / part)
    return dest


def digest(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def clerk_sheet(path: Path, code: str = WRONG_CODE, county: str = "东昌府") -> Path:
    """As a county clerk types it in WPS: title rows merged, 序号, full-width punctuation, blank rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "申报汇总"
    ws.append(["2026年度聊城市中小企业公共服务示范平台申报汇总表"])
    ws.merge_cells("A1:I1")
    ws.append(["填报单位（盖章）：　　　　　　填报日期：2026年11月30日"])
    ws.merge_cells("A2:I2")
    ws.append(["序号", "平台名称", "运营主体", "统一社会信用代码", "所在县（市、区）", "类别", "服务功能", "推荐单位", "备注"])
    ws.append([1, "茌平区云帆中小企业综合服务平台", "聊城云帆企业服务有限公司", code, "茌平区", "综合类",
               "信息服务，技术服务；培训服务、咨询服务", "", ""])
    ws.append([])
    ws.append([2, "东昌府区慧通中小企业数字服务平台　", "聊城慧通数字科技有限公司", "９１３７１５０２ＭＡ００００２０２Ｃ", county,
               "综合类", "信息服务、技术服务、咨询服务、培训服务。", "东昌府区工业和信息化局", "新申报"])
    ws.append([3, "临清市轴承产业检验检测服务平台", "临清市轴承质量检验中心", "12371581MA00002032", "临清市", "专业",
               "技术服务 / 咨询服务", "", ""])
    ws.append(["注：服务功能按《办法》第六条填写。"])
    wb.save(path)
    return path


def test_credit_codes_used_here_are_what_they_claim():
    from sme_registry.regulation.credit_code import is_valid

    assert is_valid(GOOD_CODE) and not is_valid(WRONG_CODE)
    assert is_valid("91371502MA0000202C") and is_valid("12371581MA00002032")


def test_clerk_sheet_reports_exactly_the_two_problems_at_their_cells_and_writes_nothing(tmp_path):
    root = registry_copy(tmp_path / "registry")
    before = digest(root)
    sheet = clerk_sheet(tmp_path / "名单.xlsx")
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, sheet, TODAY, START)
    found = [(p.where, p.code) for p in caught.value.problems]
    assert found == [("申报汇总!D4", "E341"), ("申报汇总!E6", "E401")], [p.text() for p in caught.value.problems]
    assert "是否应为“东昌府区”" in caught.value.problems[1].message
    assert caught.value.problems[0].text().startswith("名单.xlsx:申报汇总!D4: E341 ")
    assert digest(root) == before


def test_after_fixing_the_two_cells_it_imports_and_validates_clean(tmp_path):
    root = registry_copy(tmp_path / "registry")
    sheet = clerk_sheet(tmp_path / "名单.xlsx", code=GOOD_CODE, county="东昌府区")
    plan = plan_import(root, sheet, TODAY, START)
    outcome = apply_plan(root, plan, TODAY)
    assert not outcome.rolled_back
    assert sorted(outcome.written) == ["content/notices/2026-12-01-gongshi.md", "data/platforms/lc-2026-004.yaml",
                                       "data/platforms/lc-2026-005.yaml", "data/platforms/lc-2026-006.yaml"]
    _, report = validate(root, TODAY)
    assert report.errors == []
    registry, _ = validate(root, TODAY)
    notice = registry.notices["2026-12-01-gongshi"]
    assert (notice.publicity_start, notice.publicity_end) == (START, dt.date(2026, 12, 7))
    assert notice.platforms == ["lc-2026-004", "lc-2026-005", "lc-2026-006"]
    second = registry.platforms["lc-2026-005"]
    assert second.name == "东昌府区慧通中小企业数字服务平台"  # the trailing ideographic space is gone
    assert second.credit_code == "91371502MA0000202C"  # full-width letters and digits folded
    assert second.services == ["信息服务", "技术服务", "咨询服务", "培训服务"]
    third = registry.platforms["lc-2026-006"]
    assert (third.category, third.services) == ("专业类", ["技术服务", "咨询服务"])
    assert registry.platforms["lc-2026-004"].pending.publicity == "2026-12-01-gongshi"


def test_the_command_line_reports_cells_and_exits_1(tmp_path):
    root = registry_copy(tmp_path / "registry")
    sheet = clerk_sheet(tmp_path / "名单.xlsx")
    result = subprocess.run(
        [sys.executable, "-m", "sme_registry", "import", str(sheet), "--src", str(root),
         "--start", "2026-12-01", "--today", "2026-12-01"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith("名单.xlsx:申报汇总!D4: E341 统一社会信用代码“91371503MA0000201Q”的校验位应为“P”（GB 32100-2015）")
    assert "申报汇总!E6: E401" in lines[1]
    assert "没有写入任何文件" in lines[2] and "Traceback" not in result.stderr


def test_a_start_on_a_holiday_is_refused(tmp_path):
    root = registry_copy(tmp_path / "registry")
    sheet = clerk_sheet(tmp_path / "名单.xlsx", code=GOOD_CODE, county="东昌府区")
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, sheet, TODAY, dt.date(2026, 12, 5))  # a Saturday
    assert [p.code for p in caught.value.problems] == ["E613"]


def _csv_rows() -> list[list[str]]:
    return [["序号", "平台名称", "运营单位", "统一社会信用代码", "县（市、区）", "类别", "服务功能"],
            ["1", "茌平区云帆中小企业综合服务平台", "聊城云帆企业服务有限公司", GOOD_CODE, "茌平区", "综合类",
             "信息服务、技术服务、培训服务、咨询服务"]]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_or_gb18030(tmp_path, encoding):
    root = registry_copy(tmp_path / "registry")
    path = tmp_path / "名单.csv"
    path.write_bytes("\r\n".join(",".join(r) for r in _csv_rows()).encode(encoding))
    plan = plan_import(root, path, TODAY, START)
    assert "data/platforms/lc-2026-004.yaml" in plan.files
    assert "name: 茌平区云帆中小企业综合服务平台" in plan.files["data/platforms/lc-2026-004.yaml"]


def test_wps_et_file_is_read(tmp_path):
    root = registry_copy(tmp_path / "registry")
    sheet = clerk_sheet(tmp_path / "名单.xlsx", code=GOOD_CODE, county="东昌府区")
    et = tmp_path / "名单.et"
    et.write_bytes(sheet.read_bytes())  # WPS saves .et as OOXML when asked for compatibility
    assert len(plan_import(root, et, TODAY, START).files) == 4


def test_missing_column_and_missing_header(tmp_path):
    root = registry_copy(tmp_path / "registry")
    path = tmp_path / "名单.csv"
    path.write_text("序号,平台名称,运营单位,所在县（市、区）,类别,服务功能\n1,甲,乙,茌平区,综合类,信息服务\n", encoding="utf-8")
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, path, TODAY, START)
    assert [(p.where, p.code) for p in caught.value.problems] == [("CSV!A1", "E606")]
    path.write_text("随便,写点\n什么,东西\n", encoding="utf-8")
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, path, TODAY, START)
    assert [p.code for p in caught.value.problems] == ["E605"]


def test_empty_cells_and_duplicate_rows(tmp_path):
    root = registry_copy(tmp_path / "registry")
    rows = _csv_rows()
    rows.append(rows[1][:])
    rows.append(["3", "莘县某平台", "", "91371522MA0000204H", "莘县", "综合类", "信息服务"])
    path = tmp_path / "名单.csv"
    path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, path, TODAY, START)
    assert [(p.where, p.code) for p in caught.value.problems] == [("CSV!B3", "E611"), ("CSV!C4", "E608")]


def test_historical_list_with_terms_in_rows(tmp_path):
    """A migration list: one row per certification, notices named by their file names."""
    root = registry_copy(tmp_path / "registry")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "历年名单"
    ws.append(["序号", "平台名称", "运营单位", "统一社会信用代码", "所在县市区", "类别", "服务功能", "认定年度", "认定日期",
               "公示", "认定公告"])
    base = ["茌平区云帆中小企业综合服务平台", "聊城云帆企业服务有限公司", GOOD_CODE, "茌平区", "综合类",
            "信息服务、技术服务、培训服务、咨询服务"]
    ws.append([1, *base, "2020年度", "2020年12月18日", "2020-12-10-gongshi", "2020-12-18-rending"])
    ws.append([2, *base, 2023, dt.date(2023, 12, 20), "2023-12-11-gongshi", "2023-12-20-rending"])
    ws.append([3, "冠县某平台", "冠县某公司", "91371525MA0000127J", "冠县", "专业类", "技术服务",
               2024, "2024/13/01", "2024-12-12-gongshi", "2024-12-20-rendin"])
    path = tmp_path / "历史.xlsx"
    wb.save(path)
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, path, TODAY)
    assert [(p.where, p.code) for p in caught.value.problems] == [("历年名单!I4", "E609")]
    ws["I4"] = "2024-12-20"
    wb.save(path)
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, path, TODAY)  # the announcement's name has a typo: the validator's E402, at its cell
    assert [(p.where, p.code) for p in caught.value.problems] == [("历年名单!K4", "E402")]
    ws["K4"] = "2024-12-20-rending"
    wb.save(path)
    plan = plan_import(root, path, TODAY)
    outcome = apply_plan(root, plan, TODAY)
    assert not outcome.rolled_back
    registry, report = validate(root, TODAY)
    assert [p.text() for p in report.errors] == []
    platform = registry.platforms["lc-2020-007"]
    assert [(t.batch, t.certified_on) for t in platform.terms] == [(2020, dt.date(2020, 12, 18)),
                                                                     (2023, dt.date(2023, 12, 20))]
    assert "lc-2020-007" in registry.notices["2020-12-10-gongshi"].platforms  # the notices list it now
    assert registry.platforms["lc-2024-007"].terms[0].announcement == "2024-12-20-rending"


def test_historical_list_refuses_an_existing_id_and_terms_of_unknown_platforms(tmp_path):
    root = registry_copy(tmp_path / "registry")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "平台名录"
    ws.append(["平台编号", "平台名称", "运营单位", "统一社会信用代码", "县（市、区）", "类别", "服务功能"])
    ws.append(["lc-2023-001", "已有的平台", "某公司", GOOD_CODE, "茌平区", "综合类", "信息服务、技术服务、培训服务、咨询服务"])
    ws.append(["lc-2020-009", "新平台", "某公司二", "91371525MA0000127J", "冠县", "专业类", "技术服务"])
    terms = wb.create_sheet("认定记录")
    terms.append(["平台编号", "平台名称", "批次", "认定日期", "公示", "认定公告"])
    terms.append(["lc-2020-009", "新平台", 2020, dt.date(2020, 12, 18), "2020-12-10-gongshi", "2020-12-18-rending"])
    terms.append(["lc-2020-010", "不在名录表中", 2020, dt.date(2020, 12, 18), "2020-12-10-gongshi", "2020-12-18-rending"])
    path = tmp_path / "名录.xlsx"
    wb.save(path)
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, path, TODAY)
    assert [(p.where, p.code) for p in caught.value.problems] == [("平台名录!A2", "E610"), ("认定记录!A3", "E615")]


def test_publicity_list_row_of_another_year_is_refused(tmp_path):
    root = registry_copy(tmp_path / "registry")
    rows = _csv_rows()
    rows[0].append("认定年度")
    rows[1].append("2025年度")
    path = tmp_path / "名单.csv"
    path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    with pytest.raises(ImportProblems) as caught:
        plan_import(root, path, TODAY, START)
    assert [(p.where, p.code) for p in caught.value.problems] == [("CSV!H2", "E614")]


def test_a_county_merged_down_several_rows_applies_to_each(tmp_path):
    root = registry_copy(tmp_path / "registry")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "茌平区"
    ws.append(["序号", "平台名称", "运营单位", "统一社会信用代码", "所在县（市、区）", "类别", "服务功能"])
    ws.append([1, "茌平区云帆中小企业综合服务平台", "聊城云帆企业服务有限公司", GOOD_CODE, "茌平区", "综合类",
               "信息服务、技术服务、培训服务、咨询服务"])
    ws.append([2, "茌平区铝材检测服务平台", "茌平某检测有限公司", "91371525MA0000127J", None, "专业类", "技术服务"])
    ws.merge_cells("E2:E3")
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    plan = plan_import(root, path, TODAY, START)
    assert "county: 茌平区" in plan.files["data/platforms/lc-2026-005.yaml"]
