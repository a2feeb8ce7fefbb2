"""Tests of the search bundle: determinism, shape, what it finds, size."""

from __future__ import annotations

import gzip
import json
import random

import pytest
from lunr.index import Index

from scripts.synth import make_notices, make_platforms
from sme_registry.search.engine import load_bundle, search
from sme_registry.search.index_builder import (
    PLATFORM_FIELDS,
    build_lunr_builder,
    build_search_bundle,
    compact_from_builder,
    compact_index,
    count_terms,
    expand_index,
)

PLATFORMS = make_platforms(60)
NOTICES = make_notices(20, PLATFORMS)

EXAMPLE = [
    {
        "id": "lc-2023-001",
        "name": "聊城市冠县中小企业公共服务平台",
        "operator": "冠县鲁西信息技术有限公司",
        "credit_code": "91371525MA3C00000X",
        "county": "冠县",
        "category": "综合类",
        "services": ["信息服务", "技术服务", "培训服务", "融资服务"],
        "batch": 2023,
        "status": "有效",
        "valid_until": "2026-12-07",
        "description": "为冠县中小企业提供政策咨询、技术对接和融资服务。",
        "url": "platforms/lc-2023-001/",
    },
    {
        "id": "lc-2022-007",
        "name": "高唐县生物医药公共技术服务平台",
        "operator": "山东金泰生物科技有限公司",
        "credit_code": "91371526MA3D11111Y",
        "county": "高唐县",
        "category": "专业类",
        "services": ["技术服务", "检验检测"],
        "batch": 2022,
        "status": "即将到期",
        "valid_until": "2025-12-19",
        "description": "C++ 与 ERP 系统培训；iPhone 维修。",
        "url": "platforms/lc-2022-007/",
    },
]


@pytest.fixture(scope="module")
def bundle_bytes():
    return build_search_bundle(PLATFORMS + EXAMPLE, NOTICES)


@pytest.fixture(scope="module")
def bundle(bundle_bytes):
    return load_bundle(
        json.loads(bundle_bytes["index.json"]), json.loads(bundle_bytes["docs.json"])
    )


def found_ids(bundle, query):
    rows = bundle["platforms"].rows
    return [rows[i]["id"] for i, _ in search(bundle, query)["platforms"]]


def test_bundle_files_and_determinism(bundle_bytes):
    assert sorted(bundle_bytes) == ["docs.json", "index.json"]
    shuffled_p = list(PLATFORMS + EXAMPLE)
    shuffled_n = list(NOTICES)
    random.Random(1).shuffle(shuffled_p)
    random.Random(2).shuffle(shuffled_n)
    again = build_search_bundle(shuffled_p, shuffled_n)
    assert again == bundle_bytes
    for data in bundle_bytes.values():
        text = data.decode("utf-8")
        assert "\n" not in text and ", " not in text and '": ' not in text
        obj = json.loads(text)
        assert json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) == text


def test_index_has_no_floats(bundle_bytes):
    def walk(x):
        if isinstance(x, float):
            raise AssertionError(x)
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(json.loads(bundle_bytes["index.json"]))


def test_expanded_index_equals_lunr_serialisation():
    """compact -> expand gives what lunr's own Builder would have serialised."""
    docs = sorted(PLATFORMS + EXAMPLE, key=lambda p: p["id"])
    builder = build_lunr_builder(docs, PLATFORM_FIELDS)
    compact = compact_from_builder(builder, PLATFORM_FIELDS)
    expanded = expand_index(compact)
    reference = builder.build().serialize()

    def by_term(ser):
        term_of = {p["_index"]: t for t, p in ser["invertedIndex"]}
        vectors = {
            ref: {term_of[v[i]]: v[i + 1] for i in range(0, len(v), 2)}
            for ref, v in ser["fieldVectors"]
            if v
        }
        postings = {
            t: {f: sorted(refs) for f, refs in p.items() if f != "_index"}
            for t, p in ser["invertedIndex"]
        }
        return vectors, postings

    assert by_term(expanded) == by_term(reference)
    assert expanded["fields"] == reference["fields"]
    assert expanded["pipeline"] == []
    # terms are in JavaScript (UTF-16) order, as lunr.js's TokenSet.Builder requires
    terms = [t for t, _ in expanded["invertedIndex"]]
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be"))
    Index.load(expanded)  # loads


def test_js_order_for_astral_terms():
    docs = [
        {"id": "a", "name": "𠀀𠀁", "county": "冠县"},
        {"id": "b", "name": "\uff5e\ufe30舍", "county": "冠县"},
        {"id": "c", "name": "\ue000舍", "county": "冠县"},
    ]
    compact = compact_from_builder(build_lunr_builder(docs, PLATFORM_FIELDS), PLATFORM_FIELDS)
    terms = compact["terms"]
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be"))


@pytest.mark.parametrize("pid", ["lc-2023-001", "lc-2022-007"] + [p["id"] for p in PLATFORMS[:6]])
def test_every_substring_of_name_operator_county_finds_the_platform(bundle, pid):
    p = next(r for r in bundle["platforms"].rows if r["id"] == pid)
    for field in ("name", "operator", "county"):
        text = p[field]
        for length in range(2, 5):
            for i in range(len(text) - length + 1):
                sub = text[i : i + length]
                assert pid in found_ids(bundle, sub), (field, sub)


