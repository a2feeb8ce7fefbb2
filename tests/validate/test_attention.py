"""`make report` (python -m sme_registry report), the expiring/ page and its Atom feed."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from sme_registry.derive.views import registry_view
from sme_registry.site.pelican.feeds import FEEDS, render_feed
from sme_registry.validate import attention
from sme_registry.validate.report import validate
from sme_registry.validate.rules.annual_reports import required_years
from tests import oracle
from tests.conftest import EXAMPLE_TODAY, ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


def _expiring_ids(day: dt.date) -> list[str]:
    out = []
    for pid, p in oracle.platforms().items():
        end = oracle.in_force(p, day)
        if end is not None and (end - day).days <= 90:
            out.append(pid)
    return sorted(out)


def _report(src, today: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sme_registry", "report", "--src", str(src), "--today", today],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def example_report():
    return _report(ROOT, EXAMPLE_TODAY.isoformat())


def test_report_lists_expiring_terms(example_report):
    assert example_report.returncode == 0, example_report.stderr
    out = example_report.stdout
    expected = _expiring_ids(EXAMPLE_TODAY)
    assert expected
    assert f"90 天内到期的认定（第十八条，有效期三年）：{len(expected)} 个" in out
    section = out.split("一、", 1)[1].split("二、", 1)[0]
    listed = sorted(line.split()[1] for line in section.splitlines() if line.startswith("  - "))
    assert listed == expected


def test_report_lists_missing_annual_reports(example_report):
    registry, _ = validate(ROOT, EXAMPLE_TODAY)
    missing = {pid: [y for y in required_years(p, EXAMPLE_TODAY) if y not in p.annual_reports]
               for pid, p in registry.platforms.items()}
    missing = {pid: years for pid, years in missing.items() if years}
    assert missing  # the example data carries such cases
    out = example_report.stdout.split("二、", 1)[1].split("三、", 1)[0]
    for pid, years in missing.items():
        line = next(line for line in out.splitlines() if f" {pid} " in line)
        assert "缺 " + "、".join(map(str, years)) + " 年度" in line
    # independent check against the YAML: each flagged year is after certification and absent from the file
    plats = oracle.platforms()
    for pid, years in missing.items():
        filed = {r["year"] for r in plats[pid].get("annual_reports") or []}
        first = plats[pid]["terms"][0]["certified_on"].year
        assert all(y > first and y not in filed for y in years)


def test_report_lists_open_publicity_windows(example_report):
    open_now = [m for m in oracle.notice_meta().values()
                if m.get("type") == "公示" and m["publicity_start"] <= EXAMPLE_TODAY.isoformat() <= m["publicity_end"]]
    assert open_now
    out = example_report.stdout.split("三、", 1)[1].split("四、", 1)[0]
    assert f"：{len(open_now)} 个" in out.splitlines()[0]
    for m in open_now:
        assert f"{m['title']}：{m['publicity_start']} 至 {m['publicity_end']}" in out


def test_report_names_calendar_years_to_add(example_report):
    registry, _ = validate(ROOT, EXAMPLE_TODAY)
    unknown = [y for y in (EXAMPLE_TODAY.year, EXAMPLE_TODAY.year + 1) if not registry.calendar.knows(y)]
    out = example_report.stdout.split("四、", 1)[1]
    for year in unknown:
        assert f"data/calendar/{year}.yaml" in out
    if not unknown:
        assert "均已具备" in out


def test_report_lists_applications_past_their_due_day():
    """待认定 ends (issue 13): in 2030 every recorded 2026 application is past its 认定公告
    due day (31 December of the batch year), so staff see each one, and validate warns W510."""
    day = dt.date(2030, 6, 1)
    notices = oracle.notice_meta()
    stale = sorted(pid for pid, p in oracle.platforms().items()
                   if p.get("pending") and day > oracle.announcement_due(p, notices))
    assert stale and "lc-2023-001" in stale
    out = _report(ROOT, day.isoformat()).stdout
    section = out.split("五、", 1)[1].split("六、", 1)[0]
    assert f"W510）：{len(stale)} 个" in section.splitlines()[0]
    assert sorted(line.split()[1] for line in section.splitlines() if line.startswith("  - ")) == stale
    assert "五、逾期未登记认定结果的申报" in _report(ROOT, EXAMPLE_TODAY.isoformat()).stdout
    run = subprocess.run([sys.executable, "-m", "sme_registry", "validate", "--src", str(ROOT), "--today", day.isoformat()],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    flagged = sorted(line.split("/")[2].split(".yaml")[0] for line in run.stdout.splitlines() if " W510 " in line)
    assert flagged == stale


def test_report_with_both_calendar_years_known():
    res = _report(ROOT, "2025-03-01")  # data dated later than this day is an error: exit 1, list still printed
    assert "2025 年和 2026 年的工作日安排均已具备" in res.stdout


def test_report_on_invalid_data_exits_1_in_chinese(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    broken = tmp_path / "data/platforms/lc-2020-001.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("county: 东昌府区", "county: 不存在县"),
                      encoding="utf-8")
    res = _report(tmp_path, EXAMPLE_TODAY.isoformat())
    assert res.returncode == 1
    assert "make validate" in res.stdout


def test_render_without_items_says_nothing_to_do():
    a = attention.Attention([], [], [], [], 0, 0)
    text = attention.render(a, dt.date(2025, 3, 1))
    assert text.count("  无。") == 5 and "目前没有需要处理的事项。" in text


def test_ended_publicity_with_platforms_still_pending_is_listed():
    from sme_registry.validate.report import validate

    registry, _ = validate(ROOT, dt.date(2026, 12, 5))  # the 2026-11-23 公示 ended on 2026-11-27
    items = attention.ended_publicity_awaiting(registry, dt.date(2026, 12, 5))
    assert [(slug, end, ids) for slug, _, end, ids in items] == [
        ("2026-11-23-gongshi", "2026-11-27", ["lc-2023-001", "lc-2026-001", "lc-2026-002", "lc-2026-003"])]
    assert attention.ended_publicity_awaiting(registry, dt.date(2026, 11, 27)) == []  # still running that day
    text = attention.render(attention.collect(registry, dt.date(2026, 12, 5)), dt.date(2026, 12, 5))
    assert "六、公示已结束、仍待认定的平台" in text and "4 个平台仍待认定" in text


def test_expiring_page_lists_the_yaml_expiring_platforms(example_site):
    soup = BeautifulSoup((example_site / "expiring/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select(".expiring-table tbody tr")
    assert sorted(r["data-id"] for r in rows) == _expiring_ids(EXAMPLE_TODAY)
    plats = oracle.platforms()
    ends = []
    for r in rows:
        p = plats[r["data-id"]]
        end = oracle.in_force(p, EXAMPLE_TODAY)
        ends.append(end)
        assert r.select_one("time").get_text() == end.isoformat()
        assert r.select_one("[data-days-left]").get_text() == f"{(end - EXAMPLE_TODAY).days} 天"
        assert r.get("data-schedule")  # status.js can pick the status for a later day
    assert ends == sorted(ends)
    assert soup.select_one("#expiring-count").get_text() == str(len(rows))
    assert soup.select_one('link[rel="alternate"][href$="feeds/expiring.atom.xml"]')


def test_expiring_feed_entries(example_site):
    root = ET.fromstring((example_site / "feeds/expiring.atom.xml").read_bytes())
    entries = root.findall(f"{ATOM}entry")
    ids = sorted(e.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[1] for e in entries)
    assert ids == _expiring_ids(EXAMPLE_TODAY)
    for e in entries:
        assert e.find(f"{ATOM}link").get("href").startswith("https://")
        assert "认定有效期至" in e.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}updated").text.startswith("2026-")


def test_empty_expiring_feed_is_dated_by_the_data_not_the_clock():
    registry, _ = validate(ROOT, dt.date(2019, 1, 1))
    view = registry_view(registry, dt.date(2019, 1, 1))
    view["site"] = registry.site
    expiring = next(f for f in FEEDS if f.name == "feeds/expiring.atom.xml")
    first = render_feed(expiring, view, "https://example.org/sme")
    assert b"<entry>" not in first
    assert b"<updated>2019-01-01T00:00:00+08:00</updated>" in first
    assert render_feed(expiring, view, "https://example.org/sme") == first
