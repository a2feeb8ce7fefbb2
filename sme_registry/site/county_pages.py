"""The per-county list pages (platforms/county/<slug>/), in the official order of
data/divisions.yaml.

A county's slug is its 6-digit NBS division code; a functional zone (功能区) has none, so
its slug is the pinyin initials of its name as written in divisions.yaml (聊城经济技术开发区 →
``lcjjjskfq``): derived from the one list, stable while the name stays, never typed twice."""

from __future__ import annotations

import json
import re

_SLUG = re.compile(r"[a-z]+")


def county_slug(name: str, code: str | None) -> str:
    if code:
        return code
    from pypinyin import Style, lazy_pinyin  # only here: loading it takes about 0.3 s

    letters = "".join(p[:1] for p in lazy_pinyin(name, style=Style.FIRST_LETTER) if p.isascii() and p.isalpha())
    return letters.lower() or "zone"


def _zone_slugs(zones: list[str], cache) -> dict[str, str]:
    """county_slug of each zone (a division without a code), kept in the render cache under
    the zones' names, so that a build whose divisions did not change needs no pypinyin."""
    key = cache.key("zone-slugs", zones) if cache is not None else None
    data = cache.read(key) if key else None
    try:
        slugs = json.loads(data) if data is not None else None
    except ValueError:
        slugs = None
    if not (isinstance(slugs, dict) and sorted(slugs) == sorted(zones)
            and all(isinstance(v, str) and _SLUG.fullmatch(v) for v in slugs.values())):
        slugs = {name: county_slug(name, None) for name in zones}
        if key:
            cache.put(key, json.dumps(slugs, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return slugs


def county_pages(divisions, cache=None) -> list[dict]:
    """[{name, code, slug, url}] for every division, in divisions.yaml order. Two zones whose
    initials coincide get the later one's position appended (-2, -3 …) so slugs stay unique.
    `cache` (a RenderCache) keeps the zones' slugs between builds."""
    pages: list[dict] = []
    seen: dict[str, int] = {}
    zones = _zone_slugs([d.name for d in divisions.values() if not d.code], cache)
    for division in divisions.values():
        slug = division.code or zones[division.name]
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        pages.append({"name": division.name, "code": division.code or "", "slug": slug,
                      "url": f"platforms/county/{slug}/index.html"})
    return pages
