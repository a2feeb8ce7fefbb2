"""Revocation (第二十条): a ground, a 撤销公告, inside a term, and the three-year ban."""

from __future__ import annotations

from sme_registry.problems.codes import make
from sme_registry.regulation import dates
from sme_registry.regulation.vocabulary import REVOCATION
from sme_registry.validate.rules._refs import resolve_notice


def one(registry, p, today):
    """`registry` is a derived.PlatformScope: the registry without its other platforms."""
    r = p.revoked
    if r is None:
        return
    notice, problems = resolve_notice(registry, p, ("revoked", "notice"), r.notice, REVOCATION.name)
    yield from problems
    if notice is not None and p.id not in notice.platforms:
        yield make("E317", p.path, p.pos("revoked", "notice"), notice=r.notice, id=p.id)
    if not any(t.certified_on <= r.date <= t.valid_until for t in p.terms):
        yield make("E331", p.path, p.pos("revoked", "date"), date=r.date)
    ban_end = dates.ban_end(r.date)
    for term in p.terms:
        if r.date < term.certified_on <= ban_end:
            yield make("E332", p.path, p.pos("terms", term.index, "certified_on"),
                       revoked=r.date, ban_end=ban_end, certified_on=term.certified_on)
