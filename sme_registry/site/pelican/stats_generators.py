"""Generators for the 统计 page (+ data/stats.json), the application guide and self-check,
and the expiring list (its Atom feed is written with the others, in feeds.py). Figures
and lists come from the domain package."""

from __future__ import annotations

import json

from sme_registry.derive import stats
from sme_registry.regulation.measures import measures_of
from sme_registry.regulation.vocabulary import EXPIRING_WITHIN_DAYS, OPERATOR_KINDS
from sme_registry.site import charts
from sme_registry.site.pelican.generators import RegistryGenerator
from sme_registry.validate import attention


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
        measures = measures_of(self.sme["registry"])
        articles = {a.anchor: a for c in measures.chapters for a in c.articles}
        self.page(writer, "apply/index.html", "apply", nav="apply", articles=articles,
                  attachments=measures.attachments)
        self.page(writer, "apply/self-check/index.html", "self-check", nav="apply",
                  operator_kinds=OPERATOR_KINDS)


class ExpiringGenerator(RegistryGenerator):
    def generate_output(self, writer):
        self.page(writer, "expiring/index.html", "expiring", nav="platforms",
                  expiring=attention.expiring(self.sme), within_days=EXPIRING_WITHIN_DAYS)


STATS_GENERATORS = (StatsGenerator, ApplyGenerator, ExpiringGenerator)
