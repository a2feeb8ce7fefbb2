"""Shares the registry validated by the build (settings["SME_CONTEXT"]) via the context."""

from __future__ import annotations

from sme_registry.context import RenderInput
from sme_registry.derive.disclosure import site_meta
from sme_registry.derive.views import registry_view
from sme_registry.heap import cyclic_gc_paused
from sme_registry.load.site_frame import Frame, frame_view
from sme_registry.regulation.thresholds import export as export_thresholds
from sme_registry.site.county_pages import county_pages


class RegistryInvalid(Exception):
    """Raised when Pelican runs without a validated registry; Pelican then stops the build."""


def render_input(settings: dict) -> RenderInput:
    given = settings.get("SME_CONTEXT")
    if not isinstance(given, RenderInput):
        raise RegistryInvalid("请用 python -m sme_registry build 生成网站（它先校验数据，再交给 Pelican）。")
    return given


def registry_context(context: dict, settings: dict) -> dict:
    if "SME" in context:
        return context["SME"]
    given = render_input(settings)
    registry, today = given.registry, given.context.today
    with cyclic_gc_paused(freeze=True):  # as the registry (heap.py): kept for the whole build
        view = registry_view(registry, today, given.derived)
    view["registry"] = registry
    view["notice_by_slug"] = {n["slug"]: n for n in view["notices"]}
    view["site"] = registry.site
    view["gov_meta"] = site_meta(registry.site, given.context.public_url)  # 政府网站网页元数据
    view["thresholds"] = export_thresholds()
    view["county_pages"] = county_pages(registry.divisions, given.cache)
    view["county_url"] = {c["name"]: c["url"] for c in view["county_pages"]}
    context["SME"] = view
    context["SME_BUILD"] = given.context
    context["SME_CACHE"] = given.cache
    context["SME_DERIVED"] = given.derived
    context["SME_SITE"] = registry.site
    context["SME_EXAMPLE"] = bool(registry.site.get("example_data"))
    context["SME_FRAME"] = view["frame"] = frame_view(registry.site, registry.frame or Frame())
    return view
