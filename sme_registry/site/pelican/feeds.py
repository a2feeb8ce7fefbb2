"""Every Atom feed of the site, written by one function from one list of feed definitions:
all notices, 公示 alone, registry changes and certifications about to expire.

Feeds depend on the data and TODAY only: an entry is dated by its data (a notice's date,
the day of a change, the day a platform entered the expiry window) and a feed's `updated`
is its newest entry's date, or TODAY for an empty feed (feedgenerator would use the wall
clock) and for a feed that lists a state as of TODAY, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from feedgenerator import Atom1Feed

from sme_registry.derive.changes import registry_changes
from sme_registry.regulation import vocabulary as V
from sme_registry.regulation.dates import SHANGHAI
from sme_registry.regulation.vocabulary import EXPIRING_WITHIN_DAYS, PUBLICITY
from sme_registry.validate import attention

CHANGES_IN_FEED = 200  # newest changes only; the full history is in data/terms.csv


@dataclass(frozen=True)
class Entry:
    title: str
    url: str  # relative to the site root
    anchor: str  # makes the entry's id unique among entries pointing at the same page
    description: str
    day: dt.date


@dataclass(frozen=True)
class Feed:
    name: str  # where the feed is written, relative to the site root
    title: str
    description: str
    page: str  # the page the feed belongs to, relative to the site root
    entries: Callable[[dict], list[Entry]]
    as_of_today: bool = False  # the list is a state on TODAY (entries leave it): updated = TODAY


def _moment(day: str | dt.date) -> dt.datetime:
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


class _DatedAtom(Atom1Feed):
    """`updated` is the newest entry's date; an empty feed takes TODAY, never the clock."""

    def __init__(self, *args, today: dt.date, as_of_today: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._today, self._as_of_today = _moment(today), as_of_today

    def latest_post_date(self):
        dates = [item["updateddate"] for item in self.items if item.get("updateddate")]
        return max([self._today] + dates if self._as_of_today else dates or [self._today])


def _notices(sme: dict) -> list[Entry]:
    return [Entry(n["title"], n["url"], n["slug"], f"{n['type']}｜{n['date']}", dt.date.fromisoformat(n["date"]))
            for n in sme["notices"]]


def _gongshi(sme: dict) -> list[Entry]:
    return [e for e, n in zip(_notices(sme), sme["notices"], strict=True) if n["type"] == V.PUBLICITY.name]


def _changes(sme: dict) -> list[Entry]:
    changes = registry_changes(sme["registry"], sme["today"], CHANGES_IN_FEED)
    return [Entry(c.title, c.url, f"{c.kind}-{c.day.isoformat()}", f"{c.day.isoformat()} {c.kind}", c.day)
            for c in changes]


def _expiring(sme: dict) -> list[Entry]:
    """Certifications ending within the window, each dated the day its platform entered it."""
    return [
        Entry(f"{p['name']}：认定有效期至 {p['valid_until']}", p["url"], f"expiring-{p['valid_until']}",
              f"{p['county']}｜{p['category']}｜有效期至 {p['valid_until']}"
              + (f"｜已在 {p['pending']['batch']} 年度重新申报" if p["pending"] else ""),
              attention.entered_window(p))
        for p in attention.expiring(sme)
    ]


FEEDS = (
    Feed("feeds/notices.atom.xml", "通知公告", "通知公告", "", _notices),
    Feed(f"feeds/{PUBLICITY.key}.atom.xml", PUBLICITY.name, PUBLICITY.name, "", _gongshi),
    Feed("feeds/changes.atom.xml", "名录变动", "名录变动", "", _changes),
    Feed("feeds/expiring.atom.xml", "即将到期的认定",
         f"认定有效期将在 {EXPIRING_WITHIN_DAYS} 天内结束的示范平台（第十八条）", "expiring/", _expiring,
         as_of_today=True),
)


def render_feed(feed: Feed, sme: dict, base: str) -> bytes:
    """One feed as bytes; `base` is the site's public address without a trailing slash."""
    atom = _DatedAtom(
        title=f"{feed.title} - {sme['site'].get('site_name', '')}",
        link=f"{base}/{feed.page}",
        feed_url=f"{base}/{feed.name}",
        description=feed.description,
        language="zh-CN",
        today=sme["today"],
        as_of_today=feed.as_of_today,
    )
    for entry in feed.entries(sme):
        moment = _moment(entry.day)
        atom.add_item(
            title=entry.title,
            link=f"{base}/{entry.url}",
            unique_id=f"{base}/{entry.url}#{entry.anchor}",
            description=entry.description,
            updateddate=moment,
            pubdate=moment,
        )
    return atom.writeString("utf-8").encode("utf-8")


def write_feeds(sme: dict, build, output: Path) -> None:
    """`build` is the BuildContext (the public URL)."""
    base = build.public_url
    for feed in FEEDS:
        target = output / feed.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_feed(feed, sme, base))