def test_services_find_platforms(bundle):
    for svc in ("技术服务", "融资", "培训服务"):
        ids = set(found_ids(bundle, svc))
        expected = {p["id"] for p in bundle["platforms"].rows if any(svc in s for s in p["services"])}
        assert expected <= ids, svc


def test_full_name_ranks_first(bundle):
    for p in bundle["platforms"].rows[:20]:
        assert found_ids(bundle, p["name"])[0] == p["id"]
    # a name that is a prefix of others still comes first when typed in full
    assert found_ids(bundle, "聊城市冠县中小企业公共服务平台")[0] == "lc-2023-001"


def test_credit_code_finds(bundle):
    assert found_ids(bundle, "91371525MA3C00000X") == ["lc-2023-001"]
    assert found_ids(bundle, "９１３７１５２５ｍａ３ｃ０００００ｘ") == ["lc-2023-001"]
    assert "lc-2023-001" in found_ids(bundle, "MA3C0000")  # part of a code


def test_pinyin_and_initials_find(bundle):
    for q in ("gaotang", "gao tang", "GaoTang", "tang", "gaotangxian", "gtx"):
        assert "lc-2022-007" in found_ids(bundle, q), q
    for q in ("lcgx", "guanxian", "lcsgxzxqyggfwpt", "liaochengshiguanxian"):
        assert "lc-2023-001" in found_ids(bundle, q), q
    assert "lc-2023-001" not in found_ids(bundle, "gaotang")
    # full pinyin matches from the start of a syllable only: fragments that begin inside a
    # syllable or run across two (what a short word hits by chance in long names) find nothing
    for q in ("aotang", "ngxian", "angx"):
        assert "lc-2022-007" not in found_ids(bundle, q), q
    # initials skip a letter from four letters on (lcgx -> lcsgx), not in a 3-letter word
    assert "lc-2023-001" in found_ids(bundle, "lcsg") and "lc-2023-001" in found_ids(bundle, "lcgx")
    assert "lc-2023-001" not in found_ids(bundle, "lsg")


def test_county_finds_all_its_platforms(bundle):
    rows = bundle["platforms"].rows
    for county in ("冠县", "高唐县", "东昌府区", "聊城经济技术开发区"):
        expected = {p["id"] for p in rows if p["county"] == county}
        assert expected
        assert expected <= set(found_ids(bundle, county)), county
        short = county[:2]
        assert expected <= set(found_ids(bundle, short)), short


def test_all_tokens_required(bundle):
    ids = found_ids(bundle, "冠县 生物医药")
    assert "lc-2023-001" not in ids and "lc-2022-007" not in ids
    assert found_ids(bundle, "高唐 生物医药 检验")[:1] == ["lc-2022-007"]


def test_hostile_queries_do_not_raise(bundle):
    for q in ("", "   ", ": * ~ ^ + -", "C++", "😀" * 50, "*", "title:高唐", "测" * 10000,
              "a" * 10000, "\u200b\u202e", "高唐~2^10 +冠县 -x"):
        result = search(bundle, q)
        assert set(result) == {"platforms", "notices"}


def test_notices_found_by_title_and_type(bundle):
    rows = bundle["notices"].rows
    hits = search(bundle, "复核工作")["notices"]
    assert hits and all("复核工作" in rows[i]["title"] for i, _ in hits)
    gongshi = {i for i, r in enumerate(rows) if r["type"] == "公示"}
    assert gongshi <= {i for i, _ in search(bundle, "公示")["notices"]}


def test_docs_rows_carry_display_data(bundle):
    p = next(r for r in bundle["platforms"].rows if r["id"] == "lc-2023-001")
    assert p["url"] == "platforms/lc-2023-001/"
    assert p["status"] == "有效" and p["county"] == "冠县" and p["category"] == "综合类"
    n = bundle["notices"].rows[0]
    assert set(n) >= {"title", "type", "date", "url", "summary"}


def _sizes(data: bytes) -> tuple[int, int]:
    return len(data), len(gzip.compress(data, 9, mtime=0))


def test_size_budget_1000_platforms():
    platforms = make_platforms(1000)
    notices = make_notices(30, platforms)
    files = build_search_bundle(platforms, notices)
    total_gzip = sum(_sizes(d)[1] for d in files.values())
    # Issue 5: "1,000 platforms comfortably under ~400 KB gzip" (index + display data).
    assert total_gzip < 250_000, total_gzip


def test_direct_term_counting_equals_lunr_builder():
    """The build counts terms itself (fast); lunr.py's Builder is the reference."""
    from sme_registry.search.index_builder import NOTICE_FIELDS

    docs = make_platforms(200)
    assert compact_index(len(docs), count_terms(docs, PLATFORM_FIELDS), PLATFORM_FIELDS) == compact_from_builder(
        build_lunr_builder(docs, PLATFORM_FIELDS), PLATFORM_FIELDS)
    notices = make_notices(50, docs)
    assert compact_index(len(notices), count_terms(notices, NOTICE_FIELDS), NOTICE_FIELDS) == compact_from_builder(
        build_lunr_builder(notices, NOTICE_FIELDS), NOTICE_FIELDS)
