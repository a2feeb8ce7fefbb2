"""search-engine.js (run by node on the real files) returns what engine.py returns."""

from __future__ import annotations

import json

from scripts.synth import make_notices, make_platforms
from sme_registry.search.engine import load_bundle, search
from sme_registry.search.index_builder import build_search_bundle

from .nodejs import READ_STDIN, SEARCH_JS, run_node

SCRIPT = (
    READ_STDIN
    + f"const S = require({str(SEARCH_JS)!r});\n"
    + """
const b = S.loadBundle(JSON.parse(input.index), JSON.parse(input.docs));
const out = {};
for (const q of input.queries) out[q] = S.search(b, q);
const hl = S.highlightSegments("聊城市ＡＢＣ冠县", S.planQuery("abc 冠县")[0]);
process.stdout.write(JSON.stringify({out, hl}));
"""
)


def test_js_search_matches_python_reference():
    platforms = make_platforms(300)
    notices = make_notices(40, platforms)
    files = build_search_bundle(platforms, notices)
    bundle = load_bundle(json.loads(files["index.json"]), json.loads(files["docs.json"]))
    rows = bundle["platforms"].rows
    queries = [
        "高唐",
        "高唐县生物",
        "gaotang",
        "gao tang",
        "lcgx",
        "gtx",
        "an",
        "tang",
        "aotang",
        "ngx",
        "zhongxiao",
        "技术服务",
        "公示",
        "2019",
        "C++",
        ": * ~ ^ + -",
        "冠",
        "复核工作 通知",
        rows[7]["name"],
        rows[8]["operator"],
        rows[9]["credit_code"],
        rows[9]["credit_code"][4:12],
        "测" * 3000,
    ]
    result = run_node(
        SCRIPT,
        {
            "index": files["index.json"].decode(),
            "docs": files["docs.json"].decode(),
            "queries": queries,
        },
    )
    for q in queries:
        expected = search(bundle, q)
        got = result["out"][q]
        assert set(got) == {"platforms", "notices"}
        for kind in ("platforms", "notices"):
            assert [r[0] for r in got[kind]] == [r[0] for r in expected[kind]], (q, kind)
            for (_, s_js), (_, s_py) in zip(got[kind], expected[kind], strict=True):
                assert abs(s_js - s_py) < 1e-9, (q, kind)
    assert result["hl"] == [
        {"text": "聊城市", "mark": False},
        {"text": "ＡＢＣ冠县", "mark": True},
    ]


def test_syllable_rule_is_the_same_in_js():
    """A full-pinyin word matches from a syllable's start, the same way on both sides, with
    the same separator between the syllables of a py term (and initials skip a letter from
    the same length on)."""
    from sme_registry.search.engine import INITIALS_SKIP_MIN
    from sme_registry.search.pinyin_terms import SYLLABLE_SEP, pinyin_terms, syllable_match

    terms = [pinyin_terms(t).py for t in ("高唐县", "西安", "聊城市中小企业公共服务平台", "鹅", "")]
    assert terms[:2] == ["gao'tang'xian", "xi'an"]
    words = ["gao", "gaotang", "tang", "aot", "ao", "gt", "ngx", "xian", "an", "ia", "e", "ping", "gpt"]
    cases = [[w, t] for w in words for t in terms]
    got = run_node(READ_STDIN + f"const S = require({str(SEARCH_JS)!r});\n"
                   "process.stdout.write(JSON.stringify({sep: S.SYLLABLE_SEP, skip: S.INITIALS_SKIP_MIN, "
                   "hits: input.map(([w, t]) => S.syllableMatch(w, t))}));", cases)
    assert got["sep"] == SYLLABLE_SEP
    assert got["skip"] == INITIALS_SKIP_MIN
    assert got["hits"] == [syllable_match(w, t) for w, t in cases]
    assert syllable_match("tang", "gao'tang'xian") and syllable_match("gaotang", "gao'tang'xian")
    assert not syllable_match("aot", "gao'tang'xian") and not syllable_match("ngx", "gao'tang'xian")
    assert syllable_match("an", "xi'an") and not syllable_match("an", "xian")
