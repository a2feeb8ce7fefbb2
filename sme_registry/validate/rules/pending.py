"""A recorded application (`pending`) whose 认定公告 is past due — a warning for staff.

The due day is `dates.announcement_due` (第十五条: one review round a year); after it the
site shows the applicant as 未认定 (never certified) or 已到期 (renewal after the term
ended), so staff should record the outcome: a new term, or remove `pending`."""

from __future__ import annotations

from sme_registry.derive.status import application_due
from sme_registry.problems.codes import make


def stale(registry, today) -> list[tuple[object, object]]:
    """(platform, due day) for every application still recorded after its due day, by id."""
    out = []
    for pid in sorted(registry.platforms):
        p = registry.platforms[pid]
        due = overdue(registry, p, today)
        if due is not None:
            out.append((p, due))
    return out


def overdue(registry, p, today):
    """The due day when `p`'s recorded application is past it (and not already E326), else None."""
    due = application_due(p, registry)
    if due is not None and today > due and not any(t.batch == p.pending.batch for t in p.terms):  # else E326
        return due
    return None


def one(registry, p, today):
    """W510 for one platform (`registry` is a derived.PlatformScope)."""
    due = overdue(registry, p, today)
    if due is not None:
        yield make("W510", p.path, p.pos("pending", "batch"), id=p.id, batch=p.pending.batch, due=due)
