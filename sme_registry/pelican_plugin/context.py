"""Loads (or reuses) the validated registry once per build and shares it via the context."""

from __future__ import annotations

from pathlib import Path

from sme_registry import dates, formatters
from sme_registry.county_pages import county_pages
from sme_registry.pelican_plugin.render_cache import RenderCache
from sme_registry.report import validate
from sme_registry.thresholds import export as export_thresholds
from sme_registry.views import registry_view


class RegistryInvalid(Exception):
    """Raised when the data does not validate; Pelican then stops the build."""


def registry_context(context: dict, settings: dict) -> dict:
    if "SME" in context:
        return context["SME"]
    preloaded = settings.get("SME_PRELOADED")
    if preloaded is not None:
        registry, today = preloaded
    else:
        today = dates.today_in_shanghai(settings.get("SME_TODAY") or None)
        registry, report = validate(Path(settings.get("SME_SRC", ".")), today)
        if report.errors:
            raise RegistryInvalid("\n" + formatters.text(report))
    view = registry_view(registry, today)
    view["registry"] = registry
    view["notice_by_slug"] = {n["slug"]: n for n in view["notices"]}
    view["site"] = registry.site
    view["thresholds"] = export_thresholds()
    view["county_pages"] = county_pages(registry.divisions)
    view["county_url"] = {c["name"]: c["url"] for c in view["county_pages"]}
    context["SME"] = view
    context["SME_CACHE"] = settings.get("SME_CACHE") or RenderCache(None)
    context["SME_SITE"] = registry.site
    context["SME_EXAMPLE"] = bool(registry.site.get("example_data"))
    return view
