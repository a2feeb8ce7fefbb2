"""Date arithmetic for certification terms (第十八条) and revocation bans (第二十条)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sme_registry.regulation.vocabulary import REVOCATION_BAN_YEARS, TERM_YEARS

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The plausible years of any date or year in the registry (the measures date from 2020;
# the earliest example record is 2020). The schemas' year fields use the same bounds
# (tests/load/test_schemas.py checks they agree); dates outside are refused with E119.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def add_years(day: dt.date, years: int) -> dt.date:
    """Same month and day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def valid_until(certified_on: dt.date) -> dt.date:
    """Certified on D → valid through D + 3 years − 1 day."""
    return add_years(certified_on, TERM_YEARS) - dt.timedelta(days=1)


def ban_end(revoked_on: dt.date) -> dt.date:
    """Last day of the three-year ban on new applications after revocation."""
    return add_years(revoked_on, REVOCATION_BAN_YEARS) - dt.timedelta(days=1)


def today_in_shanghai(env_value: str | None = None) -> dt.date:
    """`TODAY=YYYY-MM-DD` when given, else the current date in Asia/Shanghai."""
    if env_value:
        return dt.date.fromisoformat(env_value)
    return dt.datetime.now(SHANGHAI).date()


def parse_iso(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


# 认定公告 due (第十五条: one review round a year, so a batch is decided within its year).
# A batch's 认定公告 is due by this day of the batch year — or by the end of its 公示, if
# that is later. After it, an application still without a term is stale (status 未认定 or
# 已到期; warning W510). The one place that states the rule's number.
ANNOUNCEMENT_DUE_MONTH_DAY = (12, 31)


def announcement_due(batch: int, publicity_end: dt.date | None = None) -> dt.date:
    """Last day on which batch `batch`'s 认定公告 may still appear before an application is stale."""
    month, day = ANNOUNCEMENT_DUE_MONTH_DAY
    due = dt.date(batch, month, day)
    return max(due, publicity_end) if publicity_end else due


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
