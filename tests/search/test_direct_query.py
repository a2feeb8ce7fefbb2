"""SmeSearchEngine's direct queries give exactly what lunr.Index.query gives for the same clauses.

evaluate() asks for one required clause per token without alternatives (requiredQuery), and
for a token with pinyin / initials / credit-code alternatives one optional clause for the token
and one per alternative (optionalQuery); both compute lunr's result without lunr's per-clause
TokenSet, Set and MatchData work. Run under node on the real files, over the full index of
generated registries, for every query variant: the same documents, in the same order, with
scores equal to the last bit (===).
"""

from __future__ import annotations

import pytest

from scripts.synth import make_notices, make_platforms
from sme_registry.search.index_builder import build_search_bundle
from sme_registry.search.pinyin_terms import pinyin_terms

from .nodejs import READ_STDIN, SEARCH_JS, run_node

SCRIPT = (
    READ_STDIN
    + f"const E = require({str(SEARCH_JS)!r});\n"
    + """
const bundle = E.loadBundle(JSON.parse(input.index), JSON.parse(input.docs));
const out = [];
function compare(run) {
  const direct = run(false).map((m) => [m.ref, m.score]);
  const lunr = run(true).map((m) => [m.ref, m.score]);
  const same = direct.length === lunr.length && direct.every((d, i) => d[0] === lunr[i][0] && d[1] === lunr[i][1]);
  return {found: lunr.length, same};
}
for (const kind of ["platforms", "notices"]) {
  const loaded = bundle[kind];
  for (const q of input.queries) {
    for (const tokens of E.planQuery(q)) {
      const simple = [];
      for (const tok of tokens) {
        const alts = E.alternatives(loaded, tok);
        if (!alts.length) { simple.push(tok); continue; }
        out.push({kind, q, alts: alts.length, ...compare((via) => E.optionalQuery(loaded.index, tok, alts, via))});
      }
      if (simple.length) out.push({kind, q, required: simple.length, ...compare((via) => E.requiredQuery(loaded.index, simple, via))});
    }
  }
}
process.stdout.write(JSON.stringify(out));
"""
)


@pytest.mark.parametrize("n, seed", [(300, 4), (1200, 9)])
def test_direct_queries_equal_lunr(n, seed):
    platforms = make_platforms(n, seed=seed)
    notices = make_notices(n // 8, platforms, seed=seed)
    files = build_search_bundle(platforms, notices)
    queries = ["检测", "冠县", "高唐县生物", "技术服务 冠县", "服务平台", "中小企业公共服务平台", "公示", "2023", "无此词语",
               "冠县 无此", "聊城市", "冠县平台 2023", "lc", "lcs", "lcsgx", "lcgx", "gt", "gtx", "an", "ang", "gao", "gaotang", "liaocheng", "xian",
               "jc", "jcfw", "zx", "zxqy", "fw", "9137", "91371", "ma3c", "lcjbs", "dexzy", "lc 2023", "gx jc"]
    for p in platforms[:: max(1, n // 15)]:
        terms = pinyin_terms(p["name"])
        full, initials = terms.letters, terms.initials
        queries += [initials, initials[1:5], full[:6], full[3:10], p["credit_code"][2:10].lower(), p["name"],
                    p["name"][1:5], p["operator"], f"{p['county']} {p['name'][-4:]}"]
    result = run_node(SCRIPT, {"index": files["index.json"].decode(), "docs": files["docs.json"].decode(),
                               "queries": list(dict.fromkeys(queries))})
    assert result, "some tokens should have alternatives"
    bad = [r for r in result if not r["same"]]
    assert not bad, bad[:5]
    # the comparison covers the large groups the direct path is for
    groups = [r for r in result if "alts" in r]
    required = [r for r in result if "required" in r]
    assert max(r["alts"] for r in groups) > 100 and sum(r["found"] for r in groups) > 1000
    assert max(r["required"] for r in required) > 10 and sum(r["found"] for r in required) > 1000
    assert any(r["found"] == 0 for r in required)  # a missing term: nothing, as lunr
