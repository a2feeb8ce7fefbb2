"""待认定 ends (issue 13): the example built for TODAY=2030-06-01 shows no 待认定 — the
applicants never certified are 未认定, lc-2023-001 (term ended 2026-12-19, renewal never
certified) is 已到期 with the overdue note — and the exports carry the same schedule."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from sme_registry.site.build import build_site
from tests import oracle
from tests.conftest import ROOT

DAY = dt.date(2030, 6, 1)


@pytest.fixture(scope="module")
def site_2030(tmp_path_factory):
    out = tmp_path_factory.mktemp("site2030") / "output"
    assert build_site(ROOT, out, DAY) == 0
    return out


def _page(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_no_stale_pending_anywhere(site_2030):
    for page in site_2030.rglob("*.html"):
        assert not _page(site_2030, page.relative_to(site_2030)).select(".badge-pending[data-status-for]"), page
    notices = oracle.notice_meta()
    expected = {pid: oracle.status(p, DAY, notices) for pid, p in oracle.platforms().items()}
    assert "pending" not in expected.values()
    rows = _page(site_2030, "platforms/index.html").select("#platform-table tbody tr")
    assert {r["data-id"]: r["data-status"] for r in rows} == expected


def test_renewal_never_certified_is_expired_with_the_overdue_note(site_2030):
    box = _page(site_2030, "platforms/lc-2023-001/index.html").select_one(".status-box")
    assert box.select_one(".badge").get_text() == "已到期"
    note = box.select_one('[data-flag="overdue"]')
    assert note is not None and not note.has_attr("hidden")
    assert "2026-12-31" in note.get_text() and "已到期" in note.get_text()
    assert box.select_one('[data-flag="!overdue"]').has_attr("hidden")


def test_exports_carry_the_schedule(site_2030):
    data = json.loads((site_2030 / "data/platforms.json").read_text(encoding="utf-8"))
    p = next(p for p in data["platforms"] if p["id"] == "lc-2023-001")
    assert p["status"] == "expired" and p["overdue"] is True and p["pending"]["due"] == "2026-12-31"
    assert [(s["from"], s["status"], s["overdue"]) for s in p["schedule"]][-2:] == [
        ("2026-12-20", "expired", False), ("2027-01-01", "expired", True)]
    assert "schedule_rows" not in p
    compact = json.loads((site_2030 / "data/status.json").read_text(encoding="utf-8"))
    rows = {q["id"]: q["schedule"] for q in compact["platforms"]}
    assert rows["lc-2023-001"] == [[s["from"], s["status"], s["valid_until"],
                                    [f for f in ("in_publicity", "ended_early", "overdue") if s[f]]]
                                   for s in p["schedule"]]
