"""new-notice and revoke write the 信息公开 header (索引号, 成文日期, 主题分类, 文号) and no
异议 or 救济途径 prose of their own: the pages show those from site.yaml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sme_registry.load.notice_source import parse_header
from sme_registry.staff import cli as staff_cli
from sme_registry.validate.report import validate

TODAY = dt.date(2026, 11, 25)
ORG = "11371500MB28500000"  # data/site.yaml disclosure.org_code of the example data


def run(reg: Path, *argv: str) -> int:
    return staff_cli.main([argv[0], "--src", str(reg), "--today", TODAY.isoformat(), "--yes", *argv[1:]])


def header(path: Path) -> dict:
    return parse_header(path.read_text(encoding="utf-8"), path.name)[0].data


def test_new_notice_takes_the_next_free_index_number_of_its_year(reg):
    assert run(reg, "new-notice", "--type", "其他", "--date", "2026-11-25", "--title", "关于示范平台服务活动的通知",
               "--doc-number", "聊民营发〔2026〕9号", "--topic", "综合政务") == 0
    data = header(reg / "content/notices/2026-11-25-tongzhi.md")
    # 2026-00001 … 00003 are taken in the example data
    assert data["index_no"] == f"{ORG}/2026-00004"
    assert (data["doc_number"], data["written_on"], data["topic"]) == ("聊民营发〔2026〕9号", "2026-11-25", "综合政务")
    assert run(reg, "new-notice", "--type", "其他", "--date", "2027-01-04", "--title", "关于2027年度工作安排的通知") == 0
    assert header(reg / "content/notices/2027-01-04-tongzhi.md")["index_no"] == f"{ORG}/2027-00001"
    _, report = validate(reg, TODAY)
    assert report.errors == []


def test_publicity_body_has_no_objection_text_and_validates_without_warnings(reg):
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-02", "--platforms", "lc-2021-004") == 0
    path = reg / "content/notices/2026-11-02-gongshi.md"
    data, body = header(path), path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert data["index_no"] == f"{ORG}/2026-00004" and data["topic"] == "工业、交通"
    assert "异议" not in body
    _, report = validate(reg, TODAY)
    assert [p.code for p in report.problems if p.path.endswith("2026-11-02-gongshi.md")] == []


def test_revocation_notice_has_metadata_and_leaves_remedies_to_the_page(reg):
    assert run(reg, "revoke", "lc-2025-001", "--date", "2026-11-20", "--ground", "4",
               "--doc-number", "聊民营发〔2026〕8号") == 0
    path = reg / "content/notices/2026-11-20-chexiao.md"
    data = header(path)
    assert data["index_no"] == f"{ORG}/2026-00004" and data["doc_number"] == "聊民营发〔2026〕8号"
    assert "行政复议" not in path.read_text(encoding="utf-8")
    _, report = validate(reg, TODAY)
    assert [p.code for p in report.problems if p.path.endswith("2026-11-20-chexiao.md")] == []


def test_a_bad_doc_number_is_refused_with_what_to_type(reg, capsys):
    assert run(reg, "new-notice", "--type", "其他", "--date", "2026-11-25", "--title", "关于示范平台服务活动的通知",
               "--doc-number", "聊民营发[2026]9号") == 2
    assert "请写成 聊民营发〔2026〕9号" in capsys.readouterr().err
    assert not (reg / "content/notices/2026-11-25-tongzhi.md").exists()


def test_an_unknown_topic_is_refused(reg, capsys):
    assert run(reg, "new-notice", "--type", "其他", "--date", "2026-11-25", "--title", "关于示范平台服务活动的通知",
               "--topic", "中小企业") == 2
    assert "主题分类“中小企业”不在允许范围内" in capsys.readouterr().err
