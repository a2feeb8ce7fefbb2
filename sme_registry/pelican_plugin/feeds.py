"""Atom feeds: all notices, 公示 alone, and registry changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from feedgenerator import Atom1Feed

from sme_registry.changes import registry_changes
from sme_registry.dates import SHANGHAI
from sme_registry.vocabulary import PUBLICITY

CHANGES_IN_FEED = 200  # newest changes only; the full history is in data/terms.csv

FEEDS = {
    "feeds/notices.atom.xml": "通知公告",
    f"feeds/{PUBLICITY.key}.atom.xml": PUBLICITY.name,
    "feeds/changes.atom.xml": "名录变动",
}


def _moment(day: str | dt.date) -> dt.datetime:
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def _feed(base: str, name: str, title: str, site: dict, items) -> bytes:
    feed = Atom1Feed(
        title=f"{title} - {site.get('site_name', '')}",
        link=f"{base}/",
        feed_url=f"{base}/{name}",
        description=title,
        language="zh-CN",
    )
    for item in items:
        feed.add_item(
            title=item["title"],
            link=f"{base}/{item['url']}",
            unique_id=f"{base}/{item['url']}#{item['id']}",
            description=item["description"],
            updateddate=_moment(item["date"]),
            pubdate=_moment(item["date"]),
        )
    return feed.writeString("utf-8").encode("utf-8")


def write_feeds(sme: dict, build, output: Path) -> None:
    """`build` is the BuildContext (public URL and day)."""
    base = build.public_url
    site = sme["site"]
    notices = [
        {"title": n["title"], "url": n["url"], "id": n["slug"], "date": n["date"],
         "description": f"{n['type']}｜{n['date']}"}
        for n in sme["notices"]
    ]
    changes = [
        {"title": c.title, "url": c.url, "id": f"{c.kind}-{c.day.isoformat()}", "date": c.day,
         "description": f"{c.day.isoformat()} {c.kind}"}
        for c in registry_changes(sme["registry"], build.today)[:CHANGES_IN_FEED]
    ]
    items = {
        "feeds/notices.atom.xml": notices,
        f"feeds/{PUBLICITY.key}.atom.xml": [n for n, v in zip(notices, sme["notices"], strict=True)
                                            if v["type"] == PUBLICITY.name],
        "feeds/changes.atom.xml": changes,
    }
    for name, title in FEEDS.items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_feed(base, name, title, site, items[name]))
