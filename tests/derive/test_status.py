"""Status on a day (DESIGN §2): 有效 / 即将到期 / 已到期 / 已撤销 / 公示中 / 待认定."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from sme_registry.derive.status import LABELS, status_on
from sme_registry.load.model import Notice, Pending, Platform, Revocation, Term
from sme_registry.load.yaml_strict import Document
from sme_registry.validate.report import validate

BASE = Path(__file__).resolve().parents[1] / "fixtures/base"
D = dt.date


@pytest.fixture(scope="module")
def registry():
    reg, report = validate(BASE, D(2026, 11, 25))
    assert report.problems == []
    return reg


def at(registry, platform_id, day):
    return status_on(registry.platforms[platform_id], registry, day)


# t-2023-001: certified 2023-12-20, valid through 2026-12-19.
@pytest.mark.parametrize(
    ("day", "key", "days_left"),
    [
        (D(2023, 12, 20), "valid", 1095),
        (D(2026, 9, 19), "valid", 91),
        (D(2026, 9, 20), "expiring", 90),
        (D(2026, 11, 25), "expiring", 24),
        (D(2026, 12, 19), "expiring", 0),
    ],
)
def test_valid_and_expiring_boundaries(registry, day, key, days_left):
    status = at(registry, "t-2023-001", day)
    assert (status.key, status.days_left, status.valid_until) == (key, days_left, D(2026, 12, 19))
    assert status.label == LABELS[key]
    assert status.on == day


def test_the_day_after_valid_until_is_expired(registry):
    status = at(registry, "t-2023-001", D(2026, 12, 20))
    assert (status.key, status.label, status.valid_until) == ("expired", "已到期", D(2026, 12, 19))


def test_before_the_first_certification_is_pending(registry):
    assert at(registry, "t-2023-001", D(2023, 12, 19)).key == "pending"


def test_revoked_from_the_revocation_day(registry):
    assert at(registry, "t-2023-002", D(2025, 5, 31)).key == "valid"
    status = at(registry, "t-2023-002", D(2025, 6, 1))
    assert (status.key, status.label) == ("revoked", "已撤销")
    assert at(registry, "t-2023-002", D(2030, 1, 1)).key == "revoked"


@pytest.mark.parametrize(
    ("day", "key"),
    [(D(2026, 11, 22), "pending"), (D(2026, 11, 23), "publicity"), (D(2026, 11, 27), "publicity"),
     (D(2026, 11, 28), "pending")],
)
def test_candidate_in_and_out_of_its_publicity_window(registry, day, key):
    status = at(registry, "t-2026-003", day)
    assert status.key == key
    assert status.in_publicity == (key == "publicity")
    assert status.valid_until is None


def test_every_status_has_a_chinese_label():
    assert LABELS == {"valid": "有效", "expiring": "即将到期", "expired": "已到期", "revoked": "已撤销",
                      "publicity": "公示中", "pending": "待认定", "not_certified": "未认定"}


# ---- small model objects -----------------------------------------------------------

def term(day: dt.date, index: int = 0) -> Term:
    return Term(batch=day.year, certified_on=day, publicity=f"g{index}", announcement=f"r{index}", index=index)


def platform(terms, revoked=None, pending=None) -> Platform:
    return Platform(
        id="p", name="测试平台", operator_name="测试单位", credit_code="91371502MA0000001X",
        operator_kind="企业", county="东昌府区", category="专业类", services=["技术服务"],
        terms=terms, path="data/platforms/p.yaml", doc=Document(data={}), raw={},
        revoked=revoked, pending=pending,
    )


def gongshi(slug: str, start: dt.date, end: dt.date) -> Notice:
    return Notice(slug=slug, title="公示", date=start, type="公示", platforms=["p"], path=f"content/notices/{slug}.md",
                  doc=Document(data={}), body="", body_line=1, publicity_start=start, publicity_end=end)


def reg(*notices) -> SimpleNamespace:
    return SimpleNamespace(notices={n.slug: n for n in notices})


def test_renewal_publicity_during_a_running_term_keeps_the_term_status():
    p = platform([term(D(2023, 12, 20))], pending=Pending(2026, "renew"))
    r = reg(gongshi("renew", D(2026, 11, 23), D(2026, 11, 27)))
    status = status_on(p, r, D(2026, 11, 24))
    assert (status.key, status.in_publicity) == ("expiring", True)


def test_publicity_after_expiry_shows_publicity_then_expired():
    """A renewal pending after the term ended is 已到期 (the page notes the application);
    past the batch's 认定公告 due day (31 December) it is marked overdue."""
    p = platform([term(D(2020, 12, 18))], pending=Pending(2026, "renew"))
    r = reg(gongshi("renew", D(2026, 11, 23), D(2026, 11, 27)))
    assert status_on(p, r, D(2026, 11, 25)).key == "publicity"
    assert status_on(p, r, D(2026, 11, 25)).valid_until == D(2023, 12, 17)
    status = status_on(p, r, D(2026, 11, 30))
    assert (status.key, status.overdue, status.valid_until) == ("expired", False, D(2023, 12, 17))
    assert (status_on(p, r, D(2027, 1, 1)).key, status_on(p, r, D(2027, 1, 1)).overdue) == ("expired", True)


