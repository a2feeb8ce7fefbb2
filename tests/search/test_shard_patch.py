"""shard_patch: the last build's index patched after an edit is byte for byte a clean build's.

Small shard, block and bucket sizes make a few hundred platforms use every structure (term
shards, posting blocks, scan buckets, exact-title buckets); each edit is patched on top of
the previous result, so errors would pile up and show."""

from __future__ import annotations

import copy
import json
import random

import pytest

from scripts.synth import make_notices, make_platforms
from sme_registry.search import shard_patch as P
from sme_registry.search import shards as S


@pytest.fixture(autouse=True)
def small_sizes(monkeypatch):
    monkeypatch.setattr(S, "BLOCK_ENTRIES", 40)
    monkeypatch.setattr(S, "TERM_SHARD_BYTES", 800)
    monkeypatch.setattr(S, "SCAN_BUCKET_BYTES", 800)
    monkeypatch.setattr(S, "EXACT_BUCKET_BYTES", 800)


def _clean(platforms, notices):
    state, memo = {}, {}
    files = S.build_search_shards(platforms, notices, memo, set(), worker=[b"lib", b"glue"], state=state)
    return files, state, memo


def _patch(files, state, memo, platforms, notices):
    used: set = set()
    result = P.patch_search_shards(platforms, notices, S.document_digests(platforms, notices), memo, used, state,
                                   files.get, [b"lib", b"glue"])
    if result is None:
        return None
    changed, gone, new_state = result
    assert not (gone & set(changed))
    out = {k: v for k, v in files.items() if k not in gone}
    out.update(changed)
    return out, new_state, {k: memo[k] for k in used}


def _edit(rng: random.Random, platforms: list[dict], notices: list[dict]) -> str:
    """One edit a clerk might make, in place; returns its kind."""
    p = rng.choice(platforms)
    kind = rng.choice(["description", "word", "name", "operator", "county", "code", "services", "status",
                       "title", "latin", "years", "notice"])
    if kind == "description":
        p["description"] = p["description"].replace("服务", "服务（已更新）", 1) + "。"
    elif kind == "word":
        p["description"] = "前所未见的" + rng.choice(["词汇", "短语", "说法"]) + p["description"]
    elif kind == "name":
        p["name"] = p["name"][:-2] + rng.choice(["中心", "基地", "平台", "服务站"])
    elif kind == "operator":  # also in the notices that list it
        p["operator"] = rng.choice(["聊城", "山东"]) + "新设" + p["operator"][2:]
    elif kind == "county":
        p["county"] = rng.choice(["冠县", "高唐县", "莘县", "东阿县"])
    elif kind == "code":
        p["credit_code"] = p["credit_code"][:-4] + "".join(rng.choice("0123456789ABC") for _ in range(4))
    elif kind == "services":
        p["services"] = sorted(set(p["services"]) ^ {"技术创新服务"})
    elif kind == "status":
        p["status"] = rng.choice(["已认定", "公示中", "已撤销", "已到期"])
    elif kind == "title":  # a name another platform has (two documents under one exact title)
        p["name"] = rng.choice(platforms)["name"]
    elif kind == "latin":
        p["name"] = "ABC 2026" + p["name"]
    elif kind == "years":
        p["years"] = sorted({*p["years"], 2026})
    else:
        n = rng.choice(notices)
        n["text"] = n["text"] + "另行通知。"
    return kind


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_patched_index_is_a_clean_build(seed):
    rng = random.Random(seed)
    platforms = make_platforms(300, seed=seed)
    notices = make_notices(40, platforms, seed=seed)
    files, state, memo = _clean(platforms, notices)
    assert any(k.startswith("p/b/") for k in files) and any(k.startswith("p/x/") for k in files)
    patched = 0
    for _ in range(12):
        kind = _edit(rng, platforms, notices)
        want, want_state, want_memo = _clean(copy.deepcopy(platforms), copy.deepcopy(notices))
        got = _patch(files, state, memo, platforms, notices)
        if got is not None:
            patched += 1
            got_files, got_state, got_memo = got
            assert sorted(got_files) == sorted(want), kind
            assert [k for k in want if got_files[k] != want[k]] == [], kind
            assert got_state == want_state, kind
            assert got_memo == want_memo, kind
        files, state, memo = want, want_state, want_memo
    assert patched >= 9  # most single edits are patched, not built again


def test_edits_that_cannot_be_patched_rebuild():
    platforms = make_platforms(120, seed=8)
    notices = make_notices(10, platforms, seed=8)
    files, state, memo = _clean(platforms, notices)
    assert _patch(files, state, memo, platforms[:-1], notices) is None  # a platform removed
    many = copy.deepcopy(platforms)
    for p in many[: P.MAX_CHANGED + 1]:
        p["description"] += "改"
    assert _patch(files, state, memo, many, notices) is None
    edited = copy.deepcopy(platforms)
    edited[3]["description"] += "新词"
    import json
    n_shards = json.loads(files["manifest.json"])["kinds"]["platforms"]["terms"]
    name = f"p/t/{S.term_hash('新词') & (n_shards - 1)}.json"  # a shard the edit rewrites
    assert _patch({k: v for k, v in files.items() if k != "manifest.json"}, state, memo, edited, notices) is None
    # a shard that is not what the builder writes (edited by hand, or another version)
    damaged = dict(files, **{name: files[name].replace(b",", b", ", 1)})
    assert _patch(damaged, state, memo, edited, notices) is None
    assert not P.valid_state({"docs": {"p": [1]}})
    assert P.valid_state(state)


