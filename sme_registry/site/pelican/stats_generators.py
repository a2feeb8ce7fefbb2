"""Generators for the 统计 page (+ data/stats.json), the application guide and self-check,
and the expiring list (its Atom feed is written with the others, in feeds.py). Figures
and lists come from the domain package."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sme_registry.derive import stats
from sme_registry.regulation.measures import measures_of
from sme_registry.regulation.vocabulary import EXPIRING_WITHIN_DAYS, OPERATOR_KINDS
from sme_registry.site import charts
from sme_registry.site.pelican.generators import RegistryGenerator
from sme_registry.validate import attention


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


class StatsGenerator(RegistryGenerator):
    """The 统计 page and data/stats.json, kept between builds under a key of what the figures
    are computed from (stats.platform_inputs of each platform, kept with its view, and
    stats.site_inputs) and what every page reads (page_key): an edit that no figure reads
    (a description, a contact) reuses both files."""

    def generate_output(self, writer):
        cache, derived = self.context["SME_CACHE"], self.context.get("SME_DERIVED")
        platforms = self.sme["platforms"]
        texts = ([_inputs_text(p) for p in platforms] if derived is None
                 else derived.texts(platforms, "stats", _inputs_text))
        digest = hashlib.sha256()
        for text in texts:
            digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
        key = self.page_key("stats", stats.site_inputs(self.sme), len(texts), digest.hexdigest())
        out = Path(self.output_path)
        files = {name: (cache.subkey(key, name), out / name) for name in (STATS_JSON, STATS_PAGE)}
        if cache.fetch(*files[STATS_JSON], link=True):
            if cache.fetch(*files[STATS_PAGE], link=True):
                return
            files[STATS_JSON][1].unlink()  # linked to its entry: never written through
        figures = stats.compute(self.sme)
        self.raw(STATS_JSON, _json(figures))
        self.page(writer, STATS_PAGE, "stats", nav="stats", stats=figures, charts=charts.stats_charts(figures))
        for entry, target in files.values():
            cache.store(entry, target)


STATS_JSON, STATS_PAGE = "data/stats.json", "stats/index.html"


def _inputs_text(platform: dict) -> str:
    return json.dumps(stats.platform_inputs(platform), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