def test_applicant_is_pending_until_its_announcement_is_due_then_not_certified():
    p = platform([], pending=Pending(2026, "new"))
    r = reg(gongshi("new", D(2026, 11, 23), D(2026, 11, 27)))
    assert status_on(p, r, D(2026, 11, 20)).key == "pending"
    assert status_on(p, r, D(2026, 11, 23)).key == "publicity"
    assert status_on(p, r, D(2026, 12, 31)).key == "pending"
    status = status_on(p, r, D(2027, 1, 1))
    assert (status.key, status.label, status.overdue) == ("not_certified", "未认定", True)


def test_late_publicity_moves_the_due_day_to_its_end():
    p = platform([], pending=Pending(2026, "late"))
    r = reg(gongshi("late", D(2026, 12, 28), D(2027, 1, 4)))
    assert status_on(p, r, D(2027, 1, 4)).key == "publicity"
    assert status_on(p, r, D(2027, 1, 5)).key == "not_certified"


def test_revocation_cutting_a_term_short_is_marked():
    p = platform([term(D(2023, 12, 20))], revoked=Revocation(D(2025, 6, 1), 1, "c"))
    status = status_on(p, reg(), D(2025, 6, 1))
    assert (status.key, status.ended_early, status.valid_until) == ("revoked", True, D(2026, 12, 19))


def test_expired_without_pending():
    p = platform([term(D(2020, 12, 18))])
    assert status_on(p, reg(), D(2023, 12, 17)).key == "expiring"
    assert status_on(p, reg(), D(2023, 12, 18)).key == "expired"


def test_second_term_takes_over_the_day_after_the_first_ends():
    p = platform([term(D(2020, 12, 18)), term(D(2023, 12, 18), 1)])
    status = status_on(p, reg(), D(2023, 12, 18))
    assert (status.key, status.valid_until) == ("valid", D(2026, 12, 17))


def test_future_revocation_does_not_apply_yet():
    p = platform([term(D(2023, 12, 20))], revoked=Revocation(D(2026, 12, 1), 1, "c"))
    assert status_on(p, reg(), D(2026, 11, 25)).key == "expiring"
    assert status_on(p, reg(), D(2026, 12, 1)).key == "revoked"


def test_recertified_after_the_ban_is_valid_again():
    """第二十条: revoked 2019-06-01, no application until 2022-05-31; certified again on
    2023-12-20 (after the ban), so on 2024-06-01 the platform holds a valid certification.
    The old revocation stays in its history but must not hide the new term."""
    p = platform([term(D(2018, 12, 20)), term(D(2023, 12, 20), 1)], revoked=Revocation(D(2019, 6, 1), 3, "c"))
    status = status_on(p, reg(), D(2024, 6, 1))
    assert (status.key, status.valid_until) == ("valid", D(2026, 12, 19))
    assert status_on(p, reg(), D(2020, 1, 1)).key == "revoked"
