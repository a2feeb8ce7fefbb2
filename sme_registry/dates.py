"""Date arithmetic for certification terms (第十八条) and revocation bans (第二十条)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sme_registry.vocabulary import REVOCATION_BAN_YEARS, TERM_YEARS

SHANGHAI = ZoneInfo("Asia/Shanghai")


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
