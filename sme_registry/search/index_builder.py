"""Build the files of the client-side search: ``search/index.json`` and ``search/docs.json``.

The index is built with the Python ``lunr`` package (``lunr.builder.Builder``
with an empty pipeline: no English trimmer, stop words or stemmer) over tokens
made by :mod:`sme_registry.search.tokenizer`, so the terms in the index are
exactly the Python tokens. It is then written in a compact transport shape
(see :func:`compact_index`) which ``theme/static/js/search.js`` and
:func:`expand_index` turn back into the standard lunr 2.3.9 serialisation for
``lunr.Index.load``. Only integers and strings are written; the output bytes
depend on the input only.
"""

from __future__ import annotations

import hashlib
import json
import math
import operator
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import chain
from typing import Any

from lunr.builder import Builder

from .pinyin_terms import pinyin_terms
from .tokenizer import tokenize

FORMAT = "sme-search/1"
LUNR_JS_VERSION = "2.3.9"
# lunr's BM25 parameters (lunr defaults); the client uses the same values.
K1 = 1.2
B = 0.75

# How much free text goes into the index (and into docs.json for display).
DESCRIPTION_CHARS = 80
NOTICE_BODY_CHARS = 200
NOTICE_SUMMARY_CHARS = 80


@dataclass(frozen=True)
class FieldSpec:
    name: str
    boost: int
    extract: Callable[[dict], list[str]]


def _join(values: Iterable[str] | None) -> str:
    return " ".join(v for v in (values or []) if v)


# While count_terms runs: per `unigrams` flag, text -> its tokens, so that a text repeated
# across the documents of one call (a county, a services list, a description, and the names,
# operators and counties of the platforms a notice lists, which recur across notices) is
# tokenised once. Dropped when count_terms returns; None (no memo) outside it.
_TOKEN_MEMO: ContextVar[dict[bool, dict[str, list[str]]] | None] = ContextVar(
    "token_memo", default=None
)


def _tokens(text: str | None, unigrams: bool = True) -> list[str]:
    """``tokenize(text, unigrams=unigrams)``, through count_terms' memo when there is one.
    The list may be shared: callers must not change it."""
    memo = _TOKEN_MEMO.get()
    if memo is None or not text:
        return tokenize(text, unigrams=unigrams)
    texts = memo[unigrams]
    tokens = texts.get(text)
    if tokens is None:
        tokens = texts[text] = tokenize(text, unigrams=unigrams)
    return tokens


# Names that get pinyin terms: a platform's name, operator and county; a notice's platforms'
# names, operators and counties (filled in by _with_platforms).
PINYIN_KEYS = ("name", "operator", "county")


def _pinyin_sources(doc: dict) -> list[str]:
    if "linked" in doc:
        return [p.get(k) for p in doc["linked"] for k in PINYIN_KEYS]
    return [doc.get(k) for k in PINYIN_KEYS]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _py_full(doc: dict) -> list[str]:
    return _unique(t for t in (pinyin_terms(x).py for x in _pinyin_sources(doc)) if t)


def _py_initials(doc: dict) -> list[str]:
    return _unique(t for t in (pinyin_terms(x).initials for x in _pinyin_sources(doc)) if len(t) >= 2)


def _years(doc: dict) -> list[str]:
    """A platform's batch years and the years of its certifications, so that "高唐 2023"
    (a name part and a year) finds it."""
    return sorted({str(y) for y in doc.get("years") or [] if y})


def _linked_text(doc: dict) -> list[str]:
    """Tokens of the platforms a notice concerns: their names, operators and counties."""
    out: list[str] = []
    for p in doc.get("linked") or []:
        for key in PINYIN_KEYS:
            out += _tokens(p.get(key))
    return out


def _trim(text: str | None, n: int) -> str:
    return (text or "").strip()[:n]


# Field order is part of the output format; boosts follow DESIGN §6 / issue 5:
# name > operator, credit code, county > pinyin > services, category > description.
PLATFORM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", 10, lambda d: _tokens(d.get("name"))),
    FieldSpec("operator", 5, lambda d: _tokens(d.get("operator"))),
    FieldSpec("code", 5, lambda d: _tokens(d.get("credit_code"))),
    FieldSpec("county", 5, lambda d: _tokens(d.get("county"))),
    FieldSpec("py", 3, _py_full),
    FieldSpec("ini", 3, _py_initials),
    FieldSpec(
        "tags", 2, lambda d: _tokens(_join(d.get("services"))) + _tokens(d.get("category"))
    ),
    FieldSpec("year", 1, _years),
    FieldSpec(
        "desc",
        1,
        lambda d: _tokens(_trim(d.get("description"), DESCRIPTION_CHARS), unigrams=False),
    ),
)

