"""Notices as 政府信息公开 items on the built site: the metadata table, the government
meta tags, one 异议 block with the deadline date and time, the 救济途径 of a revocation,
the notice list, notices.json / notices.csv, and byte-identical rebuilds."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sme_registry.regulation import vocabulary as V
from sme_registry.site.build import build_site
from sme_registry.validate.report import validate
from tests.validate.test_corpus import BASE, TODAY

ROOT = Path(__file__).resolve().parents[2]
DISCLOSURE = ROOT / "tests/fixtures/disclosure"  # the base fixture with every setting and field
ORG = "11371500MB28500000"
PUBLICITY = "2026-11-23-gongshi"  # window 2026-11-23 … 2026-11-27 (5 working days)
REVOCATION = "2025-06-01-chexiao"
ANNOUNCEMENT = "2023-12-20-rending"


def registry(tmp_path: Path, publisher: str | None = None, site_id: str | None = "3715000012") -> Path:
    src = tmp_path / "src"
    shutil.copytree(BASE, src)
    shutil.copytree(DISCLOSURE, src, dirs_exist_ok=True)
    site = src / "data/site.yaml"
    if site_id:
        site.write_text(site.read_text(encoding="utf-8") + f'site_id_code: "{site_id}"\n', encoding="utf-8")
    if publisher:
        path = src / f"content/notices/{ANNOUNCEMENT}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("topic: 工业、交通\n",
                                                                  f"topic: 工业、交通\npublisher: {publisher}\n"),
                        encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("disclosure")
    src = registry(tmp, publisher="聊城市工业和信息化局")
    _, report = validate(src, TODAY)
    assert report.problems == [], [p.text() for p in report.problems]
    out = tmp / "output"
    assert build_site(src, out, TODAY, public_url="https://gxj.liaocheng.gov.cn/sme") == 0
    return out


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def meta(doc: BeautifulSoup) -> dict[str, str]:
    return {m["name"]: m["content"] for m in doc.select("head meta[name]")}


def table(doc: BeautifulSoup) -> dict[str, str]:
    cells = doc.select("table.disclosure-meta th, table.disclosure-meta td")
    return {cells[i].get_text(strip=True): cells[i + 1].get_text(strip=True) for i in range(0, len(cells), 2)}


def test_a_notice_with_every_field_renders_the_table(site):
    doc = soup(site, f"notices/{ANNOUNCEMENT}.html")
    assert table(doc) == {"索引号": f"{ORG}/2023-00002", "主题分类": "工业、交通", "发布机构": "聊城市工业和信息化局",
                          "成文日期": "2023-12-20", "文号": "聊民营发〔2023〕5号", "发布日期": "2023-12-20"}
    # the table comes first in the notice, right under its title
    article = doc.select_one("article.notice")
    assert article.find(["h1", "table"]).name == "h1" and article.find("table")["class"] == ["disclosure-meta"]


def test_publisher_defaults_to_the_bureau_and_a_missing_doc_number_says_so(site):
    bureau = yaml.safe_load((BASE / "data/site.yaml").read_text(encoding="utf-8"))["bureau"]["name"]
    cells = table(soup(site, f"notices/{PUBLICITY}.html"))
    assert cells["发布机构"] == bureau and cells["文号"] == "无" and cells["索引号"] == f"{ORG}/2026-00001"


def test_notice_pages_carry_the_government_meta_tags(site):
    tags = meta(soup(site, f"notices/{ANNOUNCEMENT}.html"))
    assert tags["SiteName"] == "聊城市中小企业公共服务示范平台名录"
    assert tags["SiteDomain"] == "gxj.liaocheng.gov.cn"
    assert tags["SiteIDCode"] == "3715000012"
    assert tags["ColumnName"] == "通知公告" and tags["ColumnType"] == "信息公开"
    assert tags["ArticleTitle"] == "关于认定 2023 年度示范平台的公告（测试）"
    assert tags["PubDate"] == "2023-12-20"
    assert tags["ContentSource"] == "聊城市工业和信息化局"
    assert V.ANNOUNCEMENT.name in tags["Keywords"]


@pytest.mark.parametrize(("rel", "column"), [("index.html", "首页"), ("platforms/index.html", "平台名录"),
                                             ("notices/index.html", "通知公告"), ("data/index.html", "数据下载")])
def test_site_pages_carry_the_site_level_tags_only(site, rel, column):
    tags = meta(soup(site, rel))
    assert tags["SiteIDCode"] == "3715000012" and tags["SiteDomain"] == "gxj.liaocheng.gov.cn"
    assert tags["ColumnName"] == column
    assert not {"ArticleTitle", "PubDate", "ContentSource"} & set(tags)


def test_publicity_shows_one_objection_block_with_deadline_date_and_time(site):
    doc = soup(site, f"notices/{PUBLICITY}.html")
    blocks = doc.select("section.objections")
    assert len(blocks) == 1
    block = blocks[0]
    deadline = block.select_one(".deadline time")
    assert deadline["datetime"] == "2026-11-27T17:00"  # the 5th working day of the window, at deadline_time
    assert deadline.get_text() == "2026年11月27日 17:00"
    text = block.get_text(" ", strip=True)
    assert "书面" in text and "山东省聊城市东昌府区测试路 1 号" in text and "252000" in text
    assert "0635-0000000" in text
    assert "向聊城市民营经济发展局中小企业服务科（测试）提出" in text
    assert "以书面形式" not in doc.get_text()  # the old box without a postal address is gone
    assert not soup(site, f"notices/{REVOCATION}.html").select("section.objections")


def test_deadline_follows_the_computed_window(tmp_path):
    """A window across a weekend: the deadline is the date the 5-working-day rule gives."""
    src = registry(tmp_path, site_id=None)
    path = src / f"content/notices/{PUBLICITY}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("publicity_start: 2026-11-23", "publicity_start: 2026-11-25")
                    .replace("publicity_end: 2026-11-27", "publicity_end: 2026-12-01")
                    .replace("date: 2026-11-23", "date: 2026-11-25").replace("written_on: 2026-11-23", "written_on: 2026-11-25"),
                    encoding="utf-8")
    out = tmp_path / "out"
    assert build_site(src, out, TODAY) == 0
    deadline = soup(out, f"notices/{PUBLICITY}.html").select_one("section.objections .deadline time")
    assert deadline["datetime"] == "2026-12-01T17:00"


def test_revocation_shows_the_remedies_from_settings_and_the_laws(site):
    doc = soup(site, f"notices/{REVOCATION}.html")
    blocks = doc.select("section.remedies")
    assert len(blocks) == 1
    text = blocks[0].get_text(" ", strip=True)
    assert f"{V.REVIEW_DAYS} 日内" in text and V.REVIEW_LAW in text and "向聊城市人民政府申请行政复议" in text
    assert f"{V.LITIGATION_MONTHS} 个月内" in text and "向聊城市东昌府区人民法院（测试）提起行政诉讼" in text
    assert not soup(site, f"notices/{PUBLICITY}.html").select("section.remedies")


def test_notice_list_shows_index_and_doc_numbers(site):
    cards = soup(site, "notices/index.html").select(".notice-card")
    by_title = {c.select_one(".notice-card-title").get_text(strip=True): c for c in cards}
    card = by_title["关于认定 2023 年度示范平台的公告（测试）"]
    assert card.select_one(".doc-number").get_text() == "聊民营发〔2023〕5号"
    assert card.select_one(".index-no").get_text() == f"索引号 {ORG}/2023-00002"


def test_exports_carry_the_metadata(site):
    notices = {n["slug"]: n for n in json.loads((site / "data/notices.json").read_text(encoding="utf-8"))["notices"]}
    n = notices[ANNOUNCEMENT]
    assert (n["index_no"], n["doc_number"], n["publisher"], n["written_on"], n["topic"]) == (
        f"{ORG}/2023-00002", "聊民营发〔2023〕5号", "聊城市工业和信息化局", "2023-12-20", "工业、交通")
    assert notices[PUBLICITY]["objections"]["deadline"] == "2026-11-27T17:00"
    raw = (site / "data/notices.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = {r["page"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    assert len(rows) == len(notices)
    row = rows[f"notices/{ANNOUNCEMENT}.html"]
    assert row["index_no"] == f"{ORG}/2023-00002" and row["doc_number"] == "聊民营发〔2023〕5号"
    assert row["publisher"] == "聊城市工业和信息化局" and row["written_on"] == "2023-12-20"
    assert (rows[f"notices/{PUBLICITY}.html"]["publicity_end"], rows[f"notices/{PUBLICITY}.html"]["objection_time"]) == (
        "2026-11-27", "17:00")
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in package["resources"] if r["path"] == "notices.csv")["schema"]["fields"]
    assert [f["name"] for f in fields][:2] == ["index_no", "title"]
    assert "notices.csv" in soup(site, "data/index.html").get_text()


def test_rebuild_is_byte_identical(tmp_path):
    src = registry(tmp_path, publisher="聊城市工业和信息化局")
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert build_site(src, out, dt.date(2026, 11, 25), public_url="https://gxj.liaocheng.gov.cn/sme") == 0
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []
