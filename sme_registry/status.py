"""A platform's status on a given day (DESIGN §2): derived from dates, never stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sme_registry.vocabulary import EXPIRING_WITHIN_DAYS

LABELS = {
    "valid": "有效",
    "expiring": "即将到期",
    "expired": "已到期",
    "revoked": "已撤销",
    "publicity": "公示中",
    "pending": "待认定",
}


@dataclass(frozen=True)
class Status:
    key: str
    on: dt.date
    valid_until: dt.date | None = None
    days_left: int | None = None
    in_publicity: bool = False  # a renewal 公示 open while the current term runs

    @property
    def label(self) -> str:
        return LABELS[self.key]


def status_on(platform, registry, today: dt.date) -> Status:
    publicity_open = _publicity_open(platform, registry, today)
    revoked = platform.revoked
    if revoked and revoked.date <= today and not any(revoked.date < t.certified_on <= today for t in platform.terms):
        return Status("revoked", today, _last_valid_until(platform))
    current = next((t for t in platform.terms if t.certified_on <= today <= t.valid_until), None)
    if current is not None:
        days_left = (current.valid_until - today).days
        key = "expiring" if days_left <= EXPIRING_WITHIN_DAYS else "valid"
        return Status(key, today, current.valid_until, days_left, in_publicity=publicity_open)
    if publicity_open:
        return Status("publicity", today, _last_valid_until(platform), in_publicity=True)
    if platform.pending is not None or not any(t.certified_on <= today for t in platform.terms):
        return Status("pending", today, _last_valid_until(platform))
    return Status("expired", today, _last_valid_until(platform))


def _last_valid_until(platform) -> dt.date | None:
    past = platform.terms
    return past[-1].valid_until if past else None


def _publicity_open(platform, registry, today) -> bool:
    if platform.pending is None:
        return False
    notice = registry.notices.get(platform.pending.publicity)
    return bool(
        notice and notice.publicity_start and notice.publicity_end
        and notice.publicity_start <= today <= notice.publicity_end
    )
