"""Registry changes derived from the data's dates: certified, renewed, revoked, expired."""

from __future__ import annotations

import datetime as dt
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


def registry_changes(registry, today: dt.date) -> list[Change]:
    """Every change that has happened by `today`, newest first."""
    out = []
    for p in registry.platforms.values():
        url = platform_url(p.id)
        for term in p.terms:
            kind = "重新认定" if term.index else "认定"
            out.append(Change(term.certified_on, kind, p.id, p.name, url))
            end = term.valid_until + dt.timedelta(days=1)
            revoked_within = p.revoked and term.certified_on <= p.revoked.date <= term.valid_until
            followed = any(t.certified_on <= end for t in p.terms[term.index + 1 :])
            if not revoked_within and not followed:
                out.append(Change(end, "到期", p.id, p.name, url))
        if p.revoked:
            out.append(Change(p.revoked.date, "撤销", p.id, p.name, url))
    changes = [c for c in out if c.day <= today]
    return sorted(changes, key=lambda c: (c.day, c.platform_id, c.kind), reverse=True)
