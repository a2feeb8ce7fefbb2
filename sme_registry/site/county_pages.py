"""The per-county list pages (platforms/county/<slug>/), in the official order of
data/divisions.yaml.

A county's slug is its 6-digit NBS division code; a functional zone (功能区) has none, so
its slug is the pinyin initials of its name as written in divisions.yaml (聊城经济技术开发区 →
``lcjjjskfq``): derived from the one list, stable while the name stays, never typed twice."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def county_slug(name: str, code: str | None) -> str:
    if code:
        return code
    letters = "".join(p[:1] for p in lazy_pinyin(name, style=Style.FIRST_LETTER) if p.isascii() and p.isalpha())
    return letters.lower() or "zone"


def county_pages(divisions) -> list[dict]:
    """[{name, code, slug, url}] for every division, in divisions.yaml order. Two zones whose
    initials coincide get the later one's position appended (-2, -3 …) so slugs stay unique."""
    pages: list[dict] = []
    seen: dict[str, int] = {}
    for division in divisions.values():
        slug = county_slug(division.name, division.code)
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        pages.append({"name": division.name, "code": division.code or "", "slug": slug,
                      "url": f"platforms/county/{slug}/index.html"})
    return pages
