"""The 统计 page and data/stats.json agree with counts taken straight from the YAML."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from sme_registry.site import charts
from tests import oracle
from tests.conftest import EXAMPLE_TODAY

SERVICES = ("信息服务", "技术服务", "创业服务", "培训服务", "融资服务", "咨询服务", "法律服务")


@pytest.fixture(scope="module")
def expected():
    plats = oracle.platforms()
    notices = oracle.notice_meta()
    status = {pid: oracle.status(p, EXAMPLE_TODAY, notices) for pid, p in plats.items()}
    live = {pid for pid, s in status.items() if s in ("valid", "expiring")}

    def split(pred_values, field):
        return {v: (sum(pred_values(p, v) for p in plats.values()),
                    sum(pred_values(p, v) for pid, p in plats.items() if pid in live)) for v in field}

    terms = [(i, t) for p in plats.values() for i, t in enumerate(p["terms"])]
    years = range(min(t["batch"] for _, t in terms), EXAMPLE_TODAY.year + 1)
    return {
        "total": len(plats),
        "in_force": len(live),
        "by_county": split(lambda p, v: p["county"] == v, oracle.counties()),
        "by_category": split(lambda p, v: p["category"] == v, ("综合类", "专业类")),
        "by_service": split(lambda p, v: v in p["services"], SERVICES),
        "by_batch": {
            b: (sum(t["batch"] == b for _, t in terms), sum(t["batch"] == b and i == 0 for i, t in terms),
                sum(t["batch"] == b and i > 0 for i, t in terms))
            for b in sorted({t["batch"] for _, t in terms})
        },
        "by_status": Counter(status.values()),
        "valid_by_year": {
            y: sum(oracle.in_force(p, EXAMPLE_TODAY if y == EXAMPLE_TODAY.year else dt.date(y, 12, 31)) is not None
                   for p in plats.values())
            for y in years
        },
    }


@pytest.fixture(scope="module")
def stats_json(example_site):
    return json.loads((example_site / "data/stats.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(example_site):
    return BeautifulSoup((example_site / "stats/index.html").read_text(encoding="utf-8"), "html.parser")


def _table(page, stat):
    table = page.select_one(f'table[data-stat="{stat}"]')
    assert table is not None, stat
    return {tr["data-key"]: [int(td.get_text()) for td in tr.select("td.num")] for tr in table.select("tbody tr")}


def test_json_totals_match_yaml(stats_json, expected):
    assert stats_json["as_of"] == EXAMPLE_TODAY.isoformat()
    assert stats_json["platforms"] == expected["total"] == 38
    assert stats_json["in_force"] == expected["in_force"]


@pytest.mark.parametrize("stat,name", [("by_county", "county"), ("by_category", "category"), ("by_service", "service")])
def test_json_breakdowns_match_yaml(stats_json, expected, stat, name):
    got = {r[name]: (r["platforms"], r["in_force"]) for r in stats_json[stat]}
    assert got == expected[stat]
    assert [r[name] for r in stats_json[stat]] == list(expected[stat])  # stable, meaningful order


def test_json_batches_status_and_trend_match_yaml(stats_json, expected):
    assert {r["batch"]: (r["certifications"], r["first"], r["renewals"]) for r in stats_json["by_batch"]} \
        == expected["by_batch"]
    assert {r["status"]: r["platforms"] for r in stats_json["by_status"] if r["platforms"]} \
        == dict(expected["by_status"])
    assert sum(r["platforms"] for r in stats_json["by_status"]) == expected["total"]
    assert {r["year"]: r["in_force"] for r in stats_json["valid_by_year"]} == expected["valid_by_year"]
    assert stats_json["valid_by_year"][-1]["on"] == EXAMPLE_TODAY.isoformat()


@pytest.mark.parametrize("stat", ["by_county", "by_category", "by_service"])
def test_page_tables_match_yaml(page, expected, stat):
    assert {k: tuple(v) for k, v in _table(page, stat).items()} == expected[stat]


def test_page_batch_status_trend_tables_match_yaml(page, expected):
    assert {int(k): tuple(v) for k, v in _table(page, "by_batch").items()} == expected["by_batch"]
    assert {k: v[0] for k, v in _table(page, "by_status").items() if v[0]} == dict(expected["by_status"])
    assert {int(k): v[0] for k, v in _table(page, "valid_by_year").items()} == expected["valid_by_year"]
    assert page.select_one("#total-platforms").get_text() == str(expected["total"])
    assert page.select_one("#total-in-force").get_text() == str(expected["in_force"])


def test_every_table_has_an_svg_chart_with_title_and_matching_numbers(page):
    blocks = page.select("section.stat-block")
    assert len(blocks) == 6
    for block in blocks:
        svg = block.select_one("figure svg")
        table = block.select_one("table.stat-table")
        assert svg is not None and table is not None
        assert svg["role"] == "img"
        title = svg.find("title")
        assert title and title.get_text().strip()
        ids = svg["aria-labelledby"].split()
        assert all(block.find(id=i) for i in ids)
        # every number printed in the table's first count column appears in the chart's description
        desc = svg.find("desc").get_text()
        for tr in table.select("tbody tr"):
            label = tr.th.get_text(strip=True)
            total = tr.select("td.num")[0].get_text()
            if block["id"] == "s-status":
                assert f"{label} {total}" in desc
            elif block["id"] == "s-trend":
                assert f"{tr['data-key']} {total}" in desc
            else:
                assert f"{label} {total}" in desc, (label, total, desc)


def test_page_has_no_script_of_its_own_and_no_inline_style(example_site):
    html = (example_site / "stats/index.html").read_text(encoding="utf-8")
    assert " style=" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script src="../theme/js/status.js" defer>']
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def _luminance(hex_colour):
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(hex_colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_chart_colours_pass_contrast_and_do_not_rely_on_hue():
    assert _contrast(charts.DARK, "#ffffff") >= 4.5  # bars (non-text needs 3:1)
    assert _contrast(charts.INK, "#ffffff") >= 4.5  # labels and values
    assert _contrast(charts.HATCH_LINE, "#ffffff") >= 3
    svg = charts.hbar_chart("t", "标题", [("甲", [3, 2])], ["一", "二"])
    # the second series is a hatch pattern, not a second hue: it reads in greyscale print
    assert 'fill="url(#t-hatch)"' in svg and "<pattern" in svg
    fills = set(re.findall(r'fill="(#[0-9a-fA-F]{6})"', svg))
    assert fills <= {charts.DARK, charts.INK, "#ffffff"}


def test_charts_escape_labels_and_handle_empty_and_zero():
    svg = charts.hbar_chart("x", "<b>&", [("<script>", [0])], ["s"])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;&amp;" in svg
    assert "<rect" not in svg  # zero-length bars are not drawn; the value 0 is printed
    assert ">0</text>" in svg
    assert charts.column_chart("y", "空", []).startswith("<svg")
    assert charts.hbar_chart("z", "空", [], ["s"]).endswith("</svg>")


def test_stats_json_is_stable_across_builds(example_site, tmp_path):
    from sme_registry.site.build import build_site
    from tests.conftest import ROOT

    out = tmp_path / "again"
    assert build_site(ROOT, out, EXAMPLE_TODAY) == 0
    for name in ("data/stats.json", "stats/index.html", "feeds/expiring.atom.xml", "expiring/index.html",
                 "apply/index.html", "apply/self-check/index.html"):
        assert (out / name).read_bytes() == (example_site / name).read_bytes(), name
