"""Notices: 公示 windows of 5 working days (第十三条) and the platforms they list."""

from __future__ import annotations

from sme_registry.problems.codes import make
from sme_registry.regulation import vocabulary as V
from sme_registry.regulation.vocabulary import PUBLICITY, PUBLICITY_WORKDAYS
from sme_registry.regulation.workdays import UnknownYear
from sme_registry.validate.rules._refs import suggestion


def check(registry, today):
    for n in registry.notices.values():
        for position, platform_id in enumerate(n.platforms):
            if platform_id not in registry.platform_files:
                yield make("E403", n.path, _platform_pos(n, position), id=platform_id,
                           suggestion=suggestion(platform_id, registry.platform_files))
        if n.type == PUBLICITY.name:
            yield from _window(registry, n)
    yield from duplicate_titles(registry)
    yield from empty_publicity(registry)


def duplicate_titles(registry):
    """Two notices with one title cannot be told apart in a list or a feed (E161)."""
    first: dict[str, object] = {}
    for n in sorted(registry.notices.values(), key=lambda n: (n.date, n.slug)):
        title = " ".join(n.title.split())
        if title in first:
            yield make("E161", n.path, n.pos("title"), title=title, other=first[title].path)
        else:
            first[title] = n


def empty_publicity(registry):
    """A 公示 lists the platforms proposed for certification; one listing none is a slip (E162)."""
    for n in registry.notices.values():
        if n.type == V.PUBLICITY.name and not n.platforms:
            yield make("E162", n.path, n.pos("platforms") if "platforms" in n.doc.data else n.pos("type"),
                       notice=n.slug)


def _platform_pos(notice, position: int) -> tuple[int, int]:
    """Column of the position-th id on the `platforms:` line."""
    line, col = notice.pos("platforms")
    raw = notice.doc.data.get("platforms", "")
    offset = 0
    for index, part in enumerate(raw.split(",")):
        if index == position:
            return line, col + offset + (len(part) - len(part.lstrip()))
        offset += len(part) + 1
    return line, col


def _window(registry, n):
    if n.publicity_start is None or n.publicity_end is None:
        yield make("E315", n.path, n.pos("type"))
        return
    if n.publicity_start > n.publicity_end:
        yield make("E314", n.path, n.pos("publicity_start"), notice=n.slug, start=n.publicity_start, end=n.publicity_end)
        return
    try:
        days = registry.calendar.count_workdays(n.publicity_start, n.publicity_end)
    except UnknownYear as exc:
        key = "publicity_start" if exc.year == n.publicity_start.year else "publicity_end"
        yield make("E313", n.path, n.pos(key), year=exc.year)
        return
    if days != PUBLICITY_WORKDAYS:
        yield make("E311", n.path, n.pos("publicity_end"), notice=n.slug, start=n.publicity_start,
                   end=n.publicity_end, days=days)
