"""Term and ban arithmetic (第十八条、第二十条)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sme_registry.regulation import dates

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2095, 12, 31))


def test_examples():
    assert dates.valid_until(dt.date(2023, 12, 20)) == dt.date(2026, 12, 19)
    assert dates.valid_until(dt.date(2024, 1, 1)) == dt.date(2026, 12, 31)
    assert dates.valid_until(dt.date(2023, 3, 1)) == dt.date(2026, 2, 28)
    assert dates.ban_end(dt.date(2025, 6, 1)) == dt.date(2028, 5, 31)


def test_29_february():
    # D + 3 years has no 29 February; the month's last day (28 February) stands in for it
    # (as 民法典第二百零二条 does), then one day is taken off.
    assert dates.add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
    assert dates.add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert dates.valid_until(dt.date(2024, 2, 29)) == dt.date(2027, 2, 27)
    assert dates.ban_end(dt.date(2024, 2, 29)) == dt.date(2027, 2, 27)
    # a certification in a leap year ending in a leap year keeps its 29 February
    assert dates.valid_until(dt.date(2025, 3, 1)) == dt.date(2028, 2, 29)


@given(days)
def test_valid_until_is_three_years_minus_one_day(day):
    end = dates.valid_until(day)
    assert end == dates.add_years(day, 3) - dt.timedelta(days=1)
    if (day.month, day.day) != (2, 29):
        after = end + dt.timedelta(days=1)
        assert (after.year, after.month, after.day) == (day.year + 3, day.month, day.day)


@given(days)
def test_valid_until_is_after_the_day_and_about_three_years(day):
    end = dates.valid_until(day)
    assert end > day
    assert 3 * 365 - 2 <= (end - day).days <= 3 * 366 - 1


@given(days, days)
def test_valid_until_is_monotonic(a, b):
    if a <= b:
        assert dates.valid_until(a) <= dates.valid_until(b)


@given(days)
def test_ban_end_is_three_years_minus_one_day(day):
    assert dates.ban_end(day) == dates.add_years(day, 3) - dt.timedelta(days=1)
    assert dates.ban_end(day) > day


@given(days, st.integers(min_value=-5, max_value=5))
def test_add_years_keeps_month_and_day_except_29_february(day, years):
    out = dates.add_years(day, years)
    assert out.year == day.year + years and out.month == day.month
    assert out.day == day.day or (day.month, day.day, out.day) == (2, 29, 28)


def test_parse_iso():
    assert dates.parse_iso("2023-12-20") == dt.date(2023, 12, 20)
    assert dates.parse_iso(dt.date(2023, 12, 20)) == dt.date(2023, 12, 20)
    for bad in (None, "", "2023-02-30", "20231220", "2023-12-20T00:00", 20231220):
        assert dates.parse_iso(bad) is None, bad


def test_today_from_environment_value():
    assert dates.today_in_shanghai("2026-11-25") == dt.date(2026, 11, 25)
    with pytest.raises(ValueError):
        dates.today_in_shanghai("2026/11/25")


def test_today_defaults_to_shanghai_date():
    expected = dt.datetime.now(dates.SHANGHAI).date()
    assert dates.today_in_shanghai(None) in (expected, expected + dt.timedelta(days=1))
