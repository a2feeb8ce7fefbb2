"""The 公示 / 认定公告 name list: one truth (`platforms:`) for the page's table and the xlsx
and csv attachments the build writes beside the notice; a hand-typed table that remains in
a body must agree with it (E732)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from urllib.parse import unquote

import openpyxl
from bs4 import BeautifulSoup

from sme_registry.derive import notice_lists
from sme_registry.load.loader import load_registry
from sme_registry.site import notice_files
from sme_registry.site.build import build_site
from sme_registry.validate.report import validate
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.site.test_build import _copy_registry, _tree_digest
from tests.validate.test_corpus import BASE, TODAY

LISTED_TYPES = ("公示", "认定公告")


def _example():
    registry, problems = load_registry(ROOT)
    assert [p for p in problems if p.is_error] == []
    return registry


def _expected(registry, notice):
    return [(pid, registry.platforms[pid].name, registry.platforms[pid].operator_name,
             registry.platforms[pid].county, registry.platforms[pid].category) for pid in notice.platforms]


def test_every_list_notice_gets_xlsx_and_csv_holding_exactly_its_platforms(example_site):
    registry = _example()
    listed = [n for n in registry.notices.values() if n.type in LISTED_TYPES]
    assert len(listed) >= 10
    for n in listed:
        name = notice_lists.list_name(n)
        folder = example_site / "notices" / n.slug
        sheet = openpyxl.load_workbook(folder / f"{name}.xlsx", read_only=True).worksheets[0]
        rows = [r for r in sheet.iter_rows(min_row=4, values_only=True)]
        header = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
        assert header == ("序号", "平台编号", "平台名称", "运营单位", "所在县（市、区）", "类别")
        assert [r[0] for r in rows] == list(range(1, len(n.platforms) + 1))
        assert [tuple(r[1:]) for r in rows] == _expected(registry, n), n.slug
        raw = (folder / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert table[0] == list(header)
        assert [tuple(r[1:]) for r in table[1:]] == _expected(registry, n)
        assert [r[0] for r in table[1:]] == [str(i) for i in range(1, len(n.platforms) + 1)]


def test_the_page_table_is_platforms_and_links_every_attachment(example_site):
    registry = _example()
    for n in (n for n in registry.notices.values() if n.type in LISTED_TYPES):
        soup = BeautifulSoup((example_site / f"notices/{n.slug}.html").read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("section.notice-list table tbody")
        rows = [[c.get_text(strip=True) for c in tr.find_all(["td", "th"])] for tr in body.find_all("tr")]
        assert [tuple(r[1:]) for r in rows] == [e[1:] for e in _expected(registry, n)], n.slug
        assert [r[0] for r in rows] == [str(i) for i in range(1, len(n.platforms) + 1)]
        assert not soup.select(".notice-body table"), f"{n.slug}: the hand-typed table should be gone"
        links = soup.select("section.attachments a[download]")
        assert len(links) >= 2
        for a in links:
            href = a["href"]
            assert href.startswith(f"../notices/{n.slug}/") and "%" in href  # percent-encoded UTF-8
            target = example_site / "notices" / n.slug / unquote(href.rsplit("/", 1)[1])
            assert target.is_file() and a["download"] == target.name
            assert a.select_one(".file-meta").get_text().endswith(("KB", "字节"))


def test_the_example_attachment_is_published_unchanged(example_site):
    source = ROOT / "content/notices/2026-11-23-gongshi/评审工作说明（示例）.pdf"
    published = example_site / "notices/2026-11-23-gongshi/评审工作说明（示例）.pdf"
    assert published.read_bytes() == source.read_bytes()
    assert source.read_bytes().startswith(b"%PDF-")
    notices = json.loads((example_site / "data/notices.json").read_text(encoding="utf-8"))["notices"]
    entry = next(n for n in notices if n["slug"] == "2026-11-23-gongshi")
    files = [(a["file"], a["type"], a["size"]) for a in entry["attachments"]]
    assert files == [("拟认定名单.xlsx", "Excel 工作簿", (published.parent / "拟认定名单.xlsx").stat().st_size),
                     ("拟认定名单.csv", "CSV 表格（UTF-8）", (published.parent / "拟认定名单.csv").stat().st_size),
                     ("评审工作说明（示例）.pdf", "PDF 文档", len(source.read_bytes()))]
    assert {"file", "title", "type", "size", "url"} <= set(entry["attachments"][2])


def test_the_generated_lists_are_byte_identical_between_builds(example_site, tmp_path):
    again = tmp_path / "again"
    assert build_site(_copy_registry(tmp_path / "src"), again, EXAMPLE_TODAY) == 0
    first, second = _tree_digest(example_site), _tree_digest(again)
    lists = [k for k in first if k.endswith(("名单.xlsx", "名单.csv"))]
    assert len(lists) >= 20
    assert {k: first[k] for k in lists} == {k: second[k] for k in lists}


def test_the_list_does_not_change_with_today(tmp_path):
    """The workbook is dated by its notice, not by the build: a later day gives the same bytes."""
    registry = _example()
    n = registry.notices["2026-11-23-gongshi"]
    assert notice_files.xlsx_bytes(registry, n) == notice_files.xlsx_bytes(registry, n)
    wb = openpyxl.load_workbook(io.BytesIO(notice_files.xlsx_bytes(registry, n)))
    assert wb.properties.created.date().isoformat() == "2026-11-23"


# ---- a hand-typed table that remains (E732) -------------------------------------------------

def _root_with_table(tmp_path, rows: list[str]):
    root = tmp_path / "registry"
    shutil.copytree(BASE, root)
    path = root / "content/notices/2026-11-23-gongshi.md"
    table = "| 序号 | 平台名称 | 运营单位 | 类别 |\n| ---: | --- | --- | --- |\n" + "\n".join(rows)
    path.write_text(path.read_text(encoding="utf-8").replace("测试用公示正文。", f"测试用公示正文。\n\n{table}\n"),
                    encoding="utf-8")
    return root


def _platform(root, pid):
    registry, _ = load_registry(root)
    return registry.platforms[pid]


def test_an_agreeing_table_is_accepted_and_a_wrong_one_named(tmp_path):
    p = _platform(BASE, "t-2026-003")
    good = f"| 1 | {p.name} | {p.operator_name} | {p.category} |"
    root = _root_with_table(tmp_path / "a", [good])
    _, report = validate(root, TODAY)
    assert report.problems == []

    root = _root_with_table(tmp_path / "b", [f"| 1 | 别的平台 | {p.operator_name} | {p.category} |"])
    _, report = validate(root, TODAY)
    [problem] = report.problems
    assert (problem.code, problem.path, problem.line) == ("E732", "content/notices/2026-11-23-gongshi.md", 13)
    assert problem.col == len("| 1 | ") + 1
    assert "平台名称是“别的平台”" in problem.message and p.name in problem.message and "t-2026-003" in problem.message

    root = _root_with_table(tmp_path / "d", [f"| 2 | {p.name} | {p.operator_name} | {p.category} |"])
    _, report = validate(root, TODAY)
    assert [(x.code, x.line, x.col) for x in report.problems] == [("E732", 13, 3)]

    # other columns are the day's record: a later change of the operator's name is not a disagreement
    root = _root_with_table(tmp_path / "e", [f"| 1 | {p.name} | 旧名称有限公司 | {p.category} |"])
    _, report = validate(root, TODAY)
    assert report.problems == []

    root = _root_with_table(tmp_path / "c", [good, f"| 2 | {p.name} | {p.operator_name} | {p.category} |"])
    _, report = validate(root, TODAY)
    assert [(x.code, x.line, x.col) for x in report.problems] == [("E732", 14, 1)]


def test_new_platform_adds_a_row_to_an_older_hand_typed_table():
    from sme_registry.staff.notices import add_platform_to_notice

    text = "title: t\ntype: 公示\nplatforms: a\n\n正文\n\n| 序号 | 平台名称 |\n| ---: | --- |\n| 1 | 甲 |\n"
    out = add_platform_to_notice(text, "b", ("乙", "单位", "县", "类"))
    assert "platforms: a, b\n" in out and "| 2 | 乙 | 单位 | 县 | 类 |" in out
    assert "| 序号 |" not in add_platform_to_notice("title: t\ntype: 公示\n\n正文\n", "b", ("乙", "单位", "县", "类"))
