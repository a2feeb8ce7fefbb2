"""The sharded index (shards.py + search-shards.js) finds exactly what the full index finds.

Both run under node on the real JS files: SmeSearchEngine.search over index.json (the full
lunr index) and SmeShards over manifest.json and its shards, for generated registries and
queries of every kind. Ranked rows and scores must be identical (===, not approximately).
"""

from __future__ import annotations

import json
import random

import pytest

from scripts.synth import make_notices, make_platforms
from sme_registry.search import shards as S
from sme_registry.search.index_builder import _dumps
from sme_registry.search.pinyin_terms import pinyin_terms
from sme_registry.search.shards import build_search_shards
from sme_registry.search.tokenizer import clean

from .nodejs import JS_DIR, READ_STDIN, SEARCH_JS, run_node

SHARDS_JS = JS_DIR / "search-shards.js"

SCRIPT = (
    READ_STDIN
    + f"const E = require({str(SEARCH_JS)!r});\nconst Sh = require({str(SHARDS_JS)!r});\n"
    + """
const files = input.files;
const full = E.loadBundle(JSON.parse(files["index.json"]), JSON.parse(files["docs.json"]));
const fetched = [];
const get = (p) => { fetched.push(p); return p in files ? Promise.resolve(JSON.parse(files[p]))
                                                        : Promise.reject(new Error("404 " + p)); };
(async () => {
  const client = await Sh.open(get);
  const out = {};
  for (const q of input.queries) {
    fetched.length = 0;
    const first = await (await Sh.open(get, JSON.parse(files["manifest.json"]))).first(q);  // a fresh client
    const firstFetched = fetched.length;
    fetched.length = 0;
    const got = await client.search(q);
    const want = E.search(full, q);
    const rows = got.platforms.length ? await client.rows("platforms", got.platforms.slice(0, 3).map(r => r[0])) : [];
    out[q] = {got, want, fetched: fetched.length, firstFetched,
              first: first && {ref: first.ref, rowOk: JSON.stringify(first.row) === JSON.stringify(full.platforms.rows[first.ref])},
              rowsOk: rows.every((r, i) => JSON.stringify(r) === JSON.stringify(full.platforms.rows[got.platforms[i][0]]))};
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stderr.write(String(e.stack)); process.exit(1); });
"""
)


def _queries(platforms: list[dict], rng: random.Random) -> list[str]:
    qs = ["高唐", "高唐县生物", "gaotang", "gao tang", "lcgx", "gtx", "an", "gt", "lc", "技术服务", "公示",
          "2019", "2023", "高唐 2023", "C++", ": * ~ ^ + -", "冠", "冠县", "复核工作 通知", "服务", "平台",
          "中小企业公共服务平台", "聊城市", "liaocheng", "xian", "ang", "zzzz", "检测", "检 测", "lcs", "lcsgx",
          "城冠", "冠县 abc", "abc", "2023检测", "县2023", "Ünï", "ünïcode", "冠县平台", "聊城冠县"]
    for p in rng.sample(platforms, 12):
        name = p["name"]
        qs += [name, name[2:4], name[1:6], f"{name[:3]} {name[3:]}", f" {name}！", name + "平台",
               p["operator"], p["county"], p["credit_code"],
               p["credit_code"][3:11].lower(), pinyin_terms(name[:5]).initials, pinyin_terms(name).letters[2:9],
               pinyin_terms(p["county"]).letters, pinyin_terms(name).initials[1:5],
               # full pinyin from a syllable's start: three syllables, and two letters
               "".join(pinyin_terms(name).py.split("'")[2:5]), pinyin_terms(name).py.split("'")[3][:2]]
    return list(dict.fromkeys(qs))


def _files(platforms, notices) -> dict[str, str]:
    files = build_search_shards(platforms, notices, full=True)
    return {k: v.decode("utf-8") for k, v in files.items()}


