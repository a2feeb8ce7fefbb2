"""Keyboard: on one page of every template, Tab reaches every control, each one visibly
focused (its computed outline/box-shadow/colours differ from the unfocused state and an
outline or shadow is drawn); the skip link comes first and moves focus to <main>."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.gates.browser import walk_keyboard
from tests.gates.pages import representatives


def _one_per_template(site) -> dict[str, str]:
    """Page types that share a template have the same controls: walk one page of each
    template (platform:valid and platform:revoked are both platform.html)."""
    chosen: dict[str, str] = {}
    for kind, rel in representatives(site).items():
        family = "attachment" if kind.startswith("attachment-") else kind.split(":")[0] \
            if not kind.startswith("page:") else kind
        if family == "notice-type-list":
            family = "notice-index"
        chosen.setdefault(family, rel)
    return chosen


@pytest.mark.parametrize("width,javascript", [(1280, True), (375, False)], ids=["1280px-js", "375px-nojs"])
def test_every_control_is_reachable_and_visibly_focused(width, javascript, page_factory, gate_url, example_site):
    pages = _one_per_template(example_site)
    watch = page_factory(width, javascript)
    failures = []
    stops = 0
    for kind, rel in pages.items():
        # Let scripts finish building their controls (the search page loads its index).
        watch.page.goto(gate_url + rel, wait_until="networkidle" if javascript else "load")
        walk = walk_keyboard(watch.page)
        items, reached = walk["items"], walk["reached"]
        stops += len(reached)
        if not reached or "skip-link" not in items[reached[0]]:
            failures.append(f"{kind} {rel}: 第一个 Tab 不是“跳到主要内容”链接（{items[reached[0]] if reached else '无'}）")
        missed = [items[i] for i in range(len(items)) if i not in reached]
        if missed:
            failures.append(f"{kind} {rel}: Tab 到不了 {len(missed)} 个控件：{missed[:3]}")
        if walk["invisible"]:
            failures.append(f"{kind} {rel}: {len(walk['invisible'])} 个控件获得焦点时没有可见的焦点样式：{walk['invisible'][:3]}")
        if walk["strangers"]:
            failures.append(f"{kind} {rel}: Tab 停在了不是控件的元素上：{walk['strangers'][:3]}")
    watch.assert_clean()
    assert stops > len(pages) * 5
    assert not failures, f"键盘操作（{width}px，检查 {len(pages)} 类页面，{stops} 次 Tab）：\n" + "\n".join(failures)


def test_skip_link_moves_focus_to_main(page_factory, gate_url):
    watch = page_factory(375)
    page = watch.page
    page.goto(gate_url + "platforms/index.html")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, "获得焦点的跳转链接应在屏幕上可见"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside <main>, not back in the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")
    watch.assert_clean()
