"""Legibility: what a person sees on a 375 px phone and a 1280 px desktop, measured in the
laid-out page (tests/gates/legibility.js), at 375, 768 and 1280 px, on one page of EVERY page type the build
produced (tests/gates/pages.py). axe and the Nu checker judge validity; this gate judges
whether text can be read: no Chinese text squeezed to one or two characters per line, no
date, number, code or short label broken inside a table cell, no text clipped.

Each page is also screenshotted (full page) into test-artifacts/screenshots/<type>-<width>.png
so that a reviewer can look at every page type at both widths after `make test`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.gates.pages import representatives
from tests.gates.ready import wait_ready

pytestmark = pytest.mark.browser

MEASURE = (Path(__file__).parent / "legibility.js").read_text(encoding="utf-8")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = (375, 768, 1280)  # phone, tablet, desktop


def _file_name(kind: str, width: int) -> str:
    return re.sub(r"[^0-9A-Za-z\u4e00-\u9fff._-]+", "_", kind).strip("_") + f"-{width}.png"


def measure(page) -> list[dict]:
    return page.evaluate(MEASURE)


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_every_page_type_is_legible(width, page_factory, gate_url, example_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    watch = page_factory(width)
    failures: list[str] = []
    for kind, rel in representatives(example_site).items():
        watch.page.goto(gate_url + rel)
        wait_ready(watch.page)
        watch.page.screenshot(path=str(SCREENSHOTS / _file_name(kind, width)), full_page=True)
        for p in measure(watch.page):
            failures.append(f"{rel}（{kind}，{width}px）[{p['rule']}] {p['where']}：“{p['text']}” {p['detail']}")
    assert not failures, "难以阅读的排版：\n" + "\n".join(failures)
    watch.assert_clean()


# A4 portrait minus the 15 mm side margins of @page in site.css, in CSS pixels (96 per inch).
A4_CONTENT_PX = round((210 - 30) / 25.4 * 96)


def test_platform_and_notice_pages_print_on_a4(page_factory, gate_url, example_site):
    """The print button shows with JavaScript and is not printed; printed, nothing is wider than A4."""
    kinds = representatives(example_site)
    chosen = [rel for kind, rel in kinds.items() if kind.startswith(("platform:", "notice:"))]
    assert chosen
    watch = page_factory(A4_CONTENT_PX)
    page = watch.page
    failures = []
    for rel in chosen:
        page.emulate_media(media="screen")
        page.goto(gate_url + rel)
        wait_ready(page)
        button = page.get_by_role("button", name="打印本页")
        if not button.is_visible():
            failures.append(f"{rel}：没有“打印本页”按钮")
        page.emulate_media(media="print")
        if button.is_visible():
            failures.append(f"{rel}：打印时仍显示按钮")
        # On paper nothing scrolls: a box that would scroll cuts its content off.
        cut = page.evaluate("""() => [...document.body.querySelectorAll('*')].filter(e =>
            e.clientWidth > 2 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
            && !e.closest('.visually-hidden')).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
        if cut:
            failures.append(f"{rel}：打印时被截断：{cut[:5]}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > A4_CONTENT_PX + 1:
            failures.append(f"{rel}：打印宽度 {wide}px，超过 A4 版心 {A4_CONTENT_PX}px")
    assert not failures, "\n".join(failures)
    watch.assert_clean()
