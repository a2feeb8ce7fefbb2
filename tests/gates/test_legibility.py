"""Legibility: what a person sees on a 375 px phone and a 1280 px desktop, measured in the
laid-out page (tests/gates/legibility.js), on one page of EVERY page type the build
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
WIDTHS = (375, 1280)


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
