"""大字模式 (适老化, issue 15 item 4): a real <button aria-pressed> in every page's header,
operable by keyboard, kept across pages (localStorage), set before the first paint by a
script in <head>; larger text (≥ 25 %), line spacing ≥ 1.5, darker text; axe-clean in
both modes; without JavaScript the button is not shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.gates.browser import describe_violations, run_axe
from tests.gates.pages import html_pages, soup
from tests.gates.ready import wait_ready

PAGES = ("index.html", "platforms/lc-2023-001/index.html", "sitemap/index.html", "notices/index.html",
         "apply/index.html", "no-such-page.html")

_MEASURE = """() => {
  const px = (el, prop) => parseFloat(getComputedStyle(el)[prop]);
  const p = document.querySelector('main p');
  return { root: px(document.documentElement, 'fontSize'), p: px(p, 'fontSize'),
           lineHeight: px(p, 'lineHeight') / px(p, 'fontSize'),
           color: getComputedStyle(document.body).color,
           large: document.documentElement.classList.contains('large-text'),
           overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
}"""


def test_every_page_has_the_toggle_in_its_header_hidden_until_script(example_site):
    missing = []
    for rel in html_pages(example_site):
        doc = soup(example_site, rel)
        button = doc.select_one("header button[data-large-text-toggle]")
        head_script = doc.select_one('head script[src$="theme/js/large-text.js"]')
        if button is None or button.get("aria-pressed") != "false" or not button.has_attr("hidden") \
                or head_script is None or head_script.has_attr("defer") or head_script.has_attr("async"):
            missing.append(rel)
    assert missing == []


@pytest.mark.parametrize("width", [375, 1280])
def test_toggle_by_keyboard_persists_across_pages_and_enlarges_text(width, page_factory, gate_url):
    watch = page_factory(width)
    page = watch.page
    page.goto(gate_url + "index.html")
    wait_ready(page)
    normal = page.evaluate(_MEASURE)
    button = page.locator("[data-large-text-toggle]")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-pressed", "false")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    large = page.evaluate(_MEASURE)
    assert large["large"] and large["p"] >= normal["p"] * 1.25, (normal, large)
    assert large["lineHeight"] >= 1.5 and normal["lineHeight"] >= 1.5
    assert large["color"] == "rgb(0, 0, 0)" != normal["color"]
    assert large["overflow"] <= 0, "大字模式下页面出现横向滚动"
    for rel in PAGES[1:]:
        page.goto(gate_url + rel)
        wait_ready(page)
        measured = page.evaluate(_MEASURE)
        assert measured["large"] and measured["root"] >= normal["root"] * 1.25, rel
        assert measured["overflow"] <= 0, f"{rel}：大字模式下页面出现横向滚动"
        expect(page.locator("[data-large-text-toggle]")).to_have_attribute("aria-pressed", "true")
    # Space turns it off again (a native button), and that too persists.
    toggle = page.locator("[data-large-text-toggle]")
    toggle.focus()
    page.keyboard.press(" ")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    page.goto(gate_url + "index.html")
    wait_ready(page)
    assert not page.evaluate(_MEASURE)["large"]
    watch.console_errors = [e for e in watch.console_errors if "404" not in e]
    watch.assert_clean()


_WATCH_CLASS = """
new MutationObserver(() => {
  const html = document.documentElement;
  if (html && html.classList.contains('large-text') && window.__largeTextAt === undefined) {
    window.__largeTextAt = document.body ? 'after-body' : 'before-body';
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['class']});
"""


def test_the_saved_choice_is_on_html_before_the_body_is_parsed(page_factory, gate_url):
    """No flash of small text: the <head> script sets the class before <body> exists, so the
    first paint is already in the chosen size."""
    watch = page_factory(1280)
    page = watch.page
    page.add_init_script(_WATCH_CLASS)  # runs before any page script (DevTools protocol, not page CSP)
    page.goto(gate_url + "index.html")
    page.evaluate("() => localStorage.setItem('sme-large-text', '1')")
    page.goto(gate_url + "platforms/index.html")
    assert page.evaluate("() => window.__largeTextAt") == "before-body"
    watch.assert_clean()


def test_without_javascript_the_button_is_not_shown(page_factory, gate_url):
    watch = page_factory(375, javascript=False)
    page = watch.page
    page.goto(gate_url + "index.html")
    expect(page.locator("[data-large-text-toggle]")).to_be_hidden()
    watch.assert_clean()


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_passes_in_both_modes(width, page_factory, gate_url, axe_source):
    watch = page_factory(width, bypass_csp=True)
    page = watch.page
    failures = []
    for large in (False, True):
        page.goto(gate_url + "index.html")
        page.evaluate(f"() => {'localStorage.setItem' if large else 'localStorage.removeItem'}('sme-large-text'{', 1' if large else ''})")
        for rel in PAGES:
            page.goto(gate_url + rel)
            wait_ready(page)
            assert page.evaluate("() => document.documentElement.classList.contains('large-text')") is large
            failures += describe_violations(f"{rel}（{'大字' if large else '常规'}）", run_axe(page, axe_source))
    assert failures == []
