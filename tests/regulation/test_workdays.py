"""Working days on the official calendar, 调休 included (第十三条)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sme_registry.regulation.workdays import Arrangement, UnknownYear, WorkCalendar

CAL = WorkCalendar()
KNOWN = sorted({d.year for d in chinese_calendar.constants.holidays})
known_days = st.dates(min_value=dt.date(KNOWN[0], 1, 1), max_value=dt.date(KNOWN[-1], 11, 30))
unknown_years = st.integers(min_value=2000, max_value=2100).filter(lambda y: y not in KNOWN)


def test_2025_national_day_and_tiaoxiu():
    assert CAL.is_workday(dt.date(2025, 9, 28))  # Sunday, 调休 workday
    assert CAL.is_workday(dt.date(2025, 10, 11))  # Saturday, 调休 workday
    for day in range(1, 9):
        assert not CAL.is_workday(dt.date(2025, 10, day))
    assert CAL.is_workday(dt.date(2025, 10, 9))
    assert CAL.count_workdays(dt.date(2025, 9, 26), dt.date(2025, 10, 9)) == 5
    assert CAL.add_workdays(dt.date(2025, 9, 26), 5) == dt.date(2025, 10, 9)


def test_2026_new_year():
    assert not CAL.is_workday(dt.date(2026, 1, 1))
    assert CAL.count_workdays(dt.date(2026, 11, 23), dt.date(2026, 11, 27)) == 5


def test_count_includes_both_ends_and_empty_range_is_zero():
    assert CAL.count_workdays(dt.date(2023, 12, 11), dt.date(2023, 12, 11)) == 1
    assert CAL.count_workdays(dt.date(2023, 12, 11), dt.date(2023, 12, 10)) == 0


@given(known_days)
def test_add_then_count_five(start):
    assume(CAL.is_workday(start))
    end = CAL.add_workdays(start, 5)
    assert CAL.count_workdays(start, end) == 5
    assert CAL.is_workday(end)
    assert CAL.count_workdays(start, end - dt.timedelta(days=1)) == 4


@given(known_days)
def test_weekends_are_not_workdays_unless_tiaoxiu(day):
    assume(day.weekday() >= 5)
    assert CAL.is_workday(day) == (day in chinese_calendar.constants.workdays)


@given(known_days)
def test_agrees_with_the_calendar_package(day):
    assert CAL.is_workday(day) == chinese_calendar.is_workday(day)


@given(unknown_years, st.integers(min_value=1, max_value=365))
def test_unknown_year_raises_and_never_guesses(year, ordinal):
    day = dt.date(year, 1, 1) + dt.timedelta(days=ordinal - 1)
    assume(day.year == year)
    with pytest.raises(UnknownYear) as info:
        CAL.is_workday(day)
    assert info.value.year == year
    assert not CAL.knows(year)


@given(unknown_years, st.integers(min_value=1, max_value=365))
def test_unknown_year_with_an_arrangement_uses_weekdays_and_overrides(year, ordinal):
    day = dt.date(year, 1, 1) + dt.timedelta(days=ordinal - 1)
    assume(day.year == year)
    cal = WorkCalendar({year: Arrangement(year)})
    assert cal.knows(year)
    assert cal.is_workday(day) == (day.weekday() < 5)
    flipped = WorkCalendar({year: Arrangement(year, holidays={day} if day.weekday() < 5 else set(),
                                              workdays={day} if day.weekday() >= 5 else set())})
    assert flipped.is_workday(day) == (day.weekday() >= 5)


def test_counting_across_into_an_unknown_year_raises_for_that_year():
    with pytest.raises(UnknownYear) as info:
        CAL.count_workdays(dt.date(KNOWN[-1], 12, 28), dt.date(KNOWN[-1] + 1, 1, 5))
    assert info.value.year == KNOWN[-1] + 1


def test_arrangement_overrides_a_known_year():
    day = dt.date(2025, 12, 31)  # a Wednesday workday in the package
    assert CAL.is_workday(day)
    assert not WorkCalendar({2025: Arrangement(2025, holidays={day})}).is_workday(day)
    sunday = dt.date(2025, 12, 28)
    assert WorkCalendar({2025: Arrangement(2025, workdays={sunday})}).is_workday(sunday)
    # days the arrangement does not mention still come from the package
    assert not WorkCalendar({2025: Arrangement(2025)}).is_workday(dt.date(2025, 10, 1))
