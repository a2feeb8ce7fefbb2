"""Search on the built example site, in headless Chromium (issue 5's bar)."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import expect
from pypinyin import Style, lazy_pinyin

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

RUN_QUERIES = """
async (queries) => {
  // The way the page runs queries: the sharded index, in the Web Worker.
  const backend = await SmeSearch.openBackend(new URL("./", location.href).href,
                                              new URL("../theme/js/", location.href).href);
  const out = {mode: backend.mode, found: {}};
  for (const q of queries) {
    const found = await backend.search(q);
    const rows = await backend.rows("platforms", found.platforms.map(([row]) => row));
    out.found[q] = rows.map((r) => r.id);
  }
  return out;
}
"""


def _platforms():
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data/platforms").glob("*.yaml"))]


def _substrings(text: str):
    return {text[i:i + n] for n in (2, 3, 4) for i in range(len(text) - n + 1)}


def _run(page_factory, site_url, queries):
    watch = page_factory()
    watch.page.goto(site_url + "search/index.html")
    watch.page.wait_for_selector("html[data-ready='1']", state="attached")
    result = watch.page.evaluate(RUN_QUERIES, sorted(queries))
    watch.assert_clean()
    assert result["mode"] == "worker"
    return result["found"]


def test_every_substring_credit_code_county_and_initials_find_the_platform(page_factory, site_url):
    platforms = _platforms()
    wanted: dict[str, set[str]] = {}
    for p in platforms:
        for text in (p["name"], p["operator"]["name"]):
            for sub in _substrings(text):
                wanted.setdefault(sub, set()).add(p["id"])
        wanted.setdefault(p["operator"]["credit_code"], set()).add(p["id"])
        wanted.setdefault("".join(lazy_pinyin(p["name"], style=Style.FIRST_LETTER)), set()).add(p["id"])
    counties: dict[str, set[str]] = {}
    for p in platforms:
        counties.setdefault(p["county"], set()).add(p["id"])
    queries = set(wanted) | set(counties) | {p["name"] for p in platforms}
    found = _run(page_factory, site_url, queries)
    missing = [(q, sorted(ids - set(found[q]))) for q, ids in wanted.items() if not ids <= set(found[q])]
    assert not missing, f"{len(missing)} 个查询没有找到应有的平台，例如 {missing[:5]}"
    for county, ids in counties.items():
        assert ids <= set(found[county]), county
    for p in platforms:
        assert found[p["name"]][0] == p["id"], f"全名“{p['name']}”没有排在第一"


def test_the_search_page_reads_q_and_links_to_platform_pages(page_factory, site_url):
    p = _platforms()[0]
    watch = page_factory()
    watch.page.goto(site_url + "search/index.html?q=" + p["name"][2:6])
    first = watch.page.locator("#search-results a.search-result-link").first
    first.wait_for()
    assert first.get_attribute("href").rstrip("/").endswith(f"platforms/{p['id']}")
    assert "个平台" in watch.page.locator("#search-status").inner_text()
    watch.assert_clean()


def test_hostile_queries_never_throw(page_factory, site_url):
    watch = page_factory()
    watch.page.goto(site_url + "search/index.html")
    watch.page.wait_for_selector("html[data-ready='1']", state="attached")
    box = watch.page.locator("#search-q")
    for query in [": * ~ ^ + -", "C++", "名称:检测^2", "😀🚀", "，。！？", "", "x" * 10000, "\u200b\u202e"]:
        box.fill(query)
        expect(watch.page.locator("#search-results")).to_have_attribute("data-query", query)
        text = watch.page.locator("#search-app").inner_text()
        assert text.strip()
    watch.assert_clean()
