"""Certification terms: 公示 and 认定公告 references, batches, validity (第十三—十八条)."""

from __future__ import annotations

from sme_registry.problems.codes import make
from sme_registry.regulation.vocabulary import ANNOUNCEMENT, PUBLICITY
from sme_registry.validate.rules._refs import resolve_notice


def one(registry, p, today):
    """`registry` is a derived.PlatformScope: the registry without its other platforms."""
    seen_batches = set()
    previous = None
    for term in p.terms:
        i = term.index
        if term.certified_on.year != term.batch:
            yield make("E320", p.path, p.pos("terms", i, "batch"), batch=term.batch, certified_on=term.certified_on)
        if term.batch in seen_batches:
            yield make("E321", p.path, p.pos("terms", i, "batch"), batch=term.batch)
        seen_batches.add(term.batch)
        if term.certified_on > today:
            yield make("E324", p.path, p.pos("terms", i, "certified_on"), certified_on=term.certified_on, today=today)
        if previous is not None:
            if term.certified_on < previous.certified_on:
                yield make("E323", p.path, p.pos("terms", i, "certified_on"))
            elif term.certified_on <= previous.valid_until:
                yield make("E322", p.path, p.pos("terms", i, "certified_on"),
                           certified_on=term.certified_on, previous_end=previous.valid_until)
        previous = term
        yield from _publicity(registry, p, ("terms", i, "publicity"), term.publicity, term.certified_on)
        yield from _announcement(registry, p, term)
    if p.pending:
        yield from _publicity(registry, p, ("pending", "publicity"), p.pending.publicity, None)


def _publicity(registry, p, path, slug, certified_on):
    notice, problems = resolve_notice(registry, p, path, slug, PUBLICITY.name)
    yield from problems
    if notice is None:
        return
    if p.id not in notice.platforms:
        yield make("E310", p.path, p.pos(*path), notice=slug, id=p.id)
    if certified_on and notice.publicity_end and notice.publicity_end >= certified_on:
        yield make("E312", p.path, p.pos(*path[:-1], "certified_on"), notice=slug,
                   end=notice.publicity_end, certified_on=certified_on)


def _announcement(registry, p, term):
    path = ("terms", term.index, "announcement")
    notice, problems = resolve_notice(registry, p, path, term.announcement, ANNOUNCEMENT.name)
    yield from problems
    if notice is not None and p.id not in notice.platforms:
        yield make("E317", p.path, p.pos(*path), notice=term.announcement, id=p.id)
