"""The term-sharded search index: ``search/manifest.json`` and the files it points to.

The browser (``theme/static/js/search-shards.js``) fetches only the shards of the query's
terms, assembles a partial ``lunr.Index`` and queries it with lunr.js; the results and
scores are exactly those of the full index (``index_builder.build_search_bundle``), because
lunr 2.3.9 scores a document by the dot product of the query vector with the document's
stored field vector divided by the *query* vector's magnitude (``lunr.Vector.similarity``):
entries of terms the query does not use never count. ``tests/search/test_shard_parity.py``
checks it on generated registries. Design and file shapes: docs/search.md.

Per kind (``p`` platforms, ``n`` notices), under ``search/<kind>/``:

* ``t/<h>.json`` term shards, ``h = fnv1a(term) mod terms``: ``[[term, ti, df, posting], …]``
  sorted by term. ``ti`` is the term's position in the full index (its lunr ``_index``),
  ``df`` lunr's document frequency (one per field and document). ``posting`` is flat: ``-(f+1)``
  starts field ``f``, then per document ``ref delta, tf, field length`` and, in field 0 (the
  name / title), the name class of the term (``engine.name_class(term, title)``). A posting of
  more than ``BLOCK_ENTRIES`` documents is ``{"b": id, "s": [first ref of each block…]}``
  instead, its blocks in ``b/<id>-<j>.json`` (the same flat shape, refs of that range only).
* ``s/<field>/<h>.json`` (shared by the kinds, at the top) scan buckets of the pinyin (``py``),
  initials (``ini``) and credit code (``code``) vocabularies, keyed by the n-grams of each term
  (``scan_keys``): ``[[term, platforms' [ti, df, posting of that field only] or null,
  notices' … or null], …]``.
* ``d/<k>.json`` display rows ``k*chunk …``; ``f.json`` the filter facets of every document.

Only integers and strings are written, keys sorted; the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .index_builder import (
    K1,
    LUNR_JS_VERSION,
    NOTICE_FIELDS,
    NOTICE_KEYS,
    PLATFORM_FIELDS,
    PLATFORM_KEYS,
    B,
    FieldSpec,
    _js_order,
    _notice_row,
    _ordered,
    _platform_row,
    _with_platforms,
    compact_index,
    count_terms,
    full_bundle_files,
)
from .tokenizer import clean, is_han, tokenize

FORMAT = "sme-search-shards/1"
# Sizes chosen from bench runs (docs/search-bench.md lists the ones tried).
TERM_SHARD_BYTES = 3000  # aim for term shards of about this many raw bytes
BLOCK_ENTRIES = 400  # postings with more (field, document) entries than this are split
SCAN_BUCKET_BYTES = 6000
MAX_BUCKETS = 2048
CHUNK_ROWS = 8  # display rows per chunk
SCAN_FIELDS = ("py", "ini", "code")
# Which n-grams key a scan term (see scan_keys); the client picks its keys to match.
SCAN_GRAMS = {"py": "3$", "ini": "23", "code": "3"}
FACET_KEYS = {"p": ("county", "category", "status", "schedule"), "n": ("type",)}


@lru_cache(maxsize=1 << 18)
def fnv1a(text: str) -> int:
    """FNV-1a (32 bit) over the UTF-16 code units of ``text`` (as ``fnv1a`` in search-shards.js)."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def scan_keys(term: str, grams: str) -> set[str]:
    """The keys a scan term is filed under: its bigrams ("2"), trigrams ("3") and its last two
    characters followed by ``$`` ("$", so that a 2-letter word finds it via ``xy<any>`` or ``xy$``)."""
    keys: set[str] = set()
    if "2" in grams:
        keys.update(term[i : i + 2] for i in range(len(term) - 1))
    if "3" in grams:
        keys.update(term[i : i + 3] for i in range(len(term) - 2))
    if "$" in grams and len(term) >= 2:
        keys.add(term[-2:] + "$")
    return keys


def _pow2(n: float, cap: int) -> int:
    size = 1
    while size < n and size < cap:
        size *= 2
    return size


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _size_class(count: int) -> str:
    return "0123456789abcdefghijklmnopqrstuvwxyz"[min(35, count.bit_length())]


TITLE_SETS = ("straddle", "latin", "digit", "other")


def _title_sets(title: str | None) -> set[str]:
    """Which of TITLE_SETS a title is in; for the others the client tells the name class from
    the postings alone. ``straddle``: two Han characters adjacent in the cleaned title but
    no bigram of its tokens (a separator between them); ``latin``/``digit``/``other``: the
    cleaned title has an a-z letter / a digit / another non-Han character."""
    c = clean(title)
    out = set()
    pairs = [c[i : i + 2] for i in range(len(c) - 1) if is_han(ord(c[i])) and is_han(ord(c[i + 1]))]
    if pairs and not set(pairs) <= set(tokenize(title)):
        out.add("straddle")
    for ch in c:
        if not is_han(ord(ch)):
            out.add("latin" if "a" <= ch <= "z" else "digit" if "0" <= ch <= "9" else "other")
    return out


