"""search.js in a real headless Chromium, on a minimal page implementing the DOM contract.

The page (FIXTURE_PAGE) is the template snippet from docs/search.md with a strict
Content-Security-Policy, served with the real JS files and a built index from a
temporary folder on 127.0.0.1. Uses the shared `page_factory` fixture (guarded
Chromium that aborts and records any request not aimed at 127.0.0.1).
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from scripts.synth import make_notices, make_platforms
from sme_registry.derive.status import LABELS
from sme_registry.search.shards import build_search_shards, worker_sources
from tests.conftest import QuietServer

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "theme" / "static"

FIXTURE_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"{html_attrs}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'">
<title>搜索</title>
<script src="../theme/js/search-boot.js"></script>
</head>
<body data-status-labels='{labels}'>
<main>
<h1>搜索平台和公告</h1>
<div id="search-app" data-root="../">
  <form id="search-form" role="search" action="" method="get">
    <label for="search-q">关键词</label>
    <input id="search-q" name="q" type="search" autocomplete="off" aria-describedby="search-help">
    <button type="submit">搜索</button>
    <p id="search-help">可输入平台名称、运营单位、区县、服务内容、统一社会信用代码，或拼音、拼音首字母（如 gaotang、lcgx）。</p>
  </form>
  <div id="search-filters" hidden>
    <fieldset id="search-filter-status"><legend>认定状态</legend></fieldset>
    <label for="search-filter-county">区县</label>
    <select id="search-filter-county"><option value="">全部区县</option></select>
    <label for="search-filter-category">类别</label>
    <select id="search-filter-category"><option value="">全部类别</option></select>
    <label for="search-filter-type">公告类型</label>
    <select id="search-filter-type"><option value="">全部类型</option></select>
  </div>
  <p id="search-status" role="status" aria-live="polite"></p>
  <div id="search-results"></div>
  <noscript><p>搜索需要启用 JavaScript。您也可以<a href="../platforms/">浏览平台名录</a>或<a href="../notices/">查看通知公告</a>。</p></noscript>
</div>
</main>
<script src="../theme/js/search-tokenizer.js" defer></script>
<script src="../theme/js/search-engine.js" defer></script>
<script src="../theme/js/search.js" defer></script>
</body>
</html>
""".replace("{labels}", html.escape(json.dumps(list(LABELS.items()), ensure_ascii=False)))  # as base.html writes it
# The same page with the query work forced onto the main thread (the fallback when no Worker starts).
FALLBACK_PAGE = FIXTURE_PAGE.replace("{html_attrs}", " data-search-no-worker")
FIXTURE_PAGE = FIXTURE_PAGE.replace("{html_attrs}", "")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Gated(_Quiet):
    """Holds every request under `held` until `gate` is set."""

    gate: threading.Event
    held = "/search/p/t/"

    def do_GET(self):
        if self.path.startswith(self.held):
            self.gate.wait(timeout=60)
        super().do_GET()


@contextlib.contextmanager
def _serve(directory: Path, handler_class=_Quiet):
    handler = functools.partial(handler_class, directory=str(directory))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


PLATFORMS = make_platforms(120)
NOTICES = make_notices(20, PLATFORMS)


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("search-site")
    (site / "theme" / "js").mkdir(parents=True)
    (site / "theme" / "vendor").mkdir()
    for name in ("search-boot.js", "search-tokenizer.js", "search-engine.js", "search-shards.js", "search-worker.js",
                 "search.js"):
        shutil.copy(STATIC / "js" / name, site / "theme" / "js" / name)
    shutil.copytree(STATIC / "vendor" / "lunr", site / "theme" / "vendor" / "lunr")
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text(FIXTURE_PAGE, encoding="utf-8")
    (site / "search" / "fallback.html").write_text(FALLBACK_PAGE, encoding="utf-8")
    # text already in the box when search.js runs (typed while the page loaded)
    (site / "search" / "typed.html").write_text(
        FIXTURE_PAGE.replace('type="search" autocomplete', 'type="search" value="冠县" autocomplete'), encoding="utf-8")
    for name, data in build_search_shards(PLATFORMS, NOTICES, worker=worker_sources(STATIC / "js")).items():
        (site / "search" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "search" / name).write_bytes(data)
    (site / "platforms").mkdir()
    (site / "platforms" / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><title>平台名录</title><h1>平台名录</h1></html>',
        encoding="utf-8",
    )
    return site


@pytest.fixture(scope="module")
def search_url(search_site):
    with _serve(search_site) as base:
        yield base + "search/index.html"


def _open(page_factory, url):
    watch = page_factory()
    page = watch.page
    page.goto(url)
    # (no wait_for_function: its string predicate would need 'unsafe-eval' under the CSP)
    page.locator("#search-filters").wait_for(state="visible")
    return watch, page


def _type(page, text):
    page.fill("#search-q", "")
    page.fill("#search-q", text)
    # The page records the query it has shown results for (no waiting for the debounce time).
    expect(page.locator("#search-results")).to_have_attribute("data-query", text)


