"""Pelican glue: connects the registry generators.

All logic lives in the domain package; this only adapts it to Pelican's signals. Pelican
reads no source file itself (pelicanconf.py switches every reader off and gives it no
content paths): every page, notices included, comes from the validated registry.
"""

from __future__ import annotations

from pelican import signals

from sme_registry.site.pelican.generators import GENERATORS


def _generators(pelican_object):
    from sme_registry.site.pelican.frame_pages import FRAME_GENERATORS
    from sme_registry.site.pelican.stats_generators import STATS_GENERATORS

    return [*GENERATORS, *STATS_GENERATORS, *FRAME_GENERATORS]


def register():
    signals.get_generators.connect(_generators)