def _build_kind(
    prefix: str, docs: list[dict], fields: tuple[FieldSpec, ...], title_key: str,
    row: Callable[[dict], list[Any]], keys: tuple[str, ...], freqs: dict[str, dict[str, int]],
) -> tuple[dict[str, bytes], dict[str, Any]]:
    names = [f.name for f in fields]
    grouped: dict[str, dict[int, dict[int, int]]] = {}
    lengths: dict[tuple[int, int], int] = {}
    for field_ref, tfs in freqs.items():
        field_name, ref_s = field_ref.split("/", 1)
        f, ref = names.index(field_name), int(ref_s)
        if tfs:
            lengths[(f, ref)] = sum(tfs.values())
        for term, tf in tfs.items():
            grouped.setdefault(term, {}).setdefault(f, {})[ref] = tf
    totals = [0] * len(fields)
    for (f, _ref), n in lengths.items():
        totals[f] += n
    terms = sorted(grouped, key=_js_order)
    rows = [row(d) for d in docs]
    title_at = keys.index(title_key)
    titles = [clean(r[title_at]) for r in rows]

    def name_class(term: str, title: str) -> int:  # engine.name_class with the title cleaned once
        if not title:
            return 0
        return 3 if title == term else 2 if title.startswith(term) else 1 if term in title else 0

    def flat(term: str, lo: int = 0, hi: int | None = None, only: int | None = None) -> list[int]:
        out: list[int] = []
        for f in sorted(grouped[term]):
            if only is not None and f != only:
                continue
            items = [(r, tf) for r, tf in sorted(grouped[term][f].items()) if r >= lo and (hi is None or r < hi)]
            if not items:
                continue
            if only is None:
                out.append(-(f + 1))
            prev = 0
            for r, tf in items:
                out += [r - prev, tf, lengths[(f, r)]]
                if f == 0 and only is None:
                    out.append(name_class(term, titles[r]))
                prev = r
        return out

    files: dict[str, bytes] = {}
    entries: list[tuple[str, list[Any]]] = []
    big = 0
    for ti, term in enumerate(terms):
        df = sum(len(by_ref) for by_ref in grouped[term].values())
        if df <= BLOCK_ENTRIES:
            entries.append((term, [term, ti, df, flat(term)]))
            continue
        # Blocks of about BLOCK_ENTRIES (field, document) entries, split between documents.
        per_ref: dict[int, int] = {}
        for by_ref in grouped[term].values():
            for r in by_ref:
                per_ref[r] = per_ref.get(r, 0) + 1
        starts, count = [], 0
        for r in sorted(per_ref):
            if not starts or count >= BLOCK_ENTRIES:
                starts.append(r)
                count = 0
            count += per_ref[r]
        for j, lo in enumerate(starts):
            hi = starts[j + 1] if j + 1 < len(starts) else None
            files[f"{prefix}/b/{big}-{j}.json"] = _dumps(flat(term, lo, hi))
        entries.append((term, [term, ti, df, {"b": big, "s": starts}]))
        big += 1
    volume = sum(len(_dumps(e)) for _, e in entries)
    n_shards = _pow2(volume / TERM_SHARD_BYTES, 4096)
    shards: list[list[Any]] = [[] for _ in range(n_shards)]
    for term, e in entries:
        shards[fnv1a(term) & (n_shards - 1)].append(e)
    for h, shard in enumerate(shards):
        files[f"{prefix}/t/{h}.json"] = _dumps(shard)

    # Scan entries of this kind; build_search_shards files both kinds' into shared buckets.
    scan: dict[str, dict[str, list[Any]]] = {}
    for fname in SCAN_FIELDS:
        if fname not in names:
            continue
        f = names.index(fname)
        scan[fname] = {}
        for ti, term in enumerate(terms):
            if f in grouped[term]:
                df = sum(len(by_ref) for by_ref in grouped[term].values())
                scan[fname][term] = [ti, df, flat(term, only=f)]

    for k in range(0, max(len(rows), 1), CHUNK_ROWS):
        files[f"{prefix}/d/{k // CHUNK_ROWS}.json"] = _dumps(rows[k : k + CHUNK_ROWS])
    facet_at = [keys.index(k) for k in FACET_KEYS[prefix]]
    files[f"{prefix}/f.json"] = _dumps([[r[i] for i in facet_at] for r in rows])
    special: dict[str, list[int]] = {name: [] for name in TITLE_SETS}
    last = dict.fromkeys(TITLE_SETS, 0)
    for r, doc_row in enumerate(rows):
        for name in sorted(_title_sets(doc_row[title_at])):
            special[name].append(r - last[name])
            last[name] = r
    manifest = {
        "n": len(docs),
        "fields": [[f.name, f.boost] for f in fields],
        "totals": totals,
        "terms": n_shards,
        "scan": sorted(scan),
        "chunk": CHUNK_ROWS,
        "keys": list(keys),
        "title": title_key,
        "facets": list(FACET_KEYS[prefix]),
        "special": special,
    }
    return files, manifest, scan