NOTICE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", 10, lambda d: _tokens(d.get("title"))),
    FieldSpec("meta", 2, lambda d: _tokens(d.get("type")) + _tokens(d.get("date"))),
    FieldSpec(
        "body", 1, lambda d: _tokens(_trim(d.get("text"), NOTICE_BODY_CHARS), unigrams=False)
    ),
    # The notice's platforms (名单): found by any platform's name, operator, county and pinyin.
    FieldSpec("plat", 3, _linked_text),
    FieldSpec("py", 2, _py_full),
    FieldSpec("ini", 2, _py_initials),
)

PLATFORM_KEYS = (
    "id",
    "name",
    "operator",
    "credit_code",
    "county",
    "category",
    "services",
    "status",
    "schedule",  # status schedule rows (sme_registry/derive/status.py); search.js badges pick from it
    "valid_until",
    "batch",
    "url",
    "description",
)
# (Not the platforms a notice lists: the results never show them, and a batch notice's list
# of thousands of ids made its row, and the display chunk every query reaching it fetches,
# 27 KB at 10,000 platforms.)
NOTICE_KEYS = ("slug", "title", "type", "date", "url", "summary")


def _js_order(term: str) -> bytes:
    # lunr.js inserts terms into its TokenSet in JavaScript string order, i.e. by
    # UTF-16 code units; Python's default order (code points) differs for
    # characters above U+FFFF, so sort by the UTF-16BE encoding.
    return term.encode("utf-16-be", "surrogatepass")


def _count(tokens: list[str]) -> dict[str, int]:
    """``dict(Counter(tokens))`` (terms in order of first occurrence), without Counter's
    per-call overhead, which showed for the many short fields."""
    counts: dict[str, int] = {}
    get = counts.get
    for t in tokens:
        counts[t] = get(t, 0) + 1
    return counts


def build_lunr_builder(docs: list[dict], fields: Iterable[FieldSpec]) -> Builder:
    """A lunr Builder with our fields, an empty pipeline and ``docs`` added (refs "0", "1", …)."""
    builder = Builder()  # pipeline and search_pipeline are empty
    builder.ref("ref")
    for spec in fields:
        extract = spec.extract
        builder.field(spec.name, boost=spec.boost, extractor=lambda d, f=extract: f(d["doc"]))
    for i, doc in enumerate(docs):
        builder.add({"ref": str(i), "doc": doc})
    return builder


def doc_digest(doc: dict) -> str:
    """The key of a document's term counts in a build's memo."""
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def count_terms(
    docs: list[dict], fields: tuple[FieldSpec, ...], memo: dict | None = None, used: set | None = None,
    digests: list[str] | None = None,
) -> dict[str, dict[str, int]]:
    """``"field/ref" -> {term: tf}``, the same mapping as lunr Builder's
    ``field_term_frequencies`` (our tokens are already lower-case and the pipeline is
    empty), counted directly: at 10,000 platforms lunr.py's Builder spent most of the
    index build wrapping pre-made tokens in Token objects. ``tests/search`` checks that
    both give the same compact index. `memo` (document digest → its counts) lets a
    rebuild tokenise only the documents that changed; `digests` are the documents' keys in it
    (``doc_digest``, in ref order) when the caller has them already."""
    freqs: dict[str, dict[str, int]] = {}
    reset = _TOKEN_MEMO.set({True: {}, False: {}})
    try:
        for ref, doc in enumerate(docs):
            digest = None
            if memo is not None:
                digest = digests[ref] if digests is not None else doc_digest(doc)
                counts = memo.get(digest)
                if used is not None:
                    used.add(digest)
            if memo is None or counts is None:
                counts = [_count(spec.extract(doc)) for spec in fields]
                if memo is not None:
                    memo[digest] = counts
            for spec, field_counts in zip(fields, counts, strict=True):
                freqs[f"{spec.name}/{ref}"] = field_counts
    finally:
        _TOKEN_MEMO.reset(reset)
    return freqs


