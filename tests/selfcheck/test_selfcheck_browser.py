"""申报自评 in headless Chromium: verdicts per criterion for applicant profiles at and
just around each threshold of 第八、九、十条 (numbers restated here from the measures),
the thresholds read from the build's export, and a page that works offline, without
JavaScript, on a phone and on paper."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_TODAY, ROOT, serve

PAGE = "apply/self-check/index.html"
BASE_MET = {  # 第八条, each exactly at its threshold (non-relaxed)
    "years_operating": 1, "total_assets_wan": 200, "smes_served": 80, "satisfaction_pct": 80,
    "growth_pct": 10, "partner_institutions": 3, "public_benefit_share_pct": 20, "staff": 15,
    "qualified_staff_pct": 80,
}
FUNCTION_MET = {  # 第九条
    "信息服务": {"activities.信息服务": 4},
    "技术服务": {"activities.技术服务": 4},
    "创业服务": {"activities.创业服务": 4},
    "培训服务": {"training_person_times": 1000},
    "融资服务": {"new_financing_yi": 1.5, "bank_enterprise_events": 4, "financing_lectures": 4},
    "咨询服务": {"activities.咨询服务": 4},
    "法律服务": {"activities.法律服务": 4},
}
FOUR = ["信息服务", "技术服务", "培训服务", "融资服务"]


def profile(kind="企业", category="综合类", services=FOUR, field=None, **changes):
    metrics = dict(BASE_MET)
    for f in services:
        metrics.update(FUNCTION_MET[f])
    if field is not None:
        metrics["field_experience_pct"] = field
    for key, value in changes.items():
        key = key.replace("__", ".")
        if value is None:
            metrics.pop(key, None)
        else:
            metrics[key] = value
    return {"kind": kind, "category": category, "services": list(services), "metrics": metrics}


def fill(page, p):
    page.select_option("#sc-kind", p["kind"])
    page.check(f'input[name="category"][value="{p["category"]}"]')
    for box in page.locator('input[name="services"]').all():
        box.set_checked(box.get_attribute("value") in p["services"])
    for key, value in p["metrics"].items():
        page.fill(f'[data-metric="{key}"]', str(value))


def verdicts(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "#sc-table tr[data-criterion]",
        "rows => Object.fromEntries(rows.map(r => [r.dataset.criterion, r.dataset.verdict]))")


def eligible(page) -> str:
    return page.get_attribute("#sc-eligible", "data-eligible")


def open_check(page_factory, url, width=1280):
    watch = page_factory(width=width)
    watch.page.goto(url + PAGE)
    return watch


CASES = [
    # (name, profile, expected eligible categories, {criterion: verdict} that must hold; others pass)
    ("every threshold just met", profile(field=80), "综合类|专业类", {}),
    ("assets just missed (企业)", profile(total_assets_wan=199.99), "", {"total_assets_wan": "fail"}),
    ("relaxed 事业单位 at 100万元 and 10 人", profile(kind="事业单位", total_assets_wan=100, staff=10), "综合类",
     {"field_experience_pct": "missing"}),
    ("relaxed 社会团体 just missed 99.9万元", profile(kind="社会团体", total_assets_wan=99.9, field=80), "",
     {"total_assets_wan": "fail"}),
    ("企业 with 10 staff is not relaxed", profile(staff=10, field=80), "", {"staff": "fail"}),
    ("民办非企业单位 with 100万元 is not relaxed", profile(kind="民办非企业单位", total_assets_wan=100, field=80), "",
     {"total_assets_wan": "fail"}),
    ("专业类 field experience just missed", profile(category="专业类", field=79.9), "综合类",
     {"field_experience_pct": "fail"}),
    ("融资 1.49亿元 drops a function below four", profile(field=80, new_financing_yi=1.49), "专业类",
     {"融资服务/new_financing_yi": "fail", "comprehensive_min_services": "fail"}),
    ("training 999 人次", profile(field=80, training_person_times=999), "专业类",
     {"培训服务/training_person_times": "fail", "comprehensive_min_services": "fail"}),
    ("satisfaction 79.99%", profile(field=80, satisfaction_pct=79.99), "", {"satisfaction_pct": "fail"}),
    ("growth not entered", profile(field=80, growth_pct=None), "", {"growth_pct": "missing"}),
    ("three functions only", profile(services=["信息服务", "咨询服务", "法律服务"], field=80), "专业类",
     {"comprehensive_min_services": "fail"}),
    ("all seven functions just met", profile(services=list(FUNCTION_MET), field=80.0), "综合类|专业类", {}),
    ("no function chosen", profile(services=[], field=95), "", {"comprehensive_min_services": "fail"}),
    ("partner institutions 2, qualified 79.9%", profile(partner_institutions=2, qualified_staff_pct=79.9), "",
     {"partner_institutions": "fail", "qualified_staff_pct": "fail", "field_experience_pct": "missing"}),
]


@pytest.fixture(scope="module")
def shared_page(browser, site_url):
    from tests.conftest import PageWatch

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    watch = PageWatch(context.new_page())
    watch.page.goto(site_url + PAGE)
    yield watch
    context.close()


@pytest.mark.parametrize("name,p,expect_eligible,expect", CASES, ids=[c[0] for c in CASES])
def test_profile_verdicts(shared_page, name, p, expect_eligible, expect):
    page = shared_page.page
    page.click('button[type="reset"]')
    fill(page, p)
    got = verdicts(page)
    expected_rows = {f"{f}/{k}" for f in p["services"] for k in FUNCTION_MET[f]} | set(BASE_MET) \
        | {"comprehensive_min_services", "field_experience_pct"}
    assert set(got) == expected_rows
    for key, verdict in got.items():
        default = "pass" if key.split("/")[-1] in p["metrics"] or key.startswith("comprehensive") else "missing"
        assert verdict == expect.get(key, default), (name, key, verdict)
    assert eligible(page) == expect_eligible
    summary = page.inner_text("#sc-summary")
    assert ("暂不符合" in summary) == (expect_eligible == "")
    chosen_ok = p["category"] in expect_eligible.split("|")
    assert f"所选类别（{p['category']}）：{'符合条件' if chosen_ok else '不符合条件'}" in summary
    shared_page.assert_clean()


def test_relaxed_threshold_shown_and_switches_live(shared_page):
    page = shared_page.page
    page.click('button[type="reset"]')
    fill(page, profile(total_assets_wan=150, staff=12, field=90))
    assert verdicts(page)["total_assets_wan"] == "fail"
    row = page.locator('#sc-table tr[data-criterion="total_assets_wan"]')
    assert "≥ 200 万元" in row.inner_text()
    page.select_option("#sc-kind", "事业单位")  # no button press: verdicts follow the input
    assert verdicts(page)["total_assets_wan"] == "pass"
    assert verdicts(page)["staff"] == "pass"
    assert "≥ 100 万元（放宽）" in row.inner_text()
    assert eligible(page) == "综合类|专业类"
    assert "达标" in page.inner_text('[data-verdict-for="total_assets_wan"]')


def test_function_fields_follow_the_chosen_functions(shared_page):
    page = shared_page.page
    page.click('button[type="reset"]')
    fill(page, profile(services=["培训服务"]))
    assert page.is_visible('[data-metric="training_person_times"]')
    assert not page.is_visible('[data-metric="new_financing_yi"]')
    page.check('input[name="services"][value="融资服务"]')
    assert page.is_visible('[data-metric="new_financing_yi"]')


def test_nothing_is_sent_while_filling(page_factory, site_url):
    watch = open_check(page_factory, site_url)
    page = watch.page
    page.wait_for_load_state("networkidle")
    requests = []
    # Chromium fetches the page's <link rel="icon"> on its own schedule (under load, after
    # networkidle): that GET carries nothing the visitor typed, so it is not counted.
    page.on("request", lambda r: None if r.url.endswith("/favicon.svg") else requests.append(r.url))
    fill(page, profile(field=85))
    page.click('button[type="reset"]')
    fill(page, profile(kind="事业单位", total_assets_wan=120))
    assert requests == []
    html = (page.content())
    assert "<form" in html and 'method="post"' not in html
    assert page.locator('#self-check [type="submit"]').count() == 0  # the form cannot be submitted
    watch.assert_clean()


def test_result_can_be_saved_as_text(page_factory, site_url):
    watch = open_check(page_factory, site_url)
    page = watch.page
    fill(page, profile(kind="事业单位", total_assets_wan=100, field=80))
    with page.expect_download() as info:
        page.click("#sc-save")
    download = info.value
    assert download.suggested_filename.startswith("申报自评结果-") and download.suggested_filename.endswith(".txt")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "可申报类别：综合类、专业类" in text
    assert "资产总额｜第八条第（一）项｜门槛 ≥ 100 万元（放宽）｜填写 100 万元｜达标" in text
    watch.assert_clean()


def test_result_prints_without_the_form(page_factory, site_url):
    watch = open_check(page_factory, site_url)
    page = watch.page
    fill(page, profile(field=80))
    page.emulate_media(media="print")
    assert not page.is_visible("#self-check")
    assert not page.is_visible(".site-nav")
    assert not page.is_visible("#sc-print")
    assert page.is_visible("#sc-table")
    assert page.is_visible("#sc-summary")
    assert page.is_visible("#sc-date")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    watch.assert_clean()


def test_works_on_a_phone(page_factory, site_url):
    watch = open_check(page_factory, site_url, width=375)
    page = watch.page
    fill(page, profile(category="专业类", field=80))
    assert eligible(page) == "综合类|专业类"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for selector in ("#sc-kind", '[data-metric="staff"]', 'label:has(input[name="services"][value="融资服务"])'):
        box = page.locator(selector).bounding_box()
        assert box["height"] >= 40, selector  # comfortable touch targets
    assert page.evaluate("[...document.querySelectorAll('#self-check input, #self-check select')]"
                         ".every(e => e.labels && e.labels.length > 0)")
    assert page.evaluate("[...document.querySelectorAll('[data-metric]')]"
                         ".every(e => document.getElementById(e.getAttribute('aria-describedby')))")
    watch.assert_clean()


def test_without_javascript_the_criteria_are_a_readable_list(page_factory, site_url, example_site):
    watch = page_factory(javascript=False)
    page = watch.page
    page.goto(site_url + PAGE)
    assert page.is_visible("noscript >> text=未启用 JavaScript") or "未启用 JavaScript" in page.inner_text("main")
    assert not page.is_visible("#sc-result")
    thresholds = json.loads((example_site / "data/thresholds.json").read_text(encoding="utf-8"))
    criteria = thresholds["base"] + [c for items in thresholds["functions"].values() for c in items] \
        + [thresholds["field_experience"]]
    for c in criteria:
        hint = page.inner_text(f'[data-hint-for="{c["key"]}"]')
        assert c["article"] in hint and f"不低于 {c['threshold']:g} {c['unit']}" in hint
        if c["relaxed"] is not None:
            assert f"放宽至不低于 {c['relaxed']:g} {c['unit']}" in hint
        assert page.is_visible(f'[data-metric="{c["key"]}"]')  # every field shown, none hidden
    watch.assert_clean()


def test_script_carries_no_threshold_of_its_own():
    source = (ROOT / "theme/static/js/self-check.js").read_text(encoding="utf-8")
    for literal in ("200", "100", "80", "1000", "1.5", "15", "10"):
        assert literal not in source.replace("3600", ""), literal


def test_verdict_follows_the_rule_definitions(tmp_path, monkeypatch, page_factory, site_url):
    """Lower one 第八条 threshold in the definitions (so the example data still validates),
    rebuild: the browser's verdict for the same applicant changes."""
    from sme_registry.regulation import thresholds
    from sme_registry.site.build import build_site

    patched = tuple(dataclasses.replace(c, threshold=60) if c.key == "smes_served" else c
                    for c in thresholds.BASE_CRITERIA)
    monkeypatch.setattr(thresholds, "BASE_CRITERIA", patched)
    out = tmp_path / "site"
    assert build_site(ROOT, out, EXAMPLE_TODAY) == 0
    exported = json.loads((out / "data/thresholds.json").read_text(encoding="utf-8"))
    assert [c["threshold"] for c in exported["base"] if c["key"] == "smes_served"] == [60]

    applicant = profile(smes_served=70, field=80)
    original = open_check(page_factory, site_url)
    fill(original.page, applicant)
    assert verdicts(original.page)["smes_served"] == "fail"
    assert eligible(original.page) == ""

    with serve(out) as url:
        changed = open_check(page_factory, url)
        fill(changed.page, applicant)
        assert verdicts(changed.page)["smes_served"] == "pass"
        assert eligible(changed.page) == "综合类|专业类"
        assert "不低于 60 家" in changed.page.inner_text('[data-hint-for="smes_served"]')
        changed.assert_clean()
