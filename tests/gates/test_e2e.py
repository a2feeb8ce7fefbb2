"""End-to-end flows in Debian's Chromium, with the site served from 127.0.0.1 by the test,
once at `/` and once under the sub-path `/sme/`. Every flow ends with PageWatch's check:
no off-site request, no script error, no console error, no dialog."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.gates.pages import soup
from tests.gates.ready import wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture(params=["root", "subpath"])
def base(request) -> str:
    return request.getfixturevalue("gate_url" if request.param == "root" else "gate_sub_url")


def _county_with_valid_platforms(site) -> tuple[str, list[str]]:
    """A county with at least two valid platforms, from the list page's data attributes."""
    rows = soup(site, "platforms/index.html").select("#platform-table tbody tr")
    counts = Counter(r["data-county"] for r in rows if r["data-status"] == "valid")
    county = counts.most_common(1)[0][0]
    assert counts[county] >= 2
    return county, [r["data-id"] for r in rows if r["data-status"] == "valid" and r["data-county"] == county]


def test_home_list_filter_platform_notice_and_back(base, page_factory, example_site):
    county, expected_ids = _county_with_valid_platforms(example_site)
    watch = page_factory(1280)
    page = watch.page
    page.goto(base)
    expect(page.locator("h1")).to_have_text("聊城市中小企业公共服务示范平台名录")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="平台名录").click()
    expect(page).to_have_url(base + "platforms/index.html")

    # Chosen at once, as a person does, possibly before the list script has run:
    # platforms.js keeps choices made before it initialised.
    page.select_option("#f-county", county)
    page.select_option("#f-status", "valid")
    wait_ready(page)
    expect(page).to_have_url(re.compile(r"\?.*status=valid"))
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"county": [county], "status": ["valid"]}
    visible = page.locator("#platform-table tbody tr:visible")
    expect(visible).to_have_count(len(expected_ids))
    assert visible.evaluate_all("rows => rows.map(r => r.dataset.id)") == expected_ids
    expect(page.locator("#filter-count")).to_contain_text(f"筛选出 {len(expected_ids)} 个平台")

    first = visible.first.locator("th a")
    name = first.inner_text()
    first.click()
    platform_url = re.compile(re.escape(base + f"platforms/{expected_ids[0]}/") + "(index.html)?$")
    expect(page).to_have_url(platform_url)
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator(".status-box .badge")).to_have_text(re.compile("有效|即将到期"))

    publicity = page.locator("section[aria-labelledby=h-terms] tbody tr").last.locator("td").nth(2).locator("a")
    notice_title = publicity.inner_text()
    publicity.click()
    expect(page).to_have_url(re.compile(re.escape(base) + r"notices/[0-9a-z-]+gongshi\.html$"))
    expect(page.locator("h1")).to_have_text(notice_title)
    expect(page.locator("#h-window")).to_have_text("公示期")
    expect(page.locator("section[aria-labelledby=h-related]").get_by_role("link", name=name)).to_be_visible()

    page.go_back()
    expect(page).to_have_url(platform_url)
    page.go_back()
    expect(page.locator("#f-county")).to_have_value(county)
    expect(page.locator("#f-status")).to_have_value("valid")
    expect(page.locator("#platform-table tbody tr:visible")).to_have_count(len(expected_ids))
    watch.assert_clean()


