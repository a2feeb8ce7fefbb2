"""The term-sharded search index: ``search/manifest.json`` and the files it points to.

The browser (``theme/static/js/search-shards.js``) fetches only the shards of the query's
terms, assembles a partial ``lunr.Index`` and queries it with lunr.js; the results and
scores are exactly those of the full index (``index_builder.build_search_bundle``), because
lunr 2.3.9 scores a document by the dot product of the query vector with the document's
stored field vector divided by the *query* vector's magnitude (``lunr.Vector.similarity``):
entries of terms the query does not use never count. ``tests/search/test_shard_parity.py``
checks it on generated registries. Design and file shapes: docs/search.md.

Per kind (``p`` platforms, ``n`` notices), under ``search/<kind>/``:

* ``t/<h>.json`` term shards, ``h = term_hash(term) mod terms``: ``[[term, df, posting], …]``
  sorted by term. No term carries its position in the full index: the client numbers the
  terms it holds in the same (UTF-16) order, which is all lunr's vectors need, so a term's
  entry changes only when its own postings do (an edit rewrites only its terms' shards).
  ``df`` is lunr's document frequency (one per field and document). ``posting`` is flat: ``-(f+1)``
  starts field ``f``, then per document ``ref delta, tf, field length`` and, in field 0 (the
  name / title), the name class of the term (``engine.name_class(term, title)``), plus 4 × the
  place where a Han bigram first is in the cleaned title (``_name_mark``). A posting of
  more than ``BLOCK_ENTRIES`` documents is ``{"b": id, "s": [first ref of each block…]}``
  instead, its blocks in ``b/<id>-<j>.json`` (the same flat shape, refs of that range only).
* ``s/<field>/<h>.json`` (shared by the kinds, at the top) scan buckets of the pinyin (``py``),
  initials (``ini``) and credit code (``code``) vocabularies, keyed by the n-grams of each term
  (``scan_keys``): ``[[term, platforms' [df, posting of that field only] or null,
  notices' … or null], …]``. A bucket without entries has no file; its size class in the
  manifest is ``NO_FILE``.
* ``d/<k>.json`` display rows ``k*chunk …``; ``f.json`` the filter facets of every document.
* ``x/<h>.json`` (platforms only) exact-title buckets, ``h = term_hash(cleaned title) mod exact``:
  ``[[cleaned title, [[ref, display row, name terms], …]], …]``, so that a full-name query
  shows its first result from one file (``_exact_titles``). The kind's manifest gives the
  shortest and longest cleaned title (``exact_len``, in UTF-16 units as JavaScript counts), so
  that a query of any other length fetches no bucket.

Only integers and strings are written, keys sorted; the same input gives the same bytes.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from sme_registry.heap import cyclic_gc_paused

from .index_builder import (
    _ENCODER,
    K1,
    LUNR_JS_VERSION,
    NOTICE_FIELDS,
    NOTICE_KEYS,
    PLATFORM_FIELDS,
    PLATFORM_KEYS,
    B,
    FieldSpec,
    Grouped,
    _deltas,
    _dumps,
    _encode_key,
    _ints,
    _js_order,
    _notice_row,
    _ordered,
    _platform_row,
    _with_platforms,
    compact_index_json,
    count_terms,
    doc_digest,
    docs_table_json,
    full_bundle_files,
    group_terms,
)
from .pinyin_terms import syllable_starts
from .tokenizer import clean, is_han, tokenize

FORMAT = "sme-search-shards/6"
# Sizes chosen from bench runs (docs/search-bench.md lists the ones tried).
TERM_SHARD_BYTES = 3000  # aim for term shards of about this many raw bytes
BLOCK_ENTRIES = 800  # postings with more (field, document) entries than this are split
SCAN_BUCKET_BYTES = 12000
MAX_BUCKETS = 2048
CHUNK_ROWS = 8  # display rows per chunk
EXACT_BUCKET_BYTES = 16000  # exact-title buckets (with each document's display row)
EXACT_KINDS = ("p",)  # platforms come first on the page: their exact-title match is the first result
SCAN_FIELDS = ("py", "ini", "code")
# Which n-grams key a scan term (see scan_keys); the client picks its keys to match.
SCAN_GRAMS = {"py": "s", "ini": "23", "code": "3"}
FACET_KEYS = {"p": ("county", "category", "status", "schedule"), "n": ("type",)}


def term_hash(text: str) -> int:
    """CRC-32 (zlib's, the IEEE polynomial) of the UTF-16LE code units of ``text``, as
    ``termHash`` in search-shards.js: here it runs in C (three times faster than a 32-bit
    FNV-1a in Python, which took 0.7 s of a 10,000-platform index), there from a table."""
    return zlib.crc32(text.encode("utf-16-le", "surrogatepass"))


def scan_keys(term: str, grams: str) -> set[str]:
    """The keys a scan term is filed under: its bigrams ("2") and trigrams ("3"); for a ``py``
    term ("s"), the two and the three letters from the start of each syllable (a
    query word matches there only, pinyin_terms.syllable_match: a word of three or more letters
    is looked for under its first three, a 2-letter word under itself)."""
    if "s" in grams:
        letters, starts = syllable_starts(term)
        return {letters[at : at + n] for at in starts for n in (2, 3) if at + n <= len(letters)}
    keys: set[str] = {term[i : i + 3] for i in range(len(term) - 2)} if "3" in grams else set()
    if "2" in grams:
        keys.update([term[i : i + 2] for i in range(len(term) - 1)])
    return keys


class _Hashes(dict):
    """key -> term_hash(key), each key hashed once (a scan key is in hundreds of terms)."""

    def __missing__(self, key: str) -> int:
        value = self[key] = term_hash(key)
        return value


def _pow2(n: float, cap: int) -> int:
    size = 1
    while size < n and size < cap:
        size *= 2
    return size


def _size_class(count: int) -> str:
    return "0123456789abcdefghijklmnopqrstuvwxyz"[min(35, count.bit_length())]


NO_FILE = "0"  # the size class of a scan bucket without entries: it is not written, nor fetched


def put_scan_bucket(files: dict[str, bytes], name: str, entries: list[bytes]) -> str:
    """Put scan bucket `name` (its entries' JSON, in term order) into `files`, unless it has
    none: an empty bucket is no file (pinyin trigrams are few, so most of the 2,048 buckets
    of a large registry are empty). Returns its size class for the manifest, NO_FILE if empty."""
    if not entries:
        return NO_FILE
    data = files[name] = b"[" + b",".join(entries) + b"]"
    return _size_class(len(data))


TITLE_SETS = ("straddle", "latin", "digit", "other")


@lru_cache(maxsize=1 << 16)
def _han_char(ch: str) -> bool:
    return is_han(ord(ch))


def _title_sets(title: str | None, cleaned: str | None = None) -> set[str]:
    """Which of TITLE_SETS a title is in; for the others the client tells the name class from
    the postings alone. ``straddle``: two Han characters adjacent in the cleaned title but
    no bigram of its tokens (a separator between them); ``latin``/``digit``/``other``: the
    cleaned title has an a-z letter / a digit / another non-Han character. ``cleaned`` is
    ``clean(title)`` if the caller has it."""
    c = clean(title) if cleaned is None else cleaned
    out = set()
    han = list(map(_han_char, c))
    pairs = [c[i : i + 2] for i in range(len(c) - 1) if han[i] and han[i + 1]]
    if pairs and not set(pairs) <= set(tokenize(title)):
        out.add("straddle")
    if not all(han):
        for ch, is_han_ch in zip(c, han, strict=True):
            if not is_han_ch:
                out.add("latin" if "a" <= ch <= "z" else "digit" if "0" <= ch <= "9" else "other")
    return out


def _name_class(term: str, title: str) -> int:  # engine.name_class with the title cleaned once
    if not title:
        return 0
    return 3 if title == term else 2 if title.startswith(term) else 1 if term in title else 0


def _name_mark(term: str, title: str) -> int:
    """What a name-field posting holds after a document's field length: the term's name class
    (``_name_class``) plus, for a Han bigram in the cleaned title, 4 × the place (in code
    points) where it first is. A name holding every bigram of a Han query at consecutive
    places holds the query there, so the client ranks it without reading its title."""
    cls = _name_class(term, title)
    if cls and len(term) == 2 and _han_char(term[0]) and _han_char(term[1]):
        return cls + 4 * title.find(term)
    return cls


def _flat_segment(postings: list[int], term: str, titles: list[str] | None) -> str:
    """Field postings ``[ref, tf, length, …]`` (``Grouped``) as JSON text (no brackets) the
    way a shard writes them: refs delta-encoded from 0 and, given ``titles`` (field 0), each
    document's name class after its length."""
    if len(postings) == 3:  # one document (most terms): its delta is its ref
        if titles is None:
            return _ints(postings)
        return _ints([*postings, _name_mark(term, titles[postings[0]])])
    refs = postings[0::3]
    if titles is None:
        out = postings[:]
        out[0::3] = _deltas(refs)
    else:
        out = [0] * (len(refs) * 4)
        out[0::4] = _deltas(refs)
        out[1::4] = postings[1::3]
        out[2::4] = postings[2::3]
        out[3::4] = [_name_mark(term, titles[r]) for r in refs]
    return _ints(out)


def field_marks(n_fields: int) -> list[str]:
    """The JSON text that starts field ``f`` in a posting: ``-(f+1),``."""
    return [f"{-(f + 1)}," for f in range(n_fields)]


def posting_df(present: list[tuple[int, list[int]]]) -> int:
    """lunr's document frequency of a term: one per (field, document) it is in."""
    return (len(present[0][1]) if len(present) == 1 else sum(len(postings) for _, postings in present)) // 3


def term_entry(
    term: str, present: list[tuple[int, list[int]]], titles: list[str], marks: list[str],
    scan_of: dict[int, dict[str, str]], big: int,
) -> tuple[bytes, list[bytes] | None]:
    """A term's entry in its term shard and, for a posting of more than BLOCK_ENTRIES
    (field, document) entries, its blocks (``b/<big>-<j>.json``, ``big`` being its number
    among such terms); the texts of its scan fields go into ``scan_of`` (field -> term ->
    ``[df,[posting of that field]]``). ``present`` is its ``Grouped`` postings."""
    df = posting_df(present)
    if df <= BLOCK_ENTRIES:
        parts = []
        for f, postings in present:
            segment = _flat_segment(postings, term, titles if f == 0 else None)
            parts.append(marks[f] + segment)
            scan_part = scan_of.get(f)
            if scan_part is not None:  # the shard's text of that field (no name classes there)
                scan_part[term] = f"[{df},[{_flat_segment(postings, term, None) if f == 0 else segment}]]"
        return f"[{_encode_key(term)},{df},[{','.join(parts)}]]".encode(), None
    for f, postings in present:
        scan_part = scan_of.get(f)
        if scan_part is not None:
            scan_part[term] = f"[{df},[{_flat_segment(postings, term, None)}]]"
    # Blocks of about BLOCK_ENTRIES (field, document) entries, split between documents.
    if len(present) == 1 and BLOCK_ENTRIES >= 1:  # one entry per document
        starts = present[0][1][0 :: 3 * BLOCK_ENTRIES]
    else:
        per_ref = Counter(chain.from_iterable(postings[0::3] for _, postings in present))
        starts, count = [], 0
        for r in sorted(per_ref):
            if not starts or count >= BLOCK_ENTRIES:
                starts.append(r)
                count = 0
            count += per_ref[r]
    field_refs = [(f, postings, postings[0::3]) for f, postings in present]
    blocks = []
    for j, lo in enumerate(starts):
        parts = []
        for f, postings, refs in field_refs:
            i = bisect_left(refs, lo)
            k = bisect_left(refs, starts[j + 1]) if j + 1 < len(starts) else len(refs)
            if i < k:
                parts.append(marks[f] + _flat_segment(postings[3 * i : 3 * k], term, titles if f == 0 else None))
        blocks.append(("[" + ",".join(parts) + "]").encode("utf-8"))
    return f"[{_encode_key(term)},{df},{_ENCODER.encode({'b': big, 's': starts})}]".encode(), blocks


def _build_kind(
    prefix: str, fields: tuple[FieldSpec, ...], title_key: str, rows: list[list[Any]], row_json: list[bytes],
    keys: tuple[str, ...], grouped: Grouped, state: dict[str, Any],
) -> tuple[dict[str, bytes], dict[str, Any], dict[str, dict[str, str]]]:
    """The files of one kind, its manifest entry, and its scan parts: per scan field, term ->
    the JSON text of ``[df, posting of that field]``. ``rows`` are the display rows and
    ``row_json`` their JSON; ``grouped`` is ``group_terms`` of the kind's term counts. All JSON
    is written piece by piece (each posting once, even where a shard and a scan part share it);
    the bytes are those of ``_dumps`` of the whole structures. The sizes that decide the
    number of shards and buckets go into ``state`` (for shard_patch)."""
    names = [f.name for f in fields]
    terms, by_term, totals = grouped
    title_at = keys.index(title_key)
    titles = [clean(r[title_at]) for r in rows]
    scan: dict[str, dict[str, str]] = {fname: {} for fname in SCAN_FIELDS if fname in names}
    scan_of = {names.index(fname): part for fname, part in scan.items()}
    marks = field_marks(len(fields))
    files: dict[str, bytes] = {}
    entries: list[bytes] = []  # of each term, in terms order
    big = 0
    for term in terms:
        entry, blocks = term_entry(term, by_term[term], titles, marks, scan_of, big)
        entries.append(entry)
        if blocks is not None:
            for j, block in enumerate(blocks):
                files[f"{prefix}/b/{big}-{j}.json"] = block
            big += 1
    volume = state["volume"] = sum(map(len, entries))
    n_shards = term_shards(volume)
    shards: list[list[bytes]] = [[] for _ in range(n_shards)]
    for term, e in zip(terms, entries, strict=True):
        shards[term_hash(term) & (n_shards - 1)].append(e)
    del entries
    for h, shard in enumerate(shards):
        files[f"{prefix}/t/{h}.json"] = b"[" + b",".join(shard) + b"]"

    for k in range(0, max(len(rows), 1), CHUNK_ROWS):
        files[f"{prefix}/d/{k // CHUNK_ROWS}.json"] = b"[" + b",".join(row_json[k : k + CHUNK_ROWS]) + b"]"
    exact = None
    if prefix in EXACT_KINDS:
        n_exact, state["exact"] = _exact_titles(prefix, titles, [tokenize(r[title_at]) for r in rows], row_json,
                                                files)
        exact = (n_exact, title_lengths(titles))
    files[f"{prefix}/f.json"] = facets_json(prefix, keys, rows)
    refs: dict[str, list[int]] = {name: [] for name in TITLE_SETS}
    for r, doc_row in enumerate(rows):
        for name in _title_sets(doc_row[title_at], titles[r]):
            refs[name].append(r)
    manifest = kind_manifest(len(rows), fields, totals, n_shards, sorted(scan), keys, title_key, prefix,
                             refs, exact)
    return files, manifest, scan


def term_shards(volume: int) -> int:
    """The number of term shards of a kind whose entries take ``volume`` bytes."""
    return _pow2(volume / TERM_SHARD_BYTES, 4096)


def facets_json(prefix: str, keys: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    facet_at = [keys.index(k) for k in FACET_KEYS[prefix]]
    return _dumps([[r[i] for i in facet_at] for r in rows])


def kind_manifest(
    n: int, fields: tuple[FieldSpec, ...], totals: list[int], n_shards: int, scan: list[str],
    keys: tuple[str, ...], title_key: str, prefix: str, special: dict[str, list[int]],
    exact: tuple[int, list[int]] | None,
) -> dict[str, Any]:
    """A kind's part of the manifest; ``special``: the refs (ascending) in each of TITLE_SETS;
    ``exact``: the number of exact-title buckets and ``title_lengths`` of the cleaned titles."""
    manifest = {
        "n": n,
        "fields": [[f.name, f.boost] for f in fields],
        "totals": totals,
        "terms": n_shards,
        "scan": scan,
        "chunk": CHUNK_ROWS,
        "keys": list(keys),
        "title": title_key,
        "facets": list(FACET_KEYS[prefix]),
        "special": {name: _deltas(special[name]) for name in TITLE_SETS},
    }
    if exact is not None:
        manifest["exact"], manifest["exact_len"] = exact
    return manifest


def title_lengths(titles: list[str]) -> list[int]:
    """``[shortest, longest]`` of the non-empty cleaned titles in UTF-16 code units (the
    length JavaScript gives the query it compares with them); ``[0, 0]`` when there are none."""
    lengths = [len(t.encode("utf-16-le", "surrogatepass")) // 2 for t in titles if t]  # as term_hash
    return [min(lengths), max(lengths)] if lengths else [0, 0]


def exact_entry(title: str, items: list[tuple[int, bytes, list[str]]]) -> bytes:
    """A title's entry in its exact-title bucket; ``items``: (ref, display row JSON, the
    title field's terms, sorted in JavaScript order), refs ascending."""
    return ("[" + _encode_key(title) + ",[" + ",".join(
        f"[{ref},{row.decode('utf-8')},{_dumps(terms).decode('utf-8')}]" for ref, row, terms in items)
        + "]]").encode("utf-8")


def exact_buckets(volume: int) -> int:
    return _pow2(volume / EXACT_BUCKET_BYTES, 4096)


def _exact_titles(prefix: str, titles: list[str], terms: list[list[str]], row_json: list[bytes],
                  files: dict[str, bytes]) -> tuple[int, int]:
    """Exact-title buckets ``<prefix>/x/<h>.json``, ``h = term_hash(cleaned title) mod buckets``:
    ``[[cleaned title, [[ref, display row, the title field's terms], …]], …]`` sorted by title;
    returns the number of buckets. The terms are the index's own (not the browser's
    tokenizer, whose Unicode tables may be newer than Python's). A query whose cleaned text
    is one document's cleaned title ranks that document first (name class 3,
    engine.name_class) whenever it matches, so the client can show it from this one small
    file while the query's term shards are still on their way (search-shards.js ``first``).
    Returns the number of buckets and the bytes of all entries."""
    by_title: dict[str, list[int]] = {}
    for ref, title in enumerate(titles):
        if title:
            by_title.setdefault(title, []).append(ref)
    entries = [(t, exact_entry(t, [(ref, row_json[ref], sorted(set(terms[ref]), key=_js_order))
                                   for ref in by_title[t]]))
               for t in sorted(by_title, key=_js_order)]
    volume = sum(len(e) for _, e in entries)
    n_buckets = exact_buckets(volume)
    buckets: list[list[bytes]] = [[] for _ in range(n_buckets)]
    for title, entry in entries:
        buckets[term_hash(title) & (n_buckets - 1)].append(entry)
    for h, bucket in enumerate(buckets):
        files[f"{prefix}/x/{h}.json"] = b"[" + b",".join(bucket) + b"]"
    return n_buckets, volume


def scan_entry(term: str, parts: list[str]) -> bytes:
    """A term's entry in the scan buckets of a field: each kind's ``[df,[posting]]`` or null."""
    return "".join(["[", _encode_key(term), *["," + x for x in parts], "]"]).encode("utf-8")


def scan_buckets(volume: int) -> int:
    return _pow2(volume / SCAN_BUCKET_BYTES, MAX_BUCKETS)


def _scan_buckets(parts: list[dict[str, dict[str, str]]], files: dict[str, bytes],
                  state: dict[str, int]) -> dict[str, Any]:
    """Shared scan buckets ``s/<field>/<h>.json`` of all kinds: ``[[term, part of kind 0 or
    null, part of kind 1 or null], …]`` sorted by term, a part being ``[df, posting]``
    (``parts`` holds their JSON text; each field's are taken out of it here). A pinyin term
    of a platform is usually also one of its notices, so its string (the bulk of a bucket,
    stored once per n-gram key) is written once for both. Each entry is encoded once and its
    bytes joined into every bucket it is in. The volume of each field goes into ``state``."""
    scan: dict[str, Any] = {}
    for fname in SCAN_FIELDS:
        present = [p.pop(fname, None) for p in parts]
        if not any(x is not None for x in present):
            continue
        grams = SCAN_GRAMS[fname]
        terms = sorted({t for x in present if x for t in x}, key=_js_order)
        filed: list[tuple[bytes, tuple[int, ...]]] = []
        volume = 0
        hash_of = _Hashes().__getitem__
        for t in terms:
            data = scan_entry(t, [x.get(t, "null") if x else "null" for x in present])
            ks = scan_keys(t, grams)
            volume += len(data) * len(ks)
            filed.append((data, tuple(map(hash_of, ks))))  # the hashes, not the keys: less memory
        del present
        state[fname] = volume
        n_buckets = scan_buckets(volume)
        mask = n_buckets - 1
        buckets: list[list[bytes]] = [[] for _ in range(n_buckets)]
        add = [bucket.append for bucket in buckets]
        for data, hashes in filed:  # in term order, so every bucket is sorted
            for h in {x & mask for x in hashes}:
                add[h](data)
        del filed
        sizes = [put_scan_bucket(files, f"s/{fname}/{h}.json", bucket) for h, bucket in enumerate(buckets)]
        scan[fname] = {"buckets": n_buckets, "grams": grams, "sizes": "".join(sizes)}
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


# What a build leaves for shard_patch: each kind's document digests (in ref order) and the
# sizes that decide its numbers of shards and buckets (kinds by their path).
State = dict[str, Any]


def build_search_shards(
    platforms: list[dict], notices: list[dict], memo: dict | None = None, used: set | None = None,
    *, full: bool = False, worker: list[bytes] | None = None, state: State | None = None,
    digests: dict[str, list[str]] | None = None,
) -> dict[str, bytes]:
    """Path under ``search/`` → bytes of the sharded index (``manifest.json`` and the shards);
    with ``full``, also ``index.json`` and ``docs.json`` of the whole index (the reference
    ``build_search_bundle`` writes; the terms are counted once for both); with ``worker``
    (``worker_sources``), also ``worker.js`` (``worker_bundle``); ``state`` (a dict) is filled
    with what ``shard_patch.patch_search_shards`` needs to patch these files after an edit;
    ``digests`` is ``document_digests`` of the documents when the caller has it already."""
    # Millions of small lists, tuples and dicts and no reference cycles (sme_registry/heap.py).
    with cyclic_gc_paused():
        return _build_search_shards(platforms, notices, memo, used, full, worker, {} if state is None else state,
                                    digests)


def document_digests(platforms: list[dict], notices: list[dict]) -> dict[str, list[str]]:
    """Each kind's document digests in ref order (the keys of their term counts in a memo):
    the index is a function of these (and of this code)."""
    ps, ns = _ordered(platforms, _with_platforms(notices, platforms))
    return {"p": [doc_digest(d) for d in ps], "n": [doc_digest(d) for d in ns]}


KINDS = (
    ("p", "platforms", PLATFORM_FIELDS, "name", _platform_row, PLATFORM_KEYS),
    ("n", "notices", NOTICE_FIELDS, "title", _notice_row, NOTICE_KEYS),
)


def _build_search_shards(
    platforms: list[dict], notices: list[dict], memo: dict | None, used: set | None, full: bool,
    worker: list[bytes] | None, state: State, given: dict[str, list[str]] | None,
) -> dict[str, bytes]:
    ps, ns = _ordered(platforms, _with_platforms(notices, platforms))
    files: dict[str, bytes] = {}
    kinds: dict[str, Any] = {}
    full_parts: dict[str, Any] = {}
    scan_parts = []
    state.update(docs={}, kinds={}, scan={})
    for (prefix, kind, fields, title, row, keys), docs in zip(KINDS, (ps, ns), strict=True):
        digests = state["docs"][prefix] = given[prefix] if given else [doc_digest(d) for d in docs]
        grouped = group_terms(count_terms(docs, fields, memo, used, digests), fields)
        rows = [row(d) for d in docs]
        row_json = [_dumps(r) for r in rows]
        if full:
            full_parts[kind] = (compact_index_json(len(docs), grouped, fields), docs_table_json(keys, row_json))
        kind_state = state["kinds"][prefix] = {}
        kind_files, manifest, scan = _build_kind(prefix, fields, title, rows, row_json, keys, grouped, kind_state)
        del grouped, rows, row_json
        files.update(kind_files)
        kinds[kind] = {"path": prefix, "slot": len(scan_parts) + 1, **manifest}
        scan_parts.append(scan)
    files["manifest.json"] = manifest_json(kinds, _scan_buckets(scan_parts, files, state["scan"]), ps, ns)
    if full_parts:
        files.update(full_bundle_files(full_parts))
    if worker is not None:
        files["worker.js"] = worker_bundle(worker, files["manifest.json"])
    return files


def manifest_json(kinds: dict[str, Any], scan: dict[str, Any], ps: list[dict], ns: list[dict]) -> bytes:
    return _dumps({
        "format": FORMAT,
        "lunr": LUNR_JS_VERSION,
        "k1_1000": round(K1 * 1000),
        "b_1000": round(B * 1000),
        "kinds": kinds,
        "scan": scan,
        "lists": {
            "county": _distinct(p.get("county") for p in ps),
            "category": _distinct(p.get("category") for p in ps),
            "type": _distinct(n.get("type") for n in ns),
        },
    })