@pytest.mark.parametrize("n, seed", [(60, 3), (400, 11)])
def test_sharded_search_equals_full_index(n, seed, monkeypatch):
    # Small shards and blocks so that a few hundred platforms already use every structure.
    monkeypatch.setattr(S, "BLOCK_ENTRIES", 40)
    monkeypatch.setattr(S, "TERM_SHARD_BYTES", 800)
    monkeypatch.setattr(S, "SCAN_BUCKET_BYTES", 800)
    platforms = make_platforms(n, seed=seed)
    # Titles the postings alone cannot rank: separators between Han characters, Latin
    # letters, digits and other letters (shards.py TITLE_SETS).
    for i, name in enumerate(["聊城 冠县 ABC服务平台", "高唐县2023检测平台", "Ünïcode·冠县平台", "冠县"]):
        platforms[i]["name"] = name
    # 城冠 is in the cleaned name of [4] only across a separator; [5] has it more often elsewhere.
    platforms[4].update(name="聊城 冠县平台", operator="聊城冠县公司")
    platforms[5].update(operator="城冠城冠城冠公司")
    # A mark newer than Python's Unicode tables: Python's tokenizer splits the name there,
    # node's may not; first() must go by the index's terms, not the browser's tokenizer.
    platforms[6]["name"] = "鑫\U00010EFD淼科技服务平台"
    # A Han query's class from where its bigrams are (shards._name_mark): [7] is the exact name
    # (class 3) but [8], of class 2, scores higher; in [9] and [10] the bigrams of 测检测 / 检测检
    # are first seen apart, so their titles are read.
    platforms[7]["name"] = "高唐县检测"
    platforms[8].update(name="高唐县检测中心", operator="高唐县检测高唐县检测公司")
    platforms[9]["name"] = "检测检测平台"
    platforms[10]["name"] = "平台检测测检测"
    notices = make_notices(max(5, n // 10), platforms, seed=seed)
    files = _files(platforms, notices)
    assert any(k.startswith("p/b/") for k in files), "test should exercise posting blocks"
    queries = [*_queries(platforms, random.Random(seed)), "鑫淼科技服务平台", platforms[6]["name"],
               "高唐县检测", "高唐县检测中心", "测检测", "检测检", "检测检测",
               *_into_unwritten_buckets(files)]
    result = run_node(SCRIPT, {"files": files, "queries": queries})
    total = len([k for k in files if k.endswith(".json")])
    lo, hi = json.loads(files["manifest.json"])["kinds"]["platforms"]["exact_len"]
    for q in queries:
        r = result[q]
        assert r["got"] == r["want"], q
        assert r["rowsOk"], q
        if r["first"] is not None:  # the early first result is search()'s first, from one file
            assert r["first"]["ref"] == r["got"]["platforms"][0][0] and r["first"]["rowOk"], q
            assert r["firstFetched"] == 1, q
        elif not lo <= len(clean(q).encode("utf-16-le")) // 2 <= hi:
            assert r["firstFetched"] == 0, q  # no title is that long: first() asks for nothing
        # never the whole index
        assert r["fetched"] < total / 2, (q, r["fetched"], total)
    names = [p["name"] for p in platforms]
    assert any(result[q]["firstFetched"] == 0 for q in queries) and any(
        result[q]["firstFetched"] == 1 and result[q]["first"] is None for q in queries)
    unique = [q for q in queries if q in names and names.count(q) == 1 and q != platforms[6]["name"]]
    assert unique and all(result[q]["first"] is not None for q in unique), "every unique full name is shown early"
    # the queries found something
    assert sum(1 for q in queries if result[q]["want"]["platforms"]) > len(queries) * 0.7


def _into_unwritten_buckets(files: dict[str, str]) -> list[str]:
    """Three-letter queries whose only pinyin trigram falls in a scan bucket without entries
    (not written: the client must answer it without a request); and a check that exactly the
    buckets of size class NO_FILE are missing."""
    scan = json.loads(files["manifest.json"])["scan"]
    for field, spec in scan.items():
        for h, size in enumerate(spec["sizes"]):
            assert (size == S.NO_FILE) == (f"s/{field}/{h}.json" not in files), (field, h)
    mask = scan["py"]["buckets"] - 1
    letters = "abcdefghijklmnopqrstuvwxyz"
    found = [a + b + c for a in letters for b in "aeiou" for c in letters
             if scan["py"]["sizes"][S.term_hash(a + b + c) & mask] == S.NO_FILE][:3]
    assert found, "test should exercise a scan bucket without a file"
    return found


def test_shards_are_deterministic():
    platforms = make_platforms(50, seed=2)
    notices = make_notices(8, platforms, seed=2)
    a = build_search_shards(platforms, notices)
    b = build_search_shards(list(reversed(platforms)), list(reversed(notices)))
    assert a == b


def test_hash_matches_js():
    rng = random.Random(5)
    words = ["", "a", "高唐", "𠀀x", "lcgx$", "91371500ma3c00000x", "\uffff\u0100"]
    words += ["".join(chr(rng.choice([rng.randint(32, 0x7e), rng.randint(0x4e00, 0x9fa5), rng.randint(0x100, 0xd7ff)]))
                      for _ in range(rng.randint(1, 12))) for _ in range(300)]
    got = run_node(READ_STDIN + f"const Sh = require({str(SHARDS_JS)!r});\n"
                   "process.stdout.write(JSON.stringify(input.map(Sh.termHash)));", words)
    assert got == [S.term_hash(w) for w in words]


def test_scan_keys():
    # a py term: the first two and three letters of each syllable, nothing across syllables
    assert S.scan_keys("gao'tang'xian", "s") == {"ga", "gao", "ta", "tan", "xi", "xia"}
    assert S.scan_keys("xi'an", "s") == {"xi", "xia", "an"}
    assert S.scan_keys("e", "s") == set()
    assert S.scan_keys("lcgx", "23") == {"lc", "cg", "gx", "lcg", "cgx"}
    assert json.loads(build_search_shards([], [])["manifest.json"])["kinds"]["platforms"]["n"] == 0


def test_files_are_canonical_json(monkeypatch):
    # shards.py and compact_index_json write their JSON piece by piece; every file must still be
    # byte for byte what json.dumps(sort_keys, compact separators) writes for its content.
    monkeypatch.setattr(S, "BLOCK_ENTRIES", 7)
    monkeypatch.setattr(S, "TERM_SHARD_BYTES", 800)
    monkeypatch.setattr(S, "SCAN_BUCKET_BYTES", 800)
    platforms = make_platforms(80, seed=5)
    platforms[0]["name"] = "𠀀𠀁 Ünïcode·冠县平台"
    notices = make_notices(6, platforms, seed=5)
    files = build_search_shards(platforms, notices, full=True)
    assert any(k.startswith("p/b/") for k in files)
    for name, data in files.items():
        if name.endswith(".json"):
            assert _dumps(json.loads(data)) == data, name


def test_the_client_expects_the_format_the_builder_writes():
    """search-shards.js refuses a manifest of another format; its copy of the name is the
    builder's (checked here, so a format change cannot leave the client behind)."""
    from tests.conftest import ROOT

    source = (ROOT / "theme/static/js/search-shards.js").read_text(encoding="utf-8")
    assert f'manifest.format !== "{S.FORMAT}"' in source


def test_an_edit_rewrites_only_the_shards_of_its_terms():
    """No entry carries a position in the whole vocabulary, so a new term (here a new word in
    one description) changes only the files that hold that document's terms."""
    from sme_registry.search.index_builder import PLATFORM_FIELDS

    platforms = make_platforms(300, seed=5)
    notices = make_notices(10, platforms, seed=5)
    before = S.build_search_shards(platforms, notices)
    edited = {**platforms[150], "description": platforms[150]["description"] + "前所未见的词汇"}
    after = S.build_search_shards([*platforms[:150], edited, *platforms[151:]], notices)
    changed = sorted(k for k in after if after[k] != before.get(k))
    n_shards = json.loads(after["manifest.json"])["kinds"]["platforms"]["terms"]
    terms = {t for doc in (platforms[150], edited) for spec in PLATFORM_FIELDS
             for t in spec.extract(doc)}
    own = {f"p/t/{S.term_hash(t) & (n_shards - 1)}.json" for t in terms}
    term_shards = [k for k in changed if k.startswith("p/t/")]
    assert term_shards and set(term_shards) <= own, changed
    rest = [k for k in changed if not k.startswith(("p/t/", "p/b/", "p/x/"))]  # b/: blocks of its common terms
    assert len([k for k in changed if k.startswith("p/b/")]) <= 3
    assert len([k for k in changed if k.startswith("p/x/")]) <= 1  # its exact-title bucket (its display row)
    assert set(rest) <= {"manifest.json", "p/f.json"} | {k for k in after if k.startswith("p/d/")}, rest
    assert len([k for k in rest if k.startswith("p/d/")]) == 1