def test_filters_chosen_before_the_list_script_runs_are_kept(base, page_factory, example_site):
    """The list script arrives late (held back here): the visitor's choices stand."""
    county, expected_ids = _county_with_valid_platforms(example_site)
    watch = page_factory(375)
    page = watch.page
    script = re.compile(r".*/theme/js/platforms\.js$")
    page.route(script, lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    page.goto(base + "platforms/index.html")
    page.select_option("#f-county", county)
    page.select_option("#f-status", "valid")
    assert page.locator("html[data-ready]").count() == 0
    page.unroute(script)
    page.add_script_tag(url=base + "theme/js/platforms.js")
    wait_ready(page)
    assert parse_qs(urlsplit(page.url).query) == {"county": [county], "status": ["valid"]}
    expect(page.locator("#f-county")).to_have_value(county)
    visible = page.locator("#platform-table tbody tr:visible")
    expect(visible).to_have_count(len(expected_ids))
    expect(page.locator("#platform-table caption")).to_contain_text(f"筛选出 {len(expected_ids)} 个")
    watch.assert_clean()


def test_download_filtered_csv_has_exactly_the_visible_rows(base, page_factory, example_site):
    county, expected_ids = _county_with_valid_platforms(example_site)
    full = (example_site / "data/platforms.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    watch = page_factory(1280, accept_downloads=True)
    page = watch.page
    page.goto(base + "platforms/index.html?county=" + quote(county) + "&status=valid&sort=name")
    wait_ready(page)
    shown = page.locator("#platform-table tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert sorted(shown) == sorted(expected_ids)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("下载当前筛选结果（CSV")).click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV 应带 UTF-8 BOM（Excel）"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == shown
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == full[0] and set(lines[1:-1]) <= set(full), "每行应与 data/platforms.csv 的记录一致"
    watch.assert_clean()


def test_county_pages_work_without_javascript(base, page_factory, example_site):
    rows = soup(example_site, "platforms/index.html").select("#platform-table tbody tr")
    watch = page_factory(375, javascript=False)
    page = watch.page
    page.goto(base + "stats/index.html")
    link = page.locator("table[data-stat=by_county] tbody th a").first
    county = link.inner_text()
    link.click()
    expect(page.locator("h1")).to_have_text(f"{county}的示范平台")
    ids = [r["data-id"] for r in rows if r["data-county"] == county]
    expect(page.locator("#county-table tbody tr")).to_have_count(len(ids))
    expect(page.locator("#county-table caption")).to_contain_text(f"（{len(ids)} 个）")
    page.get_by_role("navigation", name="按县（市、区）浏览").get_by_role("link").last.click()
    expect(page.locator("h1")).to_contain_text("的示范平台")
    watch.assert_clean()


def test_list_without_javascript_shows_every_platform(base, page_factory, example_site):
    total = len(soup(example_site, "platforms/index.html").select("#platform-table tbody tr"))
    watch = page_factory(375, javascript=False)
    page = watch.page
    page.goto(base + "platforms/index.html?county=%E5%86%A0%E5%8E%BF")
    expect(page.locator("#platform-table tbody tr:visible")).to_have_count(total)
    expect(page.locator("noscript, .note").filter(has_text="未启用 JavaScript").first).to_be_visible()
    watch.assert_clean()


def test_search_from_the_header(base, page_factory, example_site):
    row = soup(example_site, "platforms/index.html").select_one("#platform-table tbody tr th a")
    name = row.get_text(strip=True)
    watch = page_factory(1280)
    page = watch.page
    page.goto(base + "notices/index.html")
    page.fill("#header-q", name)
    page.press("#header-q", "Enter")
    page.wait_for_load_state("load")
    assert page.url == base + "search/index.html?q=" + quote(name, safe=""), page.url
    assert (example_site / "search/index.html").exists(), "页头搜索提交到 search/index.html，但网站没有生成这个页面"
    results = page.locator("#search-results")
    expect(results).to_have_count(1)
    expect(results.get_by_role("link", name=name).first).to_be_visible(timeout=10_000)
    watch.assert_clean()


def test_download_csv_and_json(base, page_factory, example_site):
    expected = len(soup(example_site, "platforms/index.html").select("#platform-table tbody tr"))
    watch = page_factory(1280, accept_downloads=True)
    page = watch.page
    page.goto(base + "data/index.html")
    with page.expect_download() as info:
        page.get_by_role("link", name="platforms.csv").click()
    download = info.value
    assert download.suggested_filename == "platforms.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV 应带 UTF-8 BOM（Excel）"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == expected
    assert {"id", "name", "status", "valid_until"} <= set(rows[0])

    with page.expect_response(re.compile(r"platforms\.json$")) as info:
        page.get_by_role("link", name="platforms.json").click()
    data = json.loads(info.value.body())
    assert data["count"] == expected == len(data["platforms"])
    assert [p["id"] for p in data["platforms"]] == [r["id"] for r in rows]
    watch.assert_clean()


@pytest.mark.parametrize("missing", ["no-such-page.html", "platforms/lc-1999-001/"])
def test_unknown_url_gets_the_404_page(base, page_factory, missing):
    watch = page_factory(375)
    page = watch.page
    response = page.goto(base + missing)
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在（404）")
    if "/" not in missing.rstrip("/"):
        # At the site's top level the relative links of 404.html work as they are.
        background = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "404 页没有加载样式表"
        page.get_by_role("link", name="返回首页").click()
        expect(page).to_have_url(base + "index.html")
    # A 404 for the main document is reported as a console error by Chromium; anything else is not allowed.
    watch.console_errors = [e for e in watch.console_errors if "404" not in e]
    watch.assert_clean()


def test_404_at_any_depth_under_a_sub_path_when_built_with_base_path(page_factory, tmp_path):
    """With BASE_PATH set (docs/deploy.md), 404.html carries <base href> and works at any depth."""
    from sme_registry.site.build import build_site
    from tests.conftest import EXAMPLE_TODAY, ROOT, serve

    out = tmp_path / "output"
    assert build_site(ROOT, out, EXAMPLE_TODAY, base_path="/sme/") == 0
    assert soup(out, "404.html").find("base")["href"] == "/sme/"
    with serve(out, mount="sme") as url:
        watch = page_factory(375)
        page = watch.page
        response = page.goto(url + "platforms/lc-1999-001/a/b/missing.html")
        assert response is not None and response.status == 404
        background = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "404 页没有加载样式表"
        page.get_by_role("link", name="返回首页").click()
        expect(page).to_have_url(url + "index.html")
        watch.console_errors = [e for e in watch.console_errors if "404" not in e]
        watch.assert_clean()