def _status(page):
    return page.text_content("#search-status")


def test_typing_shows_grouped_highlighted_results(page_factory, search_url):
    watch, page = _open(page_factory, search_url)
    _type(page, "高唐")
    expected = sum(1 for p in PLATFORMS if "高唐" in p["name"] + p["county"] + p["operator"])
    status = _status(page)
    assert status.startswith(f"找到 {expected} 个平台、")
    assert page.locator(".search-group-platforms h2").text_content().startswith("平台")
    first = page.locator(".search-group-platforms a.search-result-link").first
    href = first.get_attribute("href")
    assert href.startswith("../platforms/lc-") and href.endswith("/")
    assert "高唐" in first.locator("mark").first.text_content()
    assert page.locator(".search-group-platforms .status-badge").count() == min(expected, 50)
    query = parse_qs(urlparse(page.url).query)
    assert query["q"] == ["高唐"]
    watch.assert_clean()


def test_query_from_url_fills_box_and_searches(page_factory, search_url):
    watch, page = _open(page_factory, search_url + "?q=gao%20tang")
    assert page.input_value("#search-q") == "gao tang"
    page.locator(".search-result").first.wait_for()
    names = page.locator(".search-group-platforms .search-result-title").all_text_contents()
    assert names and all("高唐" in n for n in names[:5])
    watch.assert_clean()


def test_exact_name_ranks_first_and_link_works(page_factory, search_url):
    watch, page = _open(page_factory, search_url)
    target = PLATFORMS[17]
    _type(page, target["name"])
    first = page.locator("a.search-result-link").first
    assert first.text_content() == target["name"]
    assert first.get_attribute("href") == "../" + target["url"]
    watch.assert_clean()


def test_a_full_name_is_shown_before_the_term_shards_arrive(page_factory, search_site):
    """The exact-title bucket alone shows a full name's platform (SmeShards first()); the
    complete results replace it with the same first row once the held term shards arrive."""
    gate = threading.Event()
    handler = type("Held", (_Gated,), {"gate": gate})
    target = PLATFORMS[23]
    with _serve(search_site, handler) as base:
        watch, page = _open(page_factory, base + "search/index.html")
        try:
            page.fill("#search-q", target["name"])
            first = page.locator(".search-group-platforms a.search-result-link").first
            expect(first).to_have_text(target["name"])
            assert page.locator("a.search-result-link").count() == 1
            assert page.locator(".search-group-platforms h2").text_content() == "平台"  # no count yet
            assert _status(page) == "正在搜索……"
            assert page.get_attribute("#search-results", "data-query") != target["name"]
        finally:
            gate.set()
        expect(page.locator("#search-results")).to_have_attribute("data-query", target["name"])
        assert first.text_content() == target["name"]
        assert first.get_attribute("href") == "../" + target["url"]
        assert _status(page).startswith("找到 ")
        assert page.locator(".search-group-platforms h2").text_content().startswith("平台（")
        watch.assert_clean()


@pytest.mark.parametrize(
    "query",
    [": * ~ ^ + -", "C++", "😀😀😀", "，。！？……", "*", "title:高唐~2^10 +冠县 -x", "\u200b\u202e"],
)
def test_hostile_queries_give_empty_state_without_errors(page_factory, search_url, query):
    watch, page = _open(page_factory, search_url)
    _type(page, query)
    assert page.locator(".search-empty").count() == 1
    assert _status(page) == "没有找到结果"
    link = page.locator(".search-empty a")
    assert link.get_attribute("href") == "../platforms/"
    watch.assert_clean()


def test_huge_paste_and_empty_query(page_factory, search_url):
    watch, page = _open(page_factory, search_url)
    _type(page, "聊城市" * 3334)  # 10,002 characters
    assert page.locator(".search-result, .search-empty").count() >= 1
    _type(page, "x" * 10000)
    assert page.locator(".search-empty").count() == 1
    _type(page, "")
    assert page.locator("#search-results *").count() == 0
    assert "请输入关键词" in _status(page)
    assert urlparse(page.url).query == ""
    watch.assert_clean()


def _settled(page, query, filters):
    results = page.locator("#search-results")
    expect(results).to_have_attribute("data-query", query)
    expect(results).to_have_attribute("data-filters", filters)


def test_filters_narrow_results(page_factory, search_url):
    watch, page = _open(page_factory, search_url)
    _type(page, "技术服务")
    all_count = page.locator(".search-group-platforms .search-result").count()
    page.select_option("#search-filter-county", "冠县")
    _settled(page, "技术服务", "/冠县//")
    counties = page.locator(".search-group-platforms .search-result-meta").all_text_contents()
    assert counties and len(counties) <= all_count
    assert all("区县：冠县" in c for c in counties)
    assert parse_qs(urlparse(page.url).query)["county"] == ["冠县"]
    page.check("#search-filter-status input[value='已撤销']")
    _settled(page, "技术服务", "已撤销/冠县//")
    badges = page.locator(".search-group-platforms .status-badge").all_text_contents()
    assert all(b == "已撤销" for b in badges)
    page.select_option("#search-filter-type", "通知")
    _settled(page, "技术服务", "已撤销/冠县//通知")
    metas = page.locator(".search-group-notices .search-result-meta").all_text_contents()
    assert all(m.startswith("通知") for m in metas)
    watch.assert_clean()