def _scan_buckets(parts: list[dict[str, dict[str, list[Any]]]], files: dict[str, bytes]) -> dict[str, Any]:
    """Shared scan buckets ``s/<field>/<h>.json`` of all kinds: ``[[term, part of kind 0 or
    null, part of kind 1 or null], …]`` sorted by term, a part being ``[ti, df, posting]``. A
    pinyin term of a platform is usually also one of its notices, so its string (the bulk of a
    bucket, stored once per n-gram key) is written once for both."""
    scan: dict[str, Any] = {}
    for fname in SCAN_FIELDS:
        present = [p.get(fname) for p in parts]
        if not any(x is not None for x in present):
            continue
        grams = SCAN_GRAMS[fname]
        terms = sorted({t for x in present if x for t in x}, key=_js_order)
        filed = [([t, *[(x or {}).get(t) for x in present]], scan_keys(t, grams)) for t in terms]
        volume = sum(len(_dumps(e)) * len(k) for e, k in filed)
        n_buckets = _pow2(volume / SCAN_BUCKET_BYTES, MAX_BUCKETS)
        buckets: list[list[Any]] = [[] for _ in range(n_buckets)]
        for entry, ks in filed:  # in term order, so every bucket is sorted
            for h in sorted({fnv1a(k) & (n_buckets - 1) for k in ks}):
                buckets[h].append(entry)
        for h, bucket in enumerate(buckets):
            files[f"s/{fname}/{h}.json"] = _dumps(bucket)
        scan[fname] = {"buckets": n_buckets, "grams": grams,
                       "sizes": "".join(_size_class(len(b)) for b in buckets)}
    return scan


# The scripts of search/worker.js, in theme/static/js (lunr from theme/static/vendor).
WORKER_PARTS = ("../vendor/lunr/lunr.min.js", "search-tokenizer.js", "search-engine.js", "search-shards.js")


def worker_sources(js_dir: Path) -> list[bytes]:
    return [(js_dir / name).read_bytes() for name in (*WORKER_PARTS, "search-worker.js")]


def worker_bundle(sources: list[bytes], manifest: bytes) -> bytes:
    """``search/worker.js``: the worker's scripts and the manifest in one file, so the search
    page's worker starts with one request instead of six in a row (importScripts and the
    manifest fetch each wait for the one before)."""
    *libs, glue = sources
    return b"\n;\n".join([*libs, b"self.SME_SEARCH_MANIFEST = " + manifest + b";", glue]) + b"\n"


def _distinct(values) -> list[str]:
    return sorted({v for v in values if v}, key=_js_order)


def build_search_shards(
    platforms: list[dict], notices: list[dict], memo: dict | None = None, used: set | None = None,
    *, full: bool = False, worker: list[bytes] | None = None,
) -> dict[str, bytes]:
    """Path under ``search/`` → bytes of the sharded index (``manifest.json`` and the shards);
    with ``full``, also ``index.json`` and ``docs.json`` of the whole index (the reference
    ``build_search_bundle`` writes; the terms are counted once for both); with ``worker``
    (``worker_sources``), also ``worker.js`` (``worker_bundle``)."""
    ps, ns = _ordered(platforms, _with_platforms(notices, platforms))
    files: dict[str, bytes] = {}
    kinds: dict[str, Any] = {}
    full_parts: dict[str, Any] = {}
    scan_parts = []
    for prefix, kind, docs, fields, title, row, keys in (
        ("p", "platforms", ps, PLATFORM_FIELDS, "name", _platform_row, PLATFORM_KEYS),
        ("n", "notices", ns, NOTICE_FIELDS, "title", _notice_row, NOTICE_KEYS),
    ):
        freqs = count_terms(docs, fields, memo, used)
        if full:
            full_parts[kind] = (compact_index(len(docs), freqs, fields),
                                                   {"keys": list(keys), "rows": [row(d) for d in docs]})
        kind_files, manifest, scan = _build_kind(prefix, docs, fields, title, row, keys, freqs)
        files.update(kind_files)
        kinds[kind] = {"path": prefix, "slot": len(scan_parts) + 1, **manifest}
        scan_parts.append(scan)
    manifest = {
        "format": FORMAT,
        "lunr": LUNR_JS_VERSION,
        "k1_1000": round(K1 * 1000),
        "b_1000": round(B * 1000),
        "kinds": kinds,
        "scan": _scan_buckets(scan_parts, files),
        "lists": {
            "county": _distinct(p.get("county") for p in ps),
            "category": _distinct(p.get("category") for p in ps),
            "type": _distinct(n.get("type") for n in ns),
        },
    }
    if full_parts:
        files.update(full_bundle_files(full_parts))
    files["manifest.json"] = _dumps(manifest)
    if worker is not None:
        files["worker.js"] = worker_bundle(worker, files["manifest.json"])
    return files
