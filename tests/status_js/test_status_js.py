"""status.js keeps badges true after the build date: with the browser's clock set after
TODAY=2026-11-25, a platform whose term ended in between shows 已到期 — computed for
Asia/Shanghai whatever the visitor's own time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import oracle
from tests.conftest import EXAMPLE_TODAY, PageWatch

LABELS = {"valid": "有效", "expiring": "即将到期", "expired": "已到期", "revoked": "已撤销",
          "publicity": "公示中", "pending": "待认定"}
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _ending_between(start: dt.date, end: dt.date, renewing: bool | None = None) -> list[str]:
    """Platforms in force on `start` whose term ends before `end` (from the YAML);
    `renewing` keeps only those with (True) or without (False) a pending application."""
    out = []
    for pid, p in oracle.platforms().items():
        until = oracle.in_force(p, start)
        if until is not None and until < end and (renewing is None or bool(p.get("pending")) == renewing):
            out.append(pid)
    return sorted(out)


@pytest.fixture
def page_at(browser):
    """A page whose clock is fixed at `moment`, in browser time zone `tz`."""
    contexts = []

    def open_at(moment: dt.datetime, tz: str = "Asia/Shanghai", width: int = 1280) -> PageWatch:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", timezone_id=tz)
        contexts.append(context)
        page = context.new_page()
        page.clock.set_fixed_time(moment)
        return PageWatch(page)

    yield open_at
    for context in contexts:
        context.close()


def _badges(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "#platform-table tbody tr",
        "rows => Object.fromEntries(rows.map(r => [r.dataset.id, r.querySelector('.badge').textContent]))")


def test_the_example_has_terms_ending_soon_after_the_build():
    assert _ending_between(EXAMPLE_TODAY, dt.date(2026, 12, 20), renewing=False), "premise: terms end 2026-12-19"
    assert _ending_between(EXAMPLE_TODAY, dt.date(2026, 12, 20), renewing=True), "premise: one of them re-applied"


def test_term_that_ended_after_the_build_shows_expired_on_its_page(page_at, site_url):
    # 00:30 on 20 December in Shanghai is still 19 December in UTC and in New York.
    moment = dt.datetime(2026, 12, 20, 0, 30, tzinfo=SHANGHAI)
    ended = _ending_between(EXAMPLE_TODAY, dt.date(2026, 12, 20), renewing=False)
    watch = page_at(moment, tz="America/New_York")
    for pid in ended:
        watch.page.goto(f"{site_url}platforms/{pid}/index.html")
        badge = watch.page.locator(".status-box .badge")
        assert badge.text_content() == "已到期", pid
        assert "badge-expired" in badge.get_attribute("class")
        assert watch.page.text_content(".status-box .status-date time") == "2026-12-20"
    # the built page said otherwise: the change is the script's doing
    html = (watch.page.context.request.get(f"{site_url}platforms/{ended[0]}/index.html").text())
    assert ">即将到期<" in html
    watch.assert_clean()


def test_list_badges_and_filter_follow_the_visitor_date(page_at, site_url):
    day = dt.date(2026, 12, 20)
    watch = page_at(dt.datetime(2026, 12, 20, 9, 0, tzinfo=SHANGHAI))
    watch.page.goto(site_url + "platforms/index.html")
    notices = oracle.notice_meta()
    expected = {pid: LABELS[oracle.status(p, day, notices)] for pid, p in oracle.platforms().items()}
    assert _badges(watch.page) == expected
    # the status filter uses the recomputed status
    watch.page.goto(site_url + "platforms/index.html?status=expired")
    shown = watch.page.eval_on_selector_all("#platform-table tbody tr:not([hidden])", "rs => rs.map(r => r.dataset.id)")
    assert sorted(shown) == sorted(pid for pid, label in expected.items() if label == "已到期")
    assert set(_ending_between(EXAMPLE_TODAY, day, renewing=False)) <= set(shown)
    watch.assert_clean()


def test_last_minute_of_the_term_is_still_expiring_with_zero_days(page_at, site_url):
    watch = page_at(dt.datetime(2026, 12, 19, 23, 59, tzinfo=SHANGHAI), tz="UTC")
    watch.page.goto(site_url + "expiring/index.html")
    rows = watch.page.locator(".expiring-table tbody tr")
    assert rows.count() == len(_ending_between(EXAMPLE_TODAY, dt.date(2026, 12, 20)))
    for i in range(rows.count()):
        assert rows.nth(i).locator(".badge").text_content() == "即将到期"
        assert rows.nth(i).locator("[data-days-left]").text_content() == "0 天"
    watch.assert_clean()


def test_expiring_page_marks_ended_terms_expired(page_at, site_url):
    """After the end: 已到期 — also for a platform whose re-application awaits its 认定公告
    (issue 13: 待认定 is only for applicants never certified)."""
    watch = page_at(dt.datetime(2027, 1, 5, 12, 0, tzinfo=SHANGHAI))
    watch.page.goto(site_url + "expiring/index.html")
    rows = watch.page.locator(".expiring-table tbody tr")
    assert rows.count() > 0
    renewing = set(_ending_between(EXAMPLE_TODAY, dt.date(2027, 1, 5), renewing=True))
    assert renewing
    for i in range(rows.count()):
        key = "expired"
        assert rows.nth(i).locator(".badge").text_content() == LABELS[key]
        assert rows.nth(i).locator("[data-days-left]").text_content() == "—"
        assert rows.nth(i).get_attribute("data-status") == key
    watch.assert_clean()


def test_clock_before_the_build_date_keeps_the_built_badges(page_at, site_url, example_site):
    watch = page_at(dt.datetime(2026, 11, 1, 12, 0, tzinfo=SHANGHAI))
    watch.page.goto(site_url + "platforms/index.html")
    assert watch.page.locator("[data-recomputed]").count() == 0
    notices = oracle.notice_meta()
    assert _badges(watch.page) == {pid: LABELS[oracle.status(p, EXAMPLE_TODAY, notices)]
                                   for pid, p in oracle.platforms().items()}
    watch.assert_clean()


def _days() -> list[dt.date]:
    """Every term's and window's boundaries ±1 day, plus a weekly sweep 2020–2030."""
    days = set()
    for p in oracle.platforms().values():
        for t in p["terms"]:
            for d in (t["certified_on"], oracle.end_of_term(t["certified_on"]),
                      oracle.end_of_term(t["certified_on"]) - dt.timedelta(days=90)):
                days.update(d + dt.timedelta(days=k) for k in (-1, 0, 1))
        if p.get("revoked"):
            days.update(p["revoked"]["date"] + dt.timedelta(days=k) for k in (-1, 0, 1))
    for meta in oracle.notice_meta().values():
        for key in ("publicity_start", "publicity_end"):
            if meta.get(key):
                d = dt.date.fromisoformat(meta[key])
                days.update(d + dt.timedelta(days=k) for k in (-1, 0, 1))
    day = dt.date(2020, 1, 1)
    while day < dt.date(2030, 1, 1):
        days.add(day)
        day += dt.timedelta(days=7)
    return sorted(days)


def test_script_rules_match_the_regulation_on_every_boundary(page_factory, site_url):
    """statusOn() on each listed platform's emitted schedule equals the status restated
    from the measures (tests/oracle.py) for ~600 days around every boundary."""
    watch = page_factory()
    watch.page.goto(site_url + "platforms/index.html")
    days = [d.isoformat() for d in _days()]
    got = watch.page.evaluate(
        """days => Object.fromEntries([...document.querySelectorAll('#platform-table tbody tr')].map(
             r => [r.dataset.id, days.map(d => window.SMEStatus.statusOn(JSON.parse(r.dataset.schedule), d).key)]))""", days)
    notices = oracle.notice_meta()
    mismatches = [
        (pid, day, got[pid][i], oracle.status(p, dt.date.fromisoformat(day), notices))
        for pid, p in oracle.platforms().items() for i, day in enumerate(days)
        if got[pid][i] != oracle.status(p, dt.date.fromisoformat(day), notices)
    ]
    assert not mismatches, mismatches[:10]
    watch.assert_clean()


def test_shanghai_date_is_computed_without_the_visitor_time_zone(page_at, site_url):
    cases = {
        dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC): "2027-01-01",
        dt.datetime(2026, 12, 31, 15, 59, tzinfo=dt.UTC): "2026-12-31",
        dt.datetime(2028, 2, 28, 16, 0, tzinfo=dt.UTC): "2028-02-29",
    }
    watch = page_at(dt.datetime(2026, 11, 20, tzinfo=SHANGHAI), tz="Pacific/Honolulu")
    watch.page.goto(site_url + "index.html")
    for moment, expected in cases.items():
        assert watch.page.evaluate("ms => window.SMEStatus.todayInShanghai(ms)", moment.timestamp() * 1000) == expected
    watch.assert_clean()