def compact_from_builder(builder: Builder, fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """The compact index of a filled lunr Builder (the reference implementation)."""
    return compact_index(builder.document_count, builder.field_term_frequencies, fields)


# ``(terms, postings, totals)`` (group_terms): the terms in JavaScript (UTF-16) order; term ->
# ``[(f, [ref, tf, field length, ref, tf, field length, …]), …]``, fields and refs ascending
# (refs absolute, not delta-encoded); the sum of the field lengths of each field.
Grouped = tuple[list[str], dict[str, list[tuple[int, list[int]]]], list[int]]


def group_terms(field_term_frequencies: dict[str, dict[str, int]], fields: tuple[FieldSpec, ...]) -> Grouped:
    """The postings of ``field_term_frequencies`` by term (see ``Grouped``). The documents of
    each field are walked in ref order, so the lists come out sorted without sorting each."""
    index = {f.name: i for i, f in enumerate(fields)}
    rows: list[list[tuple[int, dict[str, int]]]] = [[] for _ in fields]
    for field_ref, tfs in field_term_frequencies.items():
        field_name, ref = field_ref.split("/", 1)
        rows[index[field_name]].append((int(ref), tfs))
    grouped: dict[str, list[tuple[int, list[int]]]] = {}
    totals: list[int] = []
    for f, field_rows in enumerate(rows):
        field_rows.sort(key=lambda x: x[0])
        by_term: dict[str, list[int]] = {}
        total = 0
        for ref, tfs in field_rows:
            if not tfs:
                continue
            length = sum(tfs.values())
            total += length
            for term, tf in tfs.items():
                postings = by_term.get(term)
                if postings is None:
                    by_term[term] = [ref, tf, length]
                else:
                    postings += (ref, tf, length)
        totals.append(total)
        for term, postings in by_term.items():
            at = grouped.get(term)
            if at is None:
                grouped[term] = [(f, postings)]
            else:
                at.append((f, postings))
    return sorted(grouped, key=_js_order), grouped, totals


# The JSON text of the small non-negative ints that make up nearly all of a posting.
_INT_TEXT = {i: str(i) for i in range(1 << 14)}
_int_text = _INT_TEXT.__getitem__


def _ints(values: list[int]) -> str:
    """JSON text of a list of ints, without the brackets (``_dumps(values)[1:-1]``)."""
    try:
        return ",".join(map(_int_text, values))
    except KeyError:  # a negative or large one
        return ",".join(map(str, values))


def _deltas(refs: list[int]) -> list[int]:
    """``refs`` (ascending) delta-encoded, the first one against 0."""
    return list(map(operator.sub, refs, chain((0,), refs)))


def _compact_field(postings: list[int]) -> list[int]:
    """One field of a compact posting (see compact_index), without its ``-(f + 1)``."""
    refs, tfs = postings[0::3], postings[1::3]
    if tfs.count(1) == len(tfs):
        return _deltas(refs)
    flat: list[int] = []
    prev = 0
    for ref, tf in zip(refs, tfs, strict=True):
        for _ in range(tf):
            flat.append(ref - prev)
            prev = ref
    return flat


def _compact_field_json(postings: list[int]) -> str:
    """``_compact_field`` as JSON text (no brackets); a document repeated ``tf`` times is its
    delta followed by ``tf - 1`` zeros."""
    refs, tfs = postings[0::3], postings[1::3]
    if tfs.count(1) == len(tfs):
        return _ints(_deltas(refs))
    if min(tfs) < 1:
        return _ints(_compact_field(postings))
    texts = _ints(_deltas(refs)).split(",")
    for i, tf in enumerate(tfs):
        if tf != 1:
            texts[i] += ",0" * (tf - 1)
    return ",".join(texts)


def compact_index(
    document_count: int, field_term_frequencies: dict[str, dict[str, int]], fields: tuple[FieldSpec, ...]
) -> dict[str, Any]:
    """The compact transport shape of a lunr index.

    ``{"n": N, "fields": [[name, boost], …], "terms": [t0, t1, …], "postings": [p0, p1, …]}``

    ``terms`` are sorted in JavaScript (UTF-16) order. ``postings[i]`` is a flat
    list of integers for ``terms[i]``: ``-(f + 1)`` starts field ``f``, followed by
    the refs of the documents having the term in that field, ascending and
    delta-encoded, a document repeated once per occurrence (so term frequency is
    the repeat count). Field lengths, average lengths, idf and the BM25 field
    vector scores are recomputed from this on load exactly as lunr's Builder does,
    so neither scores (floats) nor a second copy of every posting is shipped.
    """
    terms, grouped, _ = group_terms(field_term_frequencies, fields)
    postings = []
    for term in terms:
        flat: list[int] = []
        for f, field_postings in grouped[term]:
            flat.append(-(f + 1))
            flat += _compact_field(field_postings)
        postings.append(flat)
    return {"n": document_count, "fields": [[f.name, f.boost] for f in fields], "terms": terms, "postings": postings}


def compact_index_json(document_count: int, grouped: Grouped, fields: tuple[FieldSpec, ...]) -> bytes:
    """``_dumps(compact_index(…))`` from ``group_terms`` output, written term by term."""
    terms, by_term, _ = grouped
    marks = [str(-(f + 1)) for f in range(len(fields))]
    texts = []
    for term in terms:
        parts = []
        for f, field_postings in by_term[term]:
            if len(field_postings) == 3 and field_postings[1] == 1:  # one document, once (most terms)
                parts.append(f"{marks[f]},{field_postings[0]}")
            else:
                text = _compact_field_json(field_postings)
                parts.append(f"{marks[f]},{text}" if text else marks[f])
        texts.append("[" + ",".join(parts) + "]")
    postings = ",".join(texts)
    del texts
    return _json_object({
        "n": str(document_count).encode(),
        "fields": _dumps([[f.name, f.boost] for f in fields]),
        "terms": _dumps(terms),
        "postings": b"[" + postings.encode("utf-8") + b"]",
    })


def expand_index(compact: dict[str, Any]) -> dict[str, Any]:
    """Turn :func:`compact_index` output back into lunr's serialised index (lunr-schema).

    Mirrors ``expandIndex`` in ``theme/static/js/search.js``; the scores computed
    here are bit-identical to those of ``lunr.builder.Builder``.
    """
    n = compact["n"]
    fields = [name for name, _ in compact["fields"]]
    boosts = [boost for _, boost in compact["fields"]]
    terms = compact["terms"]
    # (field, ref) -> {term index: tf}; field lengths
    tf: dict[tuple[int, int], dict[int, int]] = {}
    docs_with_term = [0] * len(terms)
    inverted = []
    for t, flat in enumerate(compact["postings"]):
        posting: dict[str, Any] = {"_index": t}
        for name in fields:
            posting[name] = {}
        f = -1
        ref = 0
        for x in flat:
            if x < 0:
                f = -x - 1
                ref = 0
                continue
            ref += x
            key = (f, ref)
            counts = tf.setdefault(key, {})
            if t not in counts:
                docs_with_term[t] += 1
                posting[fields[f]][str(ref)] = {}
            counts[t] = counts.get(t, 0) + 1
        inverted.append([terms[t], posting])
    lengths = {key: sum(c.values()) for key, c in tf.items()}
    avg = [0.0] * len(fields)
    for (f, _ref), length in lengths.items():
        avg[f] += length
    avg = [a / n if n else 0.0 for a in avg]
    idf = [
        math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for d in docs_with_term
    ]
    vectors = []
    for f, ref in sorted(tf):
        elements: list[float] = []
        for t in sorted(tf[(f, ref)]):
            count = tf[(f, ref)][t]
            score = (
                idf[t]
                * ((K1 + 1) * count)
                / (K1 * (1 - B + B * (lengths[(f, ref)] / avg[f])) + count)
            )
            score *= boosts[f]
            score *= 1  # document boost (unused)
            elements.extend((t, round(score, 3)))
        vectors.append([f"{fields[f]}/{ref}", elements])
    return {
        "version": LUNR_JS_VERSION,
        "fields": fields,
        "fieldVectors": vectors,
        "invertedIndex": inverted,
        "pipeline": [],
    }


def _platform_row(p: dict) -> list[Any]:
    row = dict(p)
    row["description"] = _trim(p.get("description"), DESCRIPTION_CHARS)
    row["services"] = list(p.get("services") or [])
    return [row.get(k) for k in PLATFORM_KEYS]


def _notice_row(n: dict) -> list[Any]:
    row = dict(n)
    text = (n.get("text") or "").strip()
    row["summary"] = text if len(text) <= NOTICE_SUMMARY_CHARS else text[:NOTICE_SUMMARY_CHARS] + "…"
    return [row.get(k) for k in NOTICE_KEYS]


# json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) is exactly
# _ENCODER.encode(obj); one encoder saves building one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_encode_key = json.encoder.encode_basestring  # how that encoder writes a string (ensure_ascii=False)


def _dumps(obj: Any) -> bytes:
    return _ENCODER.encode(obj).encode("utf-8")


def _json_object(members: dict[str, bytes]) -> bytes:
    """The JSON object (keys sorted, as _dumps writes it) of key -> the JSON of its value."""
    parts = [b"{"]
    for key, value in sorted(members.items()):
        parts += (b"," if len(parts) > 1 else b"", _encode_key(key).encode("utf-8"), b":", value)
    return b"".join([*parts, b"}"])


def _ordered(platforms: list[dict], notices: list[dict]) -> tuple[list[dict], list[dict]]:
    ps = sorted(platforms, key=lambda p: str(p["id"]))
    # Newest notices first; ties (same score) are shown in this order.
    ns = sorted(notices, key=lambda n: str(n["slug"]))
    ns = sorted(ns, key=lambda n: str(n.get("date") or ""), reverse=True)
    return ps, ns


def _with_platforms(notices: list[dict], platforms: list[dict]) -> list[dict]:
    """Each notice with ``linked``: name, operator and county of the platforms it lists (by id)."""
    by_id = {p["id"]: p for p in platforms}
    return [n | {"linked": [{k: by_id[i].get(k) for k in PINYIN_KEYS} for i in n.get("platforms") or []
                            if i in by_id]} for n in notices]


def build_search_bundle(
    platforms: list[dict], notices: list[dict], memo: dict | None = None, used: set | None = None
) -> dict[str, bytes]:
    """File name -> bytes of the files to write under ``search/`` in the site output.

    * ``index.json``: ``{"format", "lunr", "k1_1000", "b_1000", "platforms": <compact>,
      "notices": <compact>}`` (see :func:`compact_index`);
    * ``docs.json``: ``{"platforms": {"keys": [...], "rows": [[...], ...]},
      "notices": {...}}``; row ``i`` is the document with lunr ref ``"i"``.
    """
    ps, ns = _ordered(platforms, _with_platforms(notices, platforms))
    return full_bundle_files({
        "platforms": (compact_index(len(ps), count_terms(ps, PLATFORM_FIELDS, memo, used), PLATFORM_FIELDS),
                      {"keys": list(PLATFORM_KEYS), "rows": [_platform_row(p) for p in ps]}),
        "notices": (compact_index(len(ns), count_terms(ns, NOTICE_FIELDS, memo, used), NOTICE_FIELDS),
                    {"keys": list(NOTICE_KEYS), "rows": [_notice_row(n) for n in ns]}),
    })


def full_bundle_files(parts: dict[str, tuple[dict[str, Any] | bytes, dict[str, Any] | bytes]]) -> dict[str, bytes]:
    """``index.json`` and ``docs.json`` from ``{kind: (compact index, docs table)}``; either may
    be given as its JSON already (``compact_index_json``, ``docs_table_json``)."""
    def encoded(obj: dict[str, Any] | bytes) -> bytes:
        return obj if isinstance(obj, bytes) else _dumps(obj)

    index = {"format": _dumps(FORMAT), "lunr": _dumps(LUNR_JS_VERSION),
             "k1_1000": _dumps(round(K1 * 1000)), "b_1000": _dumps(round(B * 1000))}
    index.update({kind: encoded(compact) for kind, (compact, _) in parts.items()})
    docs = {kind: encoded(table) for kind, (_, table) in parts.items()}
    return {"index.json": _json_object(index), "docs.json": _json_object(docs)}


def docs_table_json(keys: Iterable[str], rows: list[bytes]) -> bytes:
    """``{"keys": [...], "rows": [...]}`` of docs.json from the JSON of each row (``_dumps``)."""
    return _json_object({"keys": _dumps(list(keys)), "rows": b"[" + b",".join(rows) + b"]"})
