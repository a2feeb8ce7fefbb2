"""Issue 13's bug, end to end: a platform revoked in 2022 (ban through 2025-08-15,
第二十条) and certified again on 2025-12-19 shows the same status everywhere on a later
clock — its page and badge, the list, the 统计 page's figures and the search results — and
that status is the one Python's status_on gives and the tests' oracle restates."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from sme_registry.derive import stats as stats_module
from sme_registry.derive.status import LABELS, status_on
from sme_registry.derive.views import registry_view
from sme_registry.site.build import build_site
from sme_registry.validate.report import validate
from tests import oracle
from tests.conftest import EXAMPLE_TODAY, ROOT, serve

PID = "lc-2020-004"
LATER = dt.date(2027, 6, 1)
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _recertify(src: Path) -> None:
    path = src / f"data/platforms/{PID}.yaml"
    text = path.read_text(encoding="utf-8")
    term = ("    announcement: 2020-12-18-rending\n"
            "  - batch: 2025\n    certified_on: 2025-12-19\n"
            "    publicity: 2025-12-10-gongshi\n    announcement: 2025-12-19-rending\n")
    assert "    announcement: 2020-12-18-rending\n" in text
    path.write_text(text.replace("    announcement: 2020-12-18-rending\n", term, 1), encoding="utf-8")
    for slug in ("2025-12-10-gongshi", "2025-12-19-rending"):
        notice = src / f"content/notices/{slug}.md"
        body = notice.read_text(encoding="utf-8")
        notice.write_text(re.sub(r"^platforms: (.*)$", rf"platforms: \1, {PID}", body, count=1, flags=re.M),
                          encoding="utf-8")


@pytest.fixture(scope="module")
def recertified(tmp_path_factory):
    src = tmp_path_factory.mktemp("recertified") / "src"
    for part in ("data", "content"):
        shutil.copytree(ROOT / part, src / part)
    _recertify(src)
    out = src.parent / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    registry, report = validate(src, EXAMPLE_TODAY)
    assert not report.errors
    with serve(out) as url:
        yield src, registry, url


def test_python_oracle_and_every_page_agree_on_a_later_day(recertified, browser):
    src, registry, url = recertified
    platform = registry.platforms[PID]
    expected = status_on(platform, registry, LATER)
    assert expected.key == "valid" == oracle.status(oracle.platforms(src)[PID], LATER, oracle.notice_meta(src))
    label = LABELS[expected.key]
    figures = stats_module.compute(registry_view(registry, LATER))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(LATER.year, LATER.month, LATER.day, 10, 0, tzinfo=SHANGHAI))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{url}platforms/{PID}/index.html")
        badge = page.locator(".status-box .badge")
        expect(badge).to_have_attribute("data-recomputed", LATER.isoformat())
        assert badge.text_content() == label
        assert page.text_content(".status-box [data-days-left]") == f"{expected.days_left} 天"

        page.goto(url + "platforms/index.html")
        row = page.locator(f'#platform-table tbody tr[data-id="{PID}"]')
        assert row.locator(".badge").text_content() == label
        assert row.get_attribute("data-status") == expected.key

        page.goto(url + "stats/index.html")
        expect(page.locator("body")).to_have_attribute("data-counts-recomputed", LATER.isoformat())
        assert page.text_content("#total-in-force") == str(figures["in_force"])
        shown = dict(page.eval_on_selector_all(
            'table[data-stat="by_status"] tbody tr',
            "rows => rows.map(r => [r.dataset.key, Number(r.querySelector('td.num').textContent)])"))
        assert shown == {r["status"]: r["platforms"] for r in figures["by_status"]}
        years = page.eval_on_selector_all(
            'table[data-stat="valid_by_year"] tbody tr',
            "rows => rows.map(r => [Number(r.dataset.key), Number(r.querySelector('td.num').textContent)])")
        assert years == [[r["year"], r["in_force"]] for r in figures["valid_by_year"]]
        county = page.eval_on_selector_all(
            'table[data-stat="by_county"] tbody tr',
            "rows => rows.map(r => [r.dataset.key, Number(r.querySelectorAll('td.num')[1].textContent)])")
        assert county == [[r["county"], r["in_force"]] for r in figures["by_county"]]

        page.goto(url + "search/index.html?q=" + quote(platform.name, safe=""))
        result = page.locator(".search-result", has=page.get_by_role("link", name=platform.name)).first
        expect(result).to_be_visible(timeout=10_000)
        assert result.locator(".status-badge").text_content() == label
        assert not errors, errors
    finally:
        context.close()
