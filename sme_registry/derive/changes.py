"""Registry changes derived from the data's dates: certified, renewed, revoked, expired."""

from __future__ import annotations

import datetime as dt
import heapq
import operator
from dataclasses import dataclass

from sme_registry.derive.views import platform_url


@dataclass(frozen=True)
class Change:
    day: dt.date
    kind: str  # 认定 | 重新认定 | 撤销 | 到期
    platform_id: str
    platform_name: str
    url: str

    @property
    def title(self) -> str:
        return f"{self.kind}：{self.platform_name}"


def registry_changes(registry, today: dt.date, limit: int | None = None) -> list[Change]:
    """Every change that has happened by `today`, newest first (the newest `limit` of them
    when given: the same list cut after `limit`, without making the others)."""
    found = []  # (day, platform id, kind, platform): the sort key first
    for p in registry.platforms.values():
        for term in p.terms:
            if term.certified_on <= today:
                found.append((term.certified_on, p.id, "重新认定" if term.index else "认定", p))
            end = term.valid_until + dt.timedelta(days=1)
            if end > today:
                continue
            revoked_within = p.revoked and term.certified_on <= p.revoked.date <= term.valid_until
            followed = any(t.certified_on <= end for t in p.terms[term.index + 1 :])
            if not revoked_within and not followed:
                found.append((end, p.id, "到期", p))
        if p.revoked and p.revoked.date <= today:
            found.append((p.revoked.date, p.id, "撤销", p))
    key = operator.itemgetter(0, 1, 2)
    newest = sorted(found, key=key, reverse=True) if limit is None else heapq.nlargest(limit, found, key=key)
    return [Change(day, kind, pid, p.name, platform_url(pid)) for day, pid, kind, p in newest]
