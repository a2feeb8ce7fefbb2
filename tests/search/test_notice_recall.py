"""Issue 14.4: search finds what people ask, on the built example site (Python reference
engine; tests/search/test_engine_parity.py keeps search.js identical to it).

A platform's notices are found by the platform's name, operator and county and by the
operator's pinyin; a name part plus a year ("高唐 2023") finds the platforms of that batch
and the notices of that year; operators get full pinyin and initials like names."""

from __future__ import annotations

import json

import pytest
import yaml
from pypinyin import Style, lazy_pinyin

from sme_registry.derive.views import registry_view
from sme_registry.load.loader import load_registry
from sme_registry.search.engine import load_bundle, search
from sme_registry.search.index_builder import build_search_bundle
from sme_registry.search.shards import build_search_shards, worker_sources
from sme_registry.site.search_documents import search_documents
from tests.conftest import EXAMPLE_TODAY, ROOT


@pytest.fixture(scope="module")
def site_bundle(example_site):
    """The full index of the example site's search documents; they are the site's, because
    the sharded index made from them is the one the site publishes, file for file."""
    registry, problems = load_registry(ROOT)
    assert not problems
    view = registry_view(registry, EXAMPLE_TODAY) | {"registry": registry}
    platforms, notices = search_documents(view)
    shards = build_search_shards(platforms, notices, worker=worker_sources(ROOT / "theme/static/js"))
    published = {p.relative_to(example_site / "search").as_posix(): p.read_bytes()
                 for p in (example_site / "search").rglob("*") if p.is_file() and p.name != "index.html"}
    assert shards == published
    files = build_search_bundle(platforms, notices)
    return load_bundle(json.loads(files["index.json"]), json.loads(files["docs.json"]))


def _platforms():
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data/platforms").glob("*.yaml"))]


def _notices_of(bundle):
    """{platform id: {notice slug}} from the notices' platform lists (the search documents)."""
    registry, _ = load_registry(ROOT)
    _, notices = search_documents(registry_view(registry, EXAMPLE_TODAY) | {"registry": registry})
    assert sorted(n["slug"] for n in notices) == sorted(row["slug"] for row in bundle["notices"].rows)
    out: dict[str, set[str]] = {}
    for n in notices:
        for pid in n["platforms"]:
            out.setdefault(pid, set()).add(n["slug"])
    return out


def _found_notices(bundle, query):
    rows = bundle["notices"].rows
    return {rows[i]["slug"] for i, _ in search(bundle, query)["notices"]}


def _found_platforms(bundle, query):
    rows = bundle["platforms"].rows
    return {rows[i]["id"] for i, _ in search(bundle, query)["platforms"]}


def test_platform_name_operator_and_operator_pinyin_find_all_its_notices(site_bundle):
    notices_of = _notices_of(site_bundle)
    missing = []
    for p in _platforms():
        wanted = notices_of.get(p["id"], set())
        operator = p["operator"]["name"]
        for query in (p["name"], operator, "".join(lazy_pinyin(operator)),
                      "".join(lazy_pinyin(operator, style=Style.FIRST_LETTER))):
            lost = wanted - _found_notices(site_bundle, query)
            if lost:
                missing.append((query, sorted(lost)))
    assert not missing, f"{len(missing)} 个查询漏掉了平台的公告，例如 {missing[:3]}"


def test_county_finds_the_notices_of_its_platforms(site_bundle):
    notices_of = _notices_of(site_bundle)
    by_county: dict[str, set[str]] = {}
    for p in _platforms():
        by_county.setdefault(p["county"], set()).update(notices_of.get(p["id"], set()))
    for county, wanted in by_county.items():
        short = county[:2]
        assert wanted <= _found_notices(site_bundle, county), county
        assert wanted <= _found_notices(site_bundle, short), short
    assert len(_found_notices(site_bundle, "高唐")) >= 8


def test_operator_pinyin_finds_the_platform(site_bundle):
    for p in _platforms():
        operator = p["operator"]["name"]
        full = "".join(lazy_pinyin(operator))
        initials = "".join(lazy_pinyin(operator, style=Style.FIRST_LETTER))
        assert p["id"] in _found_platforms(site_bundle, full), full
        assert p["id"] in _found_platforms(site_bundle, initials), initials


def test_name_part_and_year(site_bundle):
    platforms = _platforms()
    for p in platforms:
        for term in p.get("terms") or []:
            query = f"{p['county'][:2]} {term['batch']}"
            assert p["id"] in _found_platforms(site_bundle, query), query
    # The notices of that year that concern a 高唐 platform are found too.
    dates = {r["slug"]: r["date"] for r in site_bundle["notices"].rows}
    gaotang = {p["id"] for p in platforms if p["county"] == "高唐县"}
    wanted = {slug for pid, slugs in _notices_of(site_bundle).items() if pid in gaotang
              for slug in slugs if dates[slug].startswith("2023")}
    assert wanted and wanted <= _found_notices(site_bundle, "高唐 2023")


def test_a_notice_result_shows_its_text_not_its_markdown(site_bundle):
    """The result snippet is the notice's visible text: no quote marker, heading hashes,
    emphasis stars or table bars from the Markdown source."""
    rows = site_bundle["notices"].rows
    assert rows
    for row in rows:
        summary = row["summary"]
        assert summary.startswith("示例数据："), (row["slug"], summary)
        assert len(summary) <= 81 and summary.endswith("…") == (len(summary) == 81), summary
        for marker in ("> ", "##", "**", "| ", "\n"):
            assert marker not in summary, (row["slug"], marker, summary)
