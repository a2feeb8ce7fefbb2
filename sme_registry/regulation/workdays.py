"""Working days on the official Chinese calendar (第十三条: 公示 5 个工作日).

The `chinesecalendar` package carries the State Council's holiday and 调休 arrangements;
`data/calendar/<year>.yaml` overrides or extends it. A year neither source knows is an
error the caller reports — never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar


class UnknownYear(Exception):
    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


@dataclass
class Arrangement:
    """One year's overrides from data/calendar/<year>.yaml."""

    year: int
    holidays: set = field(default_factory=set)
    workdays: set = field(default_factory=set)


class WorkCalendar:
    def __init__(self, arrangements: dict[int, Arrangement] | None = None):
        self.arrangements = arrangements or {}

    def knows(self, year: int) -> bool:
        return year in self.arrangements or _package_knows(year)

    def is_workday(self, day: dt.date) -> bool:
        extra = self.arrangements.get(day.year)
        if extra is not None:
            if day in extra.workdays:
                return True
            if day in extra.holidays:
                return False
            if not _package_knows(day.year):
                return day.weekday() < 5
        if not _package_knows(day.year):
            raise UnknownYear(day.year)
        return chinese_calendar.is_workday(day)

    def count_workdays(self, start: dt.date, end: dt.date) -> int:
        """Working days from start to end, both included."""
        days, day = 0, start
        while day <= end:
            days += self.is_workday(day)
            day += dt.timedelta(days=1)
        return days

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The date on which a window of `count` working days beginning at `start` ends."""
        if count < 1:
            raise ValueError("count must be at least 1")
        day, seen = start, 0
        while True:
            if self.is_workday(day):
                seen += 1
                if seen == count:
                    return day
            day += dt.timedelta(days=1)


_PACKAGE_YEARS = frozenset(day.year for day in chinese_calendar.constants.holidays)


def _package_knows(year: int) -> bool:
    return year in _PACKAGE_YEARS
