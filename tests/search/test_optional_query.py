"""SmeSearchEngine.optionalQuery gives exactly what lunr.Index.query gives for the same clauses.

evaluate() scores a token that has pinyin / initials / credit-code alternatives with one
optional clause for the token and one per alternative; optionalQuery computes lunr's result
without lunr's per-clause TokenSet work. Run under node on the real files, over the full
index of generated registries, for every query token that has alternatives: the same
documents, in the same order, with scores equal to the last bit (===).
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
for (const kind of ["platforms", "notices"]) {
  const loaded = bundle[kind];
  for (const q of input.queries) {
    for (const tokens of E.planQuery(q)) {
      for (const tok of tokens) {
        const alts = E.alternatives(loaded, tok);
        if (!alts.length) continue;
        const direct = E.optionalQuery(loaded.index, tok, alts).map((m) => [m.ref, m.score]);
        const lunr = E.optionalQuery(loaded.index, tok, alts, true).map((m) => [m.ref, m.score]);
        const same = direct.length === lunr.length && direct.every((d, i) => d[0] === lunr[i][0] && d[1] === lunr[i][1]);
        out.push({kind, tok, alts: alts.length, found: lunr.length, same});
      }
    }
  }
}
process.stdout.write(JSON.stringify(out));
"""
)


@pytest.mark.parametrize("n, seed", [(300, 4), (1200, 9)])
def test_optional_query_equals_lunr(n, seed):
    platforms = make_platforms(n, seed=seed)
    notices = make_notices(n // 8, platforms, seed=seed)
    files = build_search_bundle(platforms, notices)
    queries = ["lc", "lcs", "lcsgx", "lcgx", "gt", "gtx", "an", "ang", "gao", "gaotang", "liaocheng", "xian",
               "jc", "jcfw", "zx", "zxqy", "fw", "9137", "91371", "ma3c", "lcjbs", "dexzy", "lc 2023", "gx jc"]
    for p in platforms[:: max(1, n // 15)]:
        full, initials = pinyin_terms(p["name"])[:2]
        queries += [initials, initials[1:5], full[:6], full[3:10], p["credit_code"][2:10].lower()]
    result = run_node(SCRIPT, {"index": files["index.json"].decode(), "docs": files["docs.json"].decode(),
                               "queries": list(dict.fromkeys(queries))})
    assert result, "some tokens should have alternatives"
    bad = [r for r in result if not r["same"]]
    assert not bad, bad[:5]
    # the comparison covers the large groups the direct path is for
    assert max(r["alts"] for r in result) > 100 and sum(r["found"] for r in result) > 1000
