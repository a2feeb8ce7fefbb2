"""Generators for the 统计 page (+ data/stats.json), the application guide and self-check,
and the expiring list (+ its Atom feed). Figures and lists come from the domain package."""

from __future__ import annotations

import datetime as dt
import json

from feedgenerator import Atom1Feed

from sme_registry import attention, charts, stats
from sme_registry.dates import SHANGHAI
from sme_registry.pelican_plugin.generators import RegistryGenerator
from sme_registry.vocabulary import EXPIRING_WITHIN_DAYS, OPERATOR_KINDS

EXPIRING_FEED = "feeds/expiring.atom.xml"


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


class StatsGenerator(RegistryGenerator):
    def generate_output(self, writer):
        figures = stats.compute(self.sme)
        self.raw("data/stats.json", _json(figures))
        self.page(writer, "stats/index.html", "stats", nav="stats", stats=figures,
                  charts=charts.stats_charts(figures))


class ApplyGenerator(RegistryGenerator):
    def generate_output(self, writer):
        measures = self.sme["registry"].measures
        articles = {a.anchor: a for c in measures.chapters for a in c.articles}
        self.page(writer, "apply/index.html", "apply", nav="apply", articles=articles,
                  attachments=measures.attachments)
        self.page(writer, "apply/self-check/index.html", "self-check", nav="apply",
                  operator_kinds=OPERATOR_KINDS)


class _StableAtom(Atom1Feed):
    """An empty feed would otherwise carry the wall-clock time; use the data date."""

    def __init__(self, *args, as_of: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._as_of = as_of

    def latest_post_date(self):
        return max([self._as_of] + [i["updateddate"] for i in self.items if i.get("updateddate")])


def _moment(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, tzinfo=SHANGHAI)


def expiring_feed(view: dict, base: str, today: dt.date) -> bytes:
    """Atom feed of certifications ending within 90 days; an entry is dated the day its
    platform entered that window, so the feed is the same for the same data and day."""
    site = view["site"]
    feed = _StableAtom(
        title=f"即将到期的认定 - {site.get('site_name', '')}",
        link=f"{base}/expiring/",
        feed_url=f"{base}/{EXPIRING_FEED}",
        description=f"认定有效期将在 {EXPIRING_WITHIN_DAYS} 天内结束的示范平台（第十八条）",
        language="zh-CN",
        as_of=_moment(today),
    )
    for p in attention.expiring(view):
        since = _moment(attention.entered_window(p))
        feed.add_item(
            title=f"{p['name']}：认定有效期至 {p['valid_until']}",
            link=f"{base}/{p['url']}",
            unique_id=f"{base}/{p['url']}#expiring-{p['valid_until']}",
            description=f"{p['county']}｜{p['category']}｜有效期至 {p['valid_until']}"
                        + (f"｜已在 {p['pending']['batch']} 年度重新申报" if p["pending"] else ""),
            updateddate=since,
            pubdate=since,
        )
    return feed.writeString("utf-8").encode("utf-8")


class ExpiringGenerator(RegistryGenerator):
    def generate_output(self, writer):
        build = self.context["SME_BUILD"]
        self.raw(EXPIRING_FEED, expiring_feed(self.sme, build.public_url, build.today))
        self.page(writer, "expiring/index.html", "expiring", nav="platforms",
                  expiring=attention.expiring(self.sme), within_days=EXPIRING_WITHIN_DAYS)


STATS_GENERATORS = (StatsGenerator, ApplyGenerator, ExpiringGenerator)
