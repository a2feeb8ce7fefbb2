"""Per-county pages: one per division in data/divisions.yaml order, stable unique slugs."""

from __future__ import annotations

from types import SimpleNamespace

from sme_registry.site.county_pages import county_pages, county_slug
from sme_registry.site.exports import PLATFORM_FIELDS, TERM_FIELDS, TYPE_LABELS


def _divisions(*items):
    return {name: SimpleNamespace(name=name, code=code) for name, code in items}


def test_code_or_pinyin_initials_in_official_order():
    pages = county_pages(_divisions(("东昌府区", "371502"), ("聊城经济技术开发区", None), ("冠县", "371525")))
    assert [p["slug"] for p in pages] == ["371502", "lcjjjskfq", "371525"]
    assert pages[1]["url"] == "platforms/county/lcjjjskfq/index.html"
    assert county_slug("聊城高新技术产业开发区", None) == "lcgxjscykfq"


def test_colliding_zone_slugs_stay_unique():
    pages = county_pages(_divisions(("聊城甲区", None), ("聊城假区", None)))
    assert len({p["slug"] for p in pages}) == 2


def test_every_export_field_type_has_a_chinese_label():
    assert {f.type for f in PLATFORM_FIELDS + TERM_FIELDS} <= set(TYPE_LABELS)
    assert [f.type_label for f in PLATFORM_FIELDS if f.name == "valid_until"] == ["日期"]


def test_zone_slugs_come_from_the_cache_when_the_zones_are_unchanged(tmp_path, monkeypatch):
    from sme_registry.site import county_pages as module
    from sme_registry.site.pelican.render_cache import RenderCache

    divisions = _divisions(("东昌府区", "371502"), ("聊城经济技术开发区", None))
    cache = RenderCache(tmp_path)
    assert [p["slug"] for p in county_pages(divisions, cache)] == ["371502", "lcjjjskfq"]

    def no_pinyin(name, code):
        raise AssertionError("pypinyin was needed")

    monkeypatch.setattr(module, "county_slug", no_pinyin)
    assert [p["slug"] for p in county_pages(divisions, RenderCache(tmp_path))] == ["371502", "lcjjjskfq"]
    # a damaged entry is made again, not used
    for entry in tmp_path.glob("*/*"):
        entry.write_bytes(b'{"x": "../"}')
    monkeypatch.undo()
    assert [p["slug"] for p in county_pages(divisions, RenderCache(tmp_path))] == ["371502", "lcjjjskfq"]
