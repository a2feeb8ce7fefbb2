"""Accessibility: axe-core's WCAG 2.1 A and AA rules, zero violations, on one page of EVERY
page type the build produced (tests/gates/pages.py), at 375 px and 1280 px, with
JavaScript on and off.

axe is injected with page.evaluate (DevTools protocol). The axe contexts are the only ones
created with bypass_csp=True, so nothing in the page's CSP (script-src 'self') can get in
the way of the checker; every other browser test runs under the real CSP.

JavaScript off: Chromium does not run timers in a page whose scripts are disabled, and
axe needs them, so axe cannot run there. Instead the page is loaded with JavaScript
disabled, its DOM is serialised (with scripting disabled <noscript> content is parsed as
markup), its <script> elements are dropped and <noscript> becomes a <div> (what a no-JS
browser renders), and that HTML is served back at the same URL (so styles and relative
links resolve as before) to a JavaScript-enabled page where axe runs. Nothing of the site
runs in that page: it has no scripts left."""

from __future__ import annotations

import re

import pytest

from tests.gates.browser import describe_violations, run_axe
from tests.gates.pages import EXPECTED_TYPES, representatives

COMBOS = [(375, True), (375, False), (1280, True), (1280, False)]


def _ids(combo):
    width, javascript = combo
    return f"{width}px-{'js' if javascript else 'nojs'}"


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)


def _no_js_snapshot(html: str) -> str:
    html = _SCRIPT.sub("", html)
    return re.sub(r"<(/?)noscript\b", lambda m: f"<{m.group(1)}div", html, flags=re.I)


def _same_url(url: str):
    def matches(candidate: str) -> bool:
        return candidate == url
    return matches


def _serve(body: str):
    return lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)


def _axe_pages(page_factory, axe_source, base_url, site, width, javascript):
    pages = representatives(site)
    watch = page_factory(width, True, bypass_csp=True)
    plain = None if javascript else page_factory(width, False)
    failures: list[str] = []
    for kind, rel in pages.items():
        url = base_url + rel
        if plain is not None:
            response = plain.page.goto(url, wait_until="load")
            assert response is not None and response.ok, f"{url} 打不开"
            snapshot = _no_js_snapshot(plain.page.content())
            this_page = _same_url(url)
            watch.page.route(this_page, _serve(snapshot))
        response = watch.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url} 打不开"
        if plain is not None:
            watch.page.unroute(this_page)
            assert watch.page.locator("script").count() == 0
        failures += describe_violations(f"{kind} {rel}", run_axe(watch.page, axe_source))
    watch.assert_clean()
    if plain is not None:
        plain.assert_clean()
    return pages, failures


@pytest.mark.parametrize("combo", COMBOS, ids=_ids)
def test_axe_every_page_type_of_example_site(combo, page_factory, axe_source, gate_url, example_site):
    width, javascript = combo
    pages, failures = _axe_pages(page_factory, axe_source, gate_url, example_site, width, javascript)
    missing = [t for t in EXPECTED_TYPES if t not in pages]
    assert not missing, f"示例站缺少这些页面类型：{missing}"
    assert not failures, f"axe（{_ids(combo)}）在 {len(pages)} 类页面中发现违规：\n" + "\n".join(failures)


@pytest.mark.parametrize("combo", [(375, True), (1280, False)], ids=_ids)
def test_axe_every_page_type_of_hostile_site(combo, page_factory, axe_source, hostile_url, hostile_site):
    width, javascript = combo
    pages, failures = _axe_pages(page_factory, axe_source, hostile_url, hostile_site, width, javascript)
    assert not failures, f"axe（{_ids(combo)}，敌意数据）在 {len(pages)} 类页面中发现违规：\n" + "\n".join(failures)


def test_axe_catches_known_violations_with_and_without_javascript(page_factory, axe_source, tmp_path):
    """The gate can fail: a page with an unlabelled field, an image without alt text and
    grey-on-white text is reported, also through the no-JS snapshot path."""
    from tests.conftest import serve

    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>'
        '<link rel="stylesheet" href="bad.css"></head><body><main><h1>标题</h1>'
        '<noscript><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></noscript><p class="faint">浅色文字</p><input type="text"></main></body></html>',
        encoding="utf-8")
    (tmp_path / "bad.css").write_text(".faint { color: #eeeeee; }", encoding="utf-8")
    with serve(tmp_path) as url:
        for javascript in (True, False):
            _, failures = _axe_pages(page_factory, axe_source, url, tmp_path, 375, javascript)
            text = "\n".join(failures)
            assert "[color-contrast/" in text and "[label/" in text, text
            assert ("[image-alt/" in text) is (not javascript), text
