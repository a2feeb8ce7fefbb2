"""Pelican glue: connects the registry generators and the notice sanitiser.

All logic lives in the domain package; this only adapts it to Pelican's signals.
"""

from __future__ import annotations

from pelican import signals

from sme_registry.pelican_plugin.generators import GENERATORS
from sme_registry.pelican_plugin.notices import sanitize_notice
from sme_registry.pelican_plugin.sitemap import write_sitemap


def _generators(pelican_object):
    from sme_registry.pelican_plugin.stats_generators import STATS_GENERATORS

    return list(GENERATORS) + list(STATS_GENERATORS)


def register():
    signals.get_generators.connect(_generators)
    signals.content_object_init.connect(sanitize_notice)
    signals.finalized.connect(write_sitemap)
