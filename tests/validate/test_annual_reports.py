"""Which yearly work summaries are due (第十七条、第十九条) — rules/annual_reports.py."""

from __future__ import annotations

import datetime as dt

from sme_registry.load.model import Revocation
from sme_registry.validate.rules.annual_reports import required_years
from tests.derive.test_status import platform, term

D = dt.date


def test_years_after_certification_up_to_last_complete_year():
    p = platform([term(D(2023, 12, 20))])
    assert required_years(p, D(2026, 11, 25)) == [2024, 2025]
    assert required_years(p, D(2025, 1, 1)) == [2024]
    assert required_years(p, D(2024, 12, 31)) == []


def test_a_term_ending_on_31_december_owes_its_last_year():
    p = platform([term(D(2021, 1, 1))])  # valid through 2023-12-31
    assert required_years(p, D(2026, 11, 25)) == [2022, 2023]


def test_an_expired_term_owes_nothing_after_it_ends():
    p = platform([term(D(2020, 12, 18))])  # valid through 2023-12-17
    assert required_years(p, D(2026, 11, 25)) == [2021, 2022]


def test_revocation_ends_the_duty():
    p = platform([term(D(2023, 12, 20))], revoked=Revocation(D(2025, 6, 1), 4, "c"))
    assert required_years(p, D(2026, 11, 25)) == [2024]


def test_revocation_does_not_cancel_a_later_term():
    """Revoked in 2019, certified again in 2023 after the three-year ban: the new term owes
    its 2024 and 2025 summaries like any other."""
    p = platform([term(D(2018, 12, 20)), term(D(2023, 12, 20), 1)], revoked=Revocation(D(2019, 6, 1), 3, "c"))
    assert required_years(p, D(2026, 11, 25)) == [2024, 2025]
