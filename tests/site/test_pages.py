"""The example site's pages say what the data says (TODAY=2026-11-25)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import yaml
from bs4 import BeautifulSoup

from tests.conftest import EXAMPLE_TODAY, ROOT


def _soup(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def _yaml_platforms():
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "data/platforms").glob("*.yaml")}


def _expected_valid_until(certified: dt.date) -> dt.date:
    return certified.replace(year=certified.year + 3) - dt.timedelta(days=1)


def test_every_platform_page_shows_status_and_valid_until(example_site):
    for pid, data in _yaml_platforms().items():
        soup = _soup(example_site, f"platforms/{pid}/index.html")
        assert soup.h1.get_text(strip=True) == data["name"]
        badge = soup.select_one(".status-box .badge")
        terms = data["terms"]
        current = [t for t in terms if t["certified_on"] <= EXAMPLE_TODAY <= _expected_valid_until(t["certified_on"])]
        revoked = data.get("revoked")
        if revoked and revoked["date"] <= EXAMPLE_TODAY:
            assert badge.get_text() == "已撤销"
        elif current:
            until = _expected_valid_until(current[0]["certified_on"])
            expected = "即将到期" if (until - EXAMPLE_TODAY).days <= 90 else "有效"
            assert badge.get_text() == expected, pid
            assert until.isoformat() in soup.select_one(".status-box").get_text()
        elif terms:
            assert badge.get_text() == "已到期", pid
        else:
            assert badge.get_text() in ("公示中", "待认定"), pid
        assert "2026-11-25" in soup.select_one(".status-date").get_text()


def test_status_badge_on_list_matches_platform_page(example_site):
    listing = _soup(example_site, "platforms/index.html")
    rows = listing.select("#platform-table tbody tr")
    assert len(rows) == len(_yaml_platforms())
    for row in rows:
        page = _soup(example_site, f"platforms/{row['data-id']}/index.html")
        assert row.select_one(".badge").get_text() == page.select_one(".status-box .badge").get_text()


def test_list_has_all_filters_and_every_county(example_site):
    soup = _soup(example_site, "platforms/index.html")
    for name in ("county", "category", "service", "status", "batch", "sort"):
        assert soup.select_one(f"#platform-filters select[name={name}]") is not None, name
    counties = [o["value"] for o in soup.select("#f-county option") if o["value"]]
    divisions = yaml.safe_load((ROOT / "data/divisions.yaml").read_text(encoding="utf-8"))["divisions"]
    assert counties == [d["name"] for d in divisions]


def test_open_publicity_notice_shows_window_and_objection_contact(example_site):
    soup = _soup(example_site, "notices/2026-11-23-gongshi.html")
    window = soup.select_one(".publicity-window")
    text = window.get_text()
    assert "2026-11-23" in text and "2026-11-27" in text
    assert "共 5 个工作日" in text
    assert "公示正在进行中" in text
    site = yaml.safe_load((ROOT / "data/site.yaml").read_text(encoding="utf-8"))
    objections = " ".join(soup.select_one("section.objections").get_text().split())  # from site.yaml objections
    assert site["objections"]["office"] in objections and site["objections"]["phone"] in objections
    assert site["objections"]["written"]["address"] in objections and "2026年11月27日 17:00" in objections


def test_closed_publicity_says_so(example_site):
    soup = _soup(example_site, "notices/2023-12-11-gongshi.html")
    assert "公示已结束" in soup.select_one(".publicity-window").get_text()


def test_policy_page_has_an_anchor_per_article(example_site):
    soup = _soup(example_site, "policy/index.html")
    anchors = [el["id"] for el in soup.select(".law-article")]
    assert len(anchors) == 23
    assert "第十三条" in anchors and "第二十条" in anchors
    for n in (1, 2, 3):
        assert (example_site / f"policy/attachment-{n}.html").is_file()


def test_every_page_is_marked_as_example_data(example_site):
    for page in example_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert "示例数据" in soup.select_one(".example-banner").get_text(), page
        assert soup.html["lang"] == "zh-CN"


def test_csv_has_bom_header_and_one_row_per_platform(example_site):
    raw = (example_site / "data/platforms.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and list(rows[0])[:3] == ["id", "name", "operator_name"]
    assert sorted(r["id"] for r in rows) == sorted(_yaml_platforms())
    terms = list(csv.DictReader(io.StringIO((example_site / "data/terms.csv").read_bytes().decode("utf-8-sig"))))
    assert len(terms) == sum(len(p["terms"]) for p in _yaml_platforms().values())


def test_json_record_count_equals_yaml_files(example_site):
    data = json.loads((example_site / "data/platforms.json").read_text(encoding="utf-8"))
    assert data["count"] == len(data["platforms"]) == len(list((ROOT / "data/platforms").glob("*.yaml")))
    notices = json.loads((example_site / "data/notices.json").read_text(encoding="utf-8"))
    assert notices["count"] == len(list((ROOT / "content/notices").glob("*.md")))
    package = json.loads((example_site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == ["platforms.csv", "terms.csv", "notices.csv"]


def test_feeds_sitemap_robots_and_404_exist(example_site):
    for name in ("feeds/notices.atom.xml", "feeds/gongshi.atom.xml", "feeds/changes.atom.xml",
                 "sitemap.xml", "robots.txt", "404.html"):
        assert (example_site / name).is_file(), name
    gongshi = (example_site / "feeds/gongshi.atom.xml").read_text(encoding="utf-8")
    assert gongshi.count("<entry>") == sum(
        1 for p in (ROOT / "content/notices").glob("*.md") if "\ntype: 公示\n" in p.read_text(encoding="utf-8"))
    changes = (example_site / "feeds/changes.atom.xml").read_text(encoding="utf-8")
    assert "撤销：" in changes and "到期：" in changes and "重新认定：" in changes


def test_footer_names_bureau_from_settings_and_build_date(example_site):
    soup = _soup(example_site, "index.html")
    footer = soup.select_one(".site-footer").get_text()
    site = yaml.safe_load((ROOT / "data/site.yaml").read_text(encoding="utf-8"))
    assert site["bureau"]["name"] in footer
    assert "数据更新于 2026-11-25" in " ".join(footer.split())


def test_pages_carry_the_status_words_in_the_rules_order(example_site):
    """status.js and search.js read [[key, 中文], …] from <body>; a JSON object would lose the
    order (Jinja's tojson sorts keys), and the search page's status boxes follow it."""
    from sme_registry.derive.status import LABELS

    for page in ("index.html", "search/index.html", "platforms/index.html"):
        body = _soup(example_site, page).body
        assert json.loads(body["data-status-labels"]) == [list(pair) for pair in LABELS.items()]