def test_query_work_runs_in_a_worker_and_falls_back_to_the_page(page_factory, search_url):
    results = {}
    for page_name, mode in (("index.html", "worker"), ("fallback.html", "main")):
        watch, page = _open(page_factory, search_url.replace("index.html", page_name))
        assert page.get_attribute("html", "data-search-mode") == mode
        _type(page, "gao tang")
        results[mode] = page.locator(".search-result-title").all_text_contents()
        watch.assert_clean()
    assert results["worker"] and results["worker"] == results["main"]


# Records the Workers the page makes, when, and every query it sends them (an init script:
# it runs before the page's own scripts and is not subject to the page's CSP).
WATCH_WORKERS = """
(() => {
  const log = window.__workers = {made: [], searches: [], dcl: null};
  document.addEventListener("DOMContentLoaded", () => { log.dcl = performance.now(); });
  const W = window.Worker;
  window.Worker = function (url, options) {
    const worker = new W(url, options);
    log.made.push(performance.now());
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (m) => {
      if (m && m.method === "search") log.searches.push(m.args[0]);
      return post(m);
    };
    return worker;
  };
})();
"""


def _watched(page_factory, url):
    watch = page_factory()
    watch.page.add_init_script(WATCH_WORKERS)
    watch.page.goto(url)
    watch.page.wait_for_selector("html[data-ready='1']", state="attached")
    return watch, watch.page


def test_the_worker_starts_while_the_page_loads_and_answers_the_address_query(page_factory, search_url):
    """search-boot.js starts the one Worker before the document is parsed and asks it for ?q=;
    search.js takes that answer instead of asking again. Later queries are asked as usual."""
    watch, page = _watched(page_factory, search_url + "?q=%E9%AB%98%E5%94%90")
    log = page.evaluate("window.__workers")
    assert len(log["made"]) == 1 and log["made"][0] < log["dcl"]
    assert log["searches"] == ["高唐"]
    names = page.locator(".search-group-platforms .search-result-title").all_text_contents()
    assert names and all("高唐" in n for n in names[:5])
    _type(page, "冠县")
    _type(page, "高唐")  # the early answer was for the first identical call only
    assert page.evaluate("window.__workers.searches") == ["高唐", "冠县", "高唐"]
    assert page.evaluate("window.__workers.made.length") == 1
    watch.assert_clean()


def test_without_a_query_nothing_is_asked_early(page_factory, search_url):
    watch, page = _watched(page_factory, search_url)
    assert page.evaluate("window.__workers.searches") == []
    _type(page, "冠县")
    assert page.evaluate("window.__workers.searches") == ["冠县"]
    watch.assert_clean()


def test_text_in_the_box_wins_over_the_early_answer(page_factory, search_url):
    """Text typed while the page loaded is what the page searches for; the early answer for
    ?q= is not shown."""
    watch, page = _watched(page_factory, search_url.replace("index.html", "typed.html") + "?q=%E9%AB%98%E5%94%90")
    expect(page.locator("#search-results")).to_have_attribute("data-query", "冠县")
    # ?q= may have been searched ahead (when its first() answered before the page asked), never
    # after the page's own search, and the box's text is searched once
    searches = page.evaluate("window.__workers.searches")
    assert searches[-1] == "冠县" and searches.count("冠县") == 1 and set(searches) <= {"高唐", "冠县"}
    metas = page.locator(".search-group-platforms .search-result-meta").all_text_contents()
    assert metas and all("冠县" in m for m in metas[:5])
    watch.assert_clean()


def test_more_than_the_first_rows_follow(page_factory, search_url):
    watch, page = _open(page_factory, search_url)
    _type(page, "服务")
    # 120 platforms match; the first 10 come first, the rest up to 50 right after
    expect(page.locator(".search-group-platforms .search-result")).to_have_count(50)
    assert page.locator(".search-group-platforms .search-more").count() == 1
    watch.assert_clean()


def test_arrow_keys_move_between_results(page_factory, search_url):
    watch, page = _open(page_factory, search_url)
    _type(page, "高唐")
    links = page.locator("a.search-result-link")
    assert links.count() >= 2
    page.focus("#search-q")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement === document.querySelectorAll('a.search-result-link')[0]")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement === document.querySelectorAll('a.search-result-link')[1]")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-q"
    watch.assert_clean()


def test_live_region_and_noscript(page_factory, search_url):
    watch, page = _open(page_factory, search_url)
    assert page.get_attribute("#search-status", "aria-live") == "polite"
    _type(page, "gaotang")
    assert "个平台" in _status(page)
    watch.assert_clean()
    nojs = page_factory(javascript=False)
    nojs.page.goto(search_url)
    assert "搜索需要启用 JavaScript" in nojs.page.content()