def test_no_change_patches_to_the_same_files():
    platforms = make_platforms(80, seed=9)
    notices = make_notices(8, platforms, seed=9)
    files, state, memo = _clean(platforms, notices)
    got_files, got_state, _ = _patch(files, state, memo, platforms, notices)
    assert got_files == files and got_state == state


def test_a_blocked_term_that_disappears_rebuilds(monkeypatch):
    """The blocks of the common terms are numbered in term order: one that goes away would
    renumber those after it, so that edit is built from scratch (and still equals it)."""
    monkeypatch.setattr(S, "BLOCK_ENTRIES", 3)
    platforms = make_platforms(40, seed=4)
    for p in platforms[:4]:
        p["description"] = "罕见词汇" + p["description"]
    notices = make_notices(4, platforms, seed=4)
    files, state, memo = _clean(platforms, notices)
    edited = copy.deepcopy(platforms)
    for p in edited[:4]:
        p["description"] = p["description"].replace("罕见词汇", "")
    assert _patch(files, state, memo, edited, notices) is None


def test_a_scan_bucket_that_fills_or_empties_is_written_or_taken_away():
    """A bucket without entries has no file (shards.NO_FILE): an edit whose new pinyin lands
    in one writes it, and undoing the edit takes it away again, as a clean build would."""
    import json

    platforms = make_platforms(120, seed=6)
    notices = make_notices(10, platforms, seed=6)
    files, state, memo = _clean(platforms, notices)
    scan = json.loads(files["manifest.json"])["scan"]["py"]
    empty = {h for h, size in enumerate(scan["sizes"]) if size == S.NO_FILE}
    assert empty, "test should exercise a scan bucket without a file"
    from itertools import product

    from sme_registry.search.pinyin_terms import pinyin_terms

    rare = "窘拽揣甩虐略熊穷翁瓮曰耍嗯"  # syllables such as jiong, zhuai, nue, weng
    word = next(a + b for a, b in product(rare, repeat=2)
                if {S.term_hash(k) & (scan["buckets"] - 1) for k in S.scan_keys(pinyin_terms(a + b).py, S.SCAN_GRAMS["py"])} & empty)
    original = platforms[5]["name"]
    seen = []
    for name in (word + original, original):
        platforms[5]["name"] = name
        want, want_state, want_memo = _clean(copy.deepcopy(platforms), copy.deepcopy(notices))
        got = _patch(files, state, memo, platforms, notices)
        assert got is not None
        assert sorted(got[0]) == sorted(want) and all(got[0][k] == want[k] for k in want)
        assert got[1] == want_state
        files, state, memo = want, want_state, want_memo
        seen.append({h for h, size in enumerate(json.loads(files["manifest.json"])["scan"]["py"]["sizes"])
                     if size == S.NO_FILE})
    assert seen[0] < empty and seen[1] == empty  # filled, then emptied again


def test_a_scan_bucket_is_edited_a_term_at_a_time_as_a_sorted_bucket_is_written():
    """The patch reads and edits a scan bucket's bytes term by term (shard_patch._ScanBucket):
    after any sequence of puts and removals the bytes are those of the remaining entries in
    term order, as a clean build writes them; terms with quotes, backslashes and ``["`` in
    them are found, and a bucket whose framing is damaged rebuilds the index."""
    rng = random.Random(5)
    pool = ["lcs", 'a"["b', "c\\d", "ni", "e\\", "ni2", "z", "liaocheng", "é", "\\\"x", "ab", "a"]
    entries: dict[str, bytes] = {}
    bucket = P._ScanBucket(b"")
    for _ in range(400):
        term = rng.choice(pool)
        entry = None if rng.random() < 0.3 else S.scan_entry(term, [f"[1,[{rng.randrange(9)}]]", "null"])
        assert bucket.get(term) == entries.get(term)
        bucket.put(term, entry)
        if entry is None:
            entries.pop(term, None)
        else:
            entries[term] = entry
        assert bucket.body == b",".join(entries[t] for t in sorted(entries, key=P._js_order))
    assert all(P._scan_parts(t, bucket.get(t)) == [P._scan_parts(t, e) for e in [entries[t]]][0] for t in entries)
    data = b"[" + bucket.body + b"]"
    for damaged in (data[:-1], b"[" + data, b"", data.replace(b'["', b"[", 1)):
        patch = P._Patch(None, set(), {}, {"s/py/1.json": damaged}.get, {})
        with pytest.raises(P._Rebuild):
            patch.scan_bucket("s/py/1.json")
    with pytest.raises(P._Rebuild):
        P._scan_parts("lcs", S.scan_entry("ni", ["null", "[1,[2]]"]))


def test_a_rename_past_the_longest_or_shortest_title_moves_the_manifest_title_span():
    platforms = make_platforms(120, seed=7)
    notices = make_notices(12, platforms, seed=7)
    files, state, memo = _clean(platforms, notices)
    span = json.loads(files["manifest.json"])["kinds"]["platforms"]["exact_len"]
    for name in ["聊城" * 40 + "服务平台", "冠县", "𠀀冠县"]:  # longest, shortest, a character of two UTF-16 units
        platforms[3]["name"] = name
        want, want_state, want_memo = _clean(copy.deepcopy(platforms), copy.deepcopy(notices))
        got_files, got_state, _ = _patch(files, state, memo, platforms, notices)
        assert [k for k in sorted(set(want) | set(got_files)) if got_files.get(k) != want.get(k)] == [], name
        new_span = json.loads(got_files["manifest.json"])["kinds"]["platforms"]["exact_len"]
        assert new_span != span, name
        files, state, memo, span = want, want_state, want_memo, new_span
    assert span[0] == 4  # 𠀀冠县: three characters, four UTF-16 units (String.length in JavaScript)
