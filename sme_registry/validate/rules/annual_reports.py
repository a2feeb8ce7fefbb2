"""Yearly work summaries (第十七条、第十九条) and 公示 without certification — warnings."""

from __future__ import annotations

from sme_registry.problems.codes import make
from sme_registry.regulation.vocabulary import PUBLICITY


def required_years(platform, today) -> list[int]:
    """Calendar years after the year of certification on whose last day the term was
    still in force (not expired, not revoked), up to the last complete year before today."""
    years = set()
    for term in platform.terms:
        end = term.valid_until
        if platform.revoked and term.certified_on <= platform.revoked.date < end:
            end = platform.revoked.date
        last = end.year if end.month == 12 and end.day == 31 else end.year - 1
        years.update(range(term.certified_on.year + 1, min(last, today.year - 1) + 1))
    return sorted(years)


def one(registry, p, today):
    """W501 for one platform (`registry` is a derived.PlatformScope)."""
    for year in required_years(p, today):
        if year not in p.annual_reports:
            yield make("W501", p.path, p.pos("annual_reports") if "annual_reports" in p.raw else p.doc.key_pos(("id",)), year=year)


def cross(registry, today):
    """W502: a 公示 past its end naming a platform that does not reference it."""
    for n in registry.notices.values():
        if n.type != PUBLICITY.name or n.publicity_end is None or n.publicity_end >= today:
            continue
        for platform_id in n.platforms:
            p = registry.platforms.get(platform_id)
            if p is None:
                continue
            referenced = any(t.publicity == n.slug for t in p.terms) or (p.pending and p.pending.publicity == n.slug)
            if not referenced:
                yield make("W502", n.path, n.pos("platforms"), notice=n.slug, end=n.publicity_end, id=platform_id)
