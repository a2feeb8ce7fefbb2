"""Generators for the 统计 page (+ data/stats.json), the application guide and self-check,
and the expiring list (its Atom feed is written with the others, in feeds.py). Figures
and lists come from the domain package."""

from __future__ import annotations

import functools
import json

from sme_registry.derive import stats
from sme_registry.regulation.measures import measures_of
from sme_registry.regulation.vocabulary import EXPIRING_WITHIN_DAYS, OPERATOR_KINDS
from sme_registry.site import charts
from sme_registry.site.exports import json_text
from sme_registry.site.pelican.generators import RegistryGenerator
from sme_registry.site.pelican.render_cache import texts_digest
from sme_registry.validate import attention


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


class StatsGenerator(RegistryGenerator):
    """The 统计 page and data/stats.json, kept between builds under a key of what the figures
    are computed from (stats.platform_inputs of each platform, kept with its view, and
    stats.site_inputs) and what every page reads (page_key): an edit that no figure reads
    (a description, a contact) reuses both files."""

    def generate_output(self, writer):
        cache = self.context["SME_CACHE"]
        texts = self.kept_encoded(self.sme["platforms"], "stats", _inputs_text)
        key = self.page_key("stats", stats.site_inputs(self.sme), len(texts), texts_digest(texts))
        figures = functools.cache(lambda: stats.compute(self.sme))  # computed once, if a file is made
        self.cached(cache.subkey(key, STATS_JSON), STATS_JSON, lambda: self.raw(STATS_JSON, _json(figures())))
        self.cached(cache.subkey(key, STATS_PAGE), STATS_PAGE,
                    lambda: self.page(writer, STATS_PAGE, "stats", nav="stats", stats=figures(),
                                      charts=charts.stats_charts(figures())))


STATS_JSON, STATS_PAGE = "data/stats.json", "stats/index.html"


def _inputs_text(platform: dict) -> str:
    return json_text(stats.platform_inputs(platform))


class ApplyGenerator(RegistryGenerator):
    def generate_output(self, writer):
        measures = measures_of(self.sme["registry"])
        articles = {a.anchor: a for c in measures.chapters for a in c.articles}
        self.page(writer, "apply/index.html", "apply", nav="apply", articles=articles,
                  attachments=measures.attachments)
        self.page(writer, "apply/self-check/index.html", "self-check", nav="apply",
                  operator_kinds=OPERATOR_KINDS)


class ExpiringGenerator(RegistryGenerator):
    def generate_output(self, writer):
        self.kept_page(writer, "expiring/index.html", "expiring", nav="platforms",
                       expiring=attention.expiring(self.sme), within_days=EXPIRING_WITHIN_DAYS)


STATS_GENERATORS = (StatsGenerator, ApplyGenerator, ExpiringGenerator)
