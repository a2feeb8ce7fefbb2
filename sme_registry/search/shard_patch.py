"""Patch the last build's sharded search index after a small edit instead of building it again.

An edit changes the postings of the terms of the documents it touches and nothing else: no
entry carries a position in the whole vocabulary (shards.py). So the patch reads the shards,
blocks, scan buckets and exact-title buckets that hold those terms from the last build,
replaces the entries of those terms, and writes those files again; the manifest, the facets
and the display chunks of the changed documents are made again. The result is the bytes a
clean build gives (``tests/search/test_shard_patch.py`` compares them over random edits).

Whenever that cannot be guaranteed cheaply, ``patch_search_shards`` returns None and the
caller builds the index from scratch: no state or a damaged one, a different number of
documents, more than ``MAX_CHANGED`` changed documents, a file of the last build missing,
a number of shards or buckets that the new sizes would change, or a term that becomes or
stops being a blocked (common) term, which would renumber the blocks of the terms after it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import shards as S
from .index_builder import (
    _dumps,
    _encode_key,
    _ints,
    _js_order,
    _ordered,
    _with_platforms,
    count_terms,
)
from .tokenizer import clean, tokenize

MAX_CHANGED = 64  # changed documents per kind; with more, a clean build is about as fast

Read = Callable[[str], bytes | None]


class _Rebuild(Exception):
    """The patch cannot reproduce a clean build's bytes cheaply: build the index again."""


def valid_state(state: object) -> bool:
    """The shape ``build_search_shards`` leaves in its ``state`` (read back from a memo)."""
    try:
        return (isinstance(state, dict)
                and all(isinstance(d, str) for p in ("p", "n") for d in state["docs"][p])
                and all(isinstance(state["kinds"][p]["volume"], int) for p in ("p", "n"))
                and all(isinstance(state["kinds"][p]["exact"], int) for p in S.EXACT_KINDS)
                and all(isinstance(v, int) for v in state["scan"].values()))
    except (KeyError, TypeError):
        return False


def patch_search_shards(
    platforms: list[dict], notices: list[dict], digests: dict[str, list[str]], memo, used: set,
    state: S.State, read: Read, worker: list[bytes] | None = None,
) -> tuple[dict[str, bytes], set[str], S.State] | None:
    """(the files whose bytes may have changed, the names of files that are gone, the new
    state), given ``shards.document_digests`` of the documents, the state and the files
    (``read(name)`` → bytes or None) of the last build and `memo` holding the term counts of
    its documents (a mapping with get, [] and []=; see ``build_search_shards``); None when the
    index has to be built from scratch."""
    try:
        return _Patch(memo, used, state, read, digests).run(platforms, notices, worker)
    except (_Rebuild, ValueError, KeyError, IndexError, TypeError):  # a damaged file or state: rebuild
        return None


class _Patch:
    def __init__(self, memo, used: set, state: S.State, read: Read, digests: dict[str, list[str]]):
        self.memo, self.used, self.old, self._read, self.digests = memo, used, state, read, digests
        self.files: dict[str, bytes] = {}
        self.gone: set[str] = set()
        self.parsed: dict[str, Any] = {}
        # scan field -> term -> per kind slot: its new [df,[posting]] text, None (not in the
        # field any more) or absent (that kind's part is unchanged)
        self.scan_new: dict[str, dict[str, dict[int, str | None]]] = {f: {} for f in S.SCAN_FIELDS}

    def read_json(self, name: str) -> Any:
        if name not in self.parsed:
            data = self._read(name)
            if data is None:
                raise _Rebuild(name)
            self.parsed[name] = json.loads(data)
        return self.parsed[name]

    def run(self, platforms, notices, worker) -> tuple[dict[str, bytes], set[str], S.State]:
        ps, ns = _ordered(platforms, _with_platforms(notices, platforms))
        old_manifest = self.read_json("manifest.json")
        new_state: S.State = {"docs": {}, "kinds": {}, "scan": {}}
        kinds: dict[str, Any] = {}
        for slot, ((prefix, kind, fields, title_key, row, keys), docs) in enumerate(zip(S.KINDS, (ps, ns), strict=True)):
            kinds[kind] = {"path": prefix, "slot": slot + 1, **self.kind(
                prefix, slot, fields, title_key, row, keys, docs, old_manifest["kinds"][kind], new_state)}
        scan = self.scan(old_manifest["scan"], new_state)
        self.files["manifest.json"] = S.manifest_json(kinds, scan, ps, ns)
        if worker is not None:
            self.files["worker.js"] = S.worker_bundle(worker, self.files["manifest.json"])
        return self.files, self.gone, new_state

    # -- one kind --------------------------------------------------------------------------

    def kind(self, prefix, slot, fields, title_key, row, keys, docs, old_manifest, new_state) -> dict[str, Any]:
        old_digests = self.old["docs"][prefix]
        digests = new_state["docs"][prefix] = self.digests[prefix]
        if len(digests) != len(old_digests) or old_manifest["n"] != len(docs):
            raise _Rebuild("documents added or removed")
        changed = [r for r, (a, b) in enumerate(zip(digests, old_digests, strict=True)) if a != b]
        if len(changed) > MAX_CHANGED:
            raise _Rebuild("too many changes")
        self.used.update(digests)
        old_counts = {r: self.memo.get(old_digests[r]) for r in changed}
        if any(c is None or len(c) != len(fields) for c in old_counts.values()):
            raise _Rebuild("no term counts of the last build")
        count_terms([docs[r] for r in changed], fields, self.memo, self.used, [digests[r] for r in changed])
        new_counts = {r: self.memo[digests[r]] for r in changed}

        names = [f.name for f in fields]
        title_at = keys.index(title_key)
        rows = [row(d) for d in docs]
        titles = [clean(r[title_at]) for r in rows]
        kind_state = new_state["kinds"][prefix] = {}
        old_titles = {}
        for r in changed:
            old_row = self.read_json(f"{prefix}/d/{r // S.CHUNK_ROWS}.json")[r % S.CHUNK_ROWS]
            old_titles[r] = clean(old_row[title_at])
        totals = list(old_manifest["totals"])
        lengths, old_lengths = {}, {}
        for r in changed:
            lengths[r] = [sum(c.values()) for c in new_counts[r]]
            old_lengths[r] = [sum(c.values()) for c in old_counts[r]]
            for f in range(len(fields)):
                totals[f] += lengths[r][f] - old_lengths[r][f]

        def same_posting(term: str) -> bool:  # the changed documents' entries of `term` are as they were
            for r in changed:
                for f, (new, old) in enumerate(zip(new_counts[r], old_counts[r], strict=True)):
                    tf = new.get(term)
                    if tf != old.get(term) or (tf is not None and (
                            lengths[r][f] != old_lengths[r][f] or (f == 0 and titles[r] != old_titles[r]))):
                        return False
            return True

        affected = sorted({t for r in changed for counts in (old_counts[r], new_counts[r]) for c in counts for t in c
                           if not same_posting(t)}, key=_js_order)
        scan_of = {names.index(fname): {} for fname in S.SCAN_FIELDS if fname in names}
        n_shards = old_manifest["terms"]
        volume = self.old["kinds"][prefix]["volume"]
        marks = S.field_marks(len(fields))
        shards: dict[int, dict[str, bytes]] = {}
        for term in affected:
            h = S.term_hash(term) & (n_shards - 1)
            shard = shards.get(h)
            if shard is None:
                shard = shards[h] = self.shard_entries(f"{prefix}/t/{h}.json")
            old_entry = shard.get(term)
            old_present, big, old_blocks = self.decode(prefix, old_entry, len(fields)) if old_entry else ([], None, 0)
            present = _patched(old_present, changed, term, new_counts, lengths)
            for f, _ in old_present:  # a scan field the term has left
                if f in scan_of:
                    scan_of[f][term] = None
            if old_entry is not None:
                volume -= len(old_entry)
                del shard[term]
            if not present:
                if big is not None:  # the blocked terms after it would be numbered anew
                    raise _Rebuild("a blocked term is gone")
                continue
            if (S.posting_df(present) > S.BLOCK_ENTRIES) != (big is not None):
                raise _Rebuild("a term became or stopped being a blocked term")
            entry, blocks = S.term_entry(term, present, titles, marks, scan_of, big or 0)
            shard[term] = entry
            volume += len(entry)
            if blocks is not None:
                for j, block in enumerate(blocks):
                    self.files[f"{prefix}/b/{big}-{j}.json"] = block
                self.gone.update(f"{prefix}/b/{big}-{j}.json" for j in range(len(blocks), old_blocks))
        if S.term_shards(volume) != n_shards:
            raise _Rebuild("the number of term shards changes")
        kind_state["volume"] = volume
        for h, shard in shards.items():
            self.files[f"{prefix}/t/{h}.json"] = b"[" + b",".join(shard[t] for t in sorted(shard, key=_js_order)) + b"]"
        for f, texts in scan_of.items():
            for term, text in texts.items():
                self.scan_new[names[f]].setdefault(term, {})[slot] = text

        row_json = {}
        for k in sorted({r // S.CHUNK_ROWS for r in changed}):
            lo = k * S.CHUNK_ROWS
            for r in range(lo, min(lo + S.CHUNK_ROWS, len(rows))):
                row_json[r] = _dumps(rows[r])
            self.files[f"{prefix}/d/{k}.json"] = b"[" + b",".join(
                row_json[r] for r in range(lo, min(lo + S.CHUNK_ROWS, len(rows)))) + b"]"
        self.files[f"{prefix}/f.json"] = S.facets_json(prefix, keys, rows)
        special = {}
        for name in S.TITLE_SETS:
            refs, ref = set(), 0
            for delta in old_manifest["special"][name]:
                ref += delta
                refs.add(ref)
            refs.difference_update(changed)
            special[name] = refs
        for r in changed:
            for name in S._title_sets(rows[r][title_at], titles[r]):
                special[name].add(r)
        exact = None
        if prefix in S.EXACT_KINDS:
            exact = (self.exact(prefix, old_manifest["exact"], changed, titles, old_titles, rows, row_json,
                                title_at, kind_state), S.title_lengths(titles))
        return S.kind_manifest(len(rows), fields, totals, n_shards, sorted(names[f] for f in scan_of), keys,
                               title_key, prefix, {name: sorted(refs) for name, refs in special.items()}, exact)

    def shard_entries(self, name: str) -> dict[str, bytes]:
        """term -> its entry's bytes in term shard `name`, checked to join back into the file."""
        data = self._read(name)
        if data is None:
            raise _Rebuild(name)
        entries = {}
        for term, df, posting in json.loads(data):
            body = f"[{_ints(posting)}]" if isinstance(posting, list) else S._ENCODER.encode(posting)
            entries[term] = f"[{_encode_key(term)},{df},{body}]".encode()
        if b"[" + b",".join(entries.values()) + b"]" != data:
            raise _Rebuild(name)
        return entries

    def decode(self, prefix: str, entry: bytes, n_fields: int) -> tuple[list[tuple[int, list[int]]], int | None, int]:
        """A term's postings (``Grouped`` shape), its block number (None unless blocked) and
        number of blocks, from its entry and its blocks."""
        _term, _df, posting = json.loads(entry)
        if isinstance(posting, list):
            return _decode([posting], n_fields), None, 0
        big, starts = posting["b"], posting["s"]
        blocks = [self.read_json(f"{prefix}/b/{big}-{j}.json") for j in range(len(starts))]
        return _decode(blocks, n_fields), big, len(starts)

    # -- exact-title buckets ---------------------------------------------------------------

    def exact(self, prefix, n_buckets, changed, titles, old_titles, rows, row_json, title_at, kind_state) -> int:
        volume = self.old["kinds"][prefix]["exact"]
        buckets: dict[int, dict[str, bytes]] = {}
        items_of: dict[str, list] = {}
        for title in sorted({t for r in changed for t in (old_titles[r], titles[r]) if t}, key=_js_order):
            h = S.term_hash(title) & (n_buckets - 1)
            bucket = buckets.get(h)
            if bucket is None:
                bucket = buckets[h] = self.exact_entries(f"{prefix}/x/{h}.json", items_of)
            items = [item for item in items_of.get(title, []) if item[0] not in changed]
            for r in changed:
                if titles[r] == title:
                    items.append((r, row_json[r] if r in row_json else _dumps(rows[r]),
                                  sorted(set(tokenize(rows[r][title_at])), key=_js_order)))
            items.sort(key=lambda item: item[0])
            if title in bucket:
                volume -= len(bucket.pop(title))
            if items:
                bucket[title] = S.exact_entry(title, items)
                volume += len(bucket[title])
        if S.exact_buckets(volume) != n_buckets:
            raise _Rebuild("the number of exact-title buckets changes")
        kind_state["exact"] = volume
        for h, bucket in buckets.items():
            self.files[f"{prefix}/x/{h}.json"] = b"[" + b",".join(bucket[t] for t in sorted(bucket, key=_js_order)) + b"]"
        return n_buckets

    def exact_entries(self, name: str, items_of: dict[str, list]) -> dict[str, bytes]:
        data = self._read(name)
        if data is None:
            raise _Rebuild(name)
        entries = {}
        for title, items in json.loads(data):
            items_of[title] = [(ref, _dumps(row), terms) for ref, row, terms in items]
            entries[title] = S.exact_entry(title, items_of[title])
        if b"[" + b",".join(entries.values()) + b"]" != data:
            raise _Rebuild(name)
        return entries

    # -- scan buckets (shared by the kinds) ------------------------------------------------

    def scan(self, old_scan: dict[str, Any], new_state: S.State) -> dict[str, Any]:
        for fname in S.SCAN_FIELDS:
            if fname not in old_scan:
                if any(text is not None for parts in self.scan_new[fname].values() for text in parts.values()):
                    raise _Rebuild("a new scan field")
                continue
            old = old_scan[fname]
            n_buckets, grams = old["buckets"], old["grams"]
            mask = n_buckets - 1
            volume = self.old["scan"][fname]
            sizes = list(old["sizes"])
            buckets: dict[int, _ScanBucket] = {}
            bucket = _Buckets(lambda h, fname=fname, sizes=old["sizes"]: (
                _ScanBucket(b"") if sizes[h] == S.NO_FILE else self.scan_bucket(f"s/{fname}/{h}.json")), buckets).get
            for term in sorted(self.scan_new[fname], key=_js_order):
                keys = S.scan_keys(term, grams)
                hashes = sorted({S.term_hash(k) & mask for k in keys})
                if not hashes:  # too short to be filed anywhere (as in a clean build)
                    continue
                old_entry = bucket(hashes[0]).get(term)
                parts = _scan_parts(term, old_entry) if old_entry is not None else ["null", "null"]
                for slot, text in self.scan_new[fname][term].items():
                    parts[slot] = "null" if text is None else text
                entry = S.scan_entry(term, parts) if any(x != "null" for x in parts) else None
                if old_entry is not None:
                    volume -= len(old_entry) * len(keys)
                if entry is not None:
                    volume += len(entry) * len(keys)
                for h in hashes:
                    bucket(h).put(term, entry)
            if S.scan_buckets(volume) != n_buckets:
                raise _Rebuild("the number of scan buckets changes")
            new_state["scan"][fname] = volume
            for h, b in buckets.items():
                name = f"s/{fname}/{h}.json"
                sizes[h] = S.put_scan_bucket(self.files, name, [b.body] if b.body else [])  # its entries, joined
                if sizes[h] == S.NO_FILE:
                    self.gone.add(name)
            old_scan[fname] = {"buckets": n_buckets, "grams": grams, "sizes": "".join(sizes)}
        return old_scan

    def scan_bucket(self, name: str) -> _ScanBucket:
        data = self._read(name)
        if data is None or not (data.startswith(b'[["') and data.endswith(b"]]")):
            raise _Rebuild(name)
        return _ScanBucket(data[1:-1])


class _ScanBucket:
    """A scan bucket's entries ``[term,part,…]``, in term order (_js_order) and joined by
    commas as in its file, read and edited one term at a time without decoding the others: a
    patch changes a few terms of buckets that hold megabytes of other terms' postings. The
    only strings in a bucket are the terms, and a part holds only numbers, brackets and null,
    so ``["`` occurs exactly where an entry starts; an entry that is read is checked as it is
    decoded (_scan_parts), the others are kept byte for byte."""

    def __init__(self, body: bytes):
        self.body = body

    def get(self, term: str) -> bytes | None:
        found = self._find(term)
        return None if found is None else self.body[found[0] : found[1]]

    def put(self, term: str, entry: bytes | None) -> None:
        """Replace `term`'s entry with `entry`, or take it out (None)."""
        body, found = self.body, self._find(term)
        if found is not None:
            start, end = found
            if entry is not None:
                self.body = body[:start] + entry + body[end:]
            elif end < len(body):
                self.body = body[:start] + body[end + 1 :]
            else:
                self.body = body[: max(start - 1, 0)]
        elif entry is not None:
            at = self._insertion_point(_js_order(term))
            self.body = (entry if not body else body + b"," + entry if at == len(body)
                         else body[:at] + entry + b"," + body[at:])

    def _find(self, term: str) -> tuple[int, int] | None:
        """Where `term`'s entry starts and ends in the body."""
        head = b"[" + _encode_key(term).encode("utf-8") + b","  # _encode_key writes the quotes
        start = self.body.find(head)
        if start < 0:
            return None
        following = self._next(start + len(head))
        return start, following - 1 if following < len(self.body) else following  # without the comma

    def _next(self, position: int) -> int:
        """The first entry start at or after `position` (the body's length if none)."""
        if position <= 0:
            return 0
        found = self.body.find(b',["', position - 1)
        return len(self.body) if found < 0 else found + 1

    def _term_at(self, start: int) -> str:
        body, end = self.body, start + 2
        while True:  # the closing quote is the first one not escaped by a backslash
            end = body.index(b'"', end)
            if (end - len(body[start + 2 : end].rstrip(b"\\")) - start - 2) % 2 == 0:
                return json.loads(body[start + 1 : end + 1])
            end += 1

    def _insertion_point(self, key: bytes) -> int:
        """The first entry start whose term sorts at or after `key` (binary search on the
        bytes: an entry start is found from any position by the next ``,["``)."""
        low, high = 0, len(self.body)  # each an entry start or the end
        while low < high:
            probe = self._next((low + high) // 2)
            if probe >= high:  # no start in the upper half: the last one before it
                before = self.body.rfind(b',["', low, high)
                probe = before + 1 if before >= low else low
            if _js_order(self._term_at(probe)) < key:
                low = self._next(probe + 1)
            else:
                high = probe
        return low


def _scan_parts(term: str, entry: bytes) -> list[str]:
    """The per-kind parts' JSON texts of `term`'s scan entry, which must be written exactly
    as scan_entry writes them (else the index is built again)."""
    try:
        found, *parts = json.loads(entry)
        texts = ["null" if p is None else f"[{p[0]},[{_ints(p[1])}]]" for p in parts]
    except (ValueError, TypeError, IndexError) as exc:
        raise _Rebuild(f"scan entry of {term}") from exc
    if found != term or S.scan_entry(term, texts) != entry:
        raise _Rebuild(f"scan entry of {term}")
    return texts


class _Buckets:
    """Bucket number -> its entries, each bucket read (`load`) once."""

    def __init__(self, load: Callable[[int], dict[str, bytes]], loaded: dict[int, dict[str, bytes]]):
        self.load, self.loaded = load, loaded

    def get(self, h: int) -> dict[str, bytes]:
        found = self.loaded.get(h)
        if found is None:
            found = self.loaded[h] = self.load(h)
        return found


def _decode(segments: list[list[int]], n_fields: int) -> list[tuple[int, list[int]]]:
    """Flat postings (one list, or a blocked term's blocks in order) back to ``Grouped``
    postings ``[(f, [ref, tf, length, …]), …]``: refs are delta-encoded from 0 in each field
    of each segment; field 0 carries a name class after each length."""
    fields: dict[int, list[int]] = {}
    for flat in segments:
        i, n = 0, len(flat)
        while i < n:
            f = -flat[i] - 1
            if not 0 <= f < n_fields:
                raise _Rebuild("not a posting")
            i += 1
            out = fields.setdefault(f, [])
            ref, step = 0, 4 if f == 0 else 3
            while i < n and flat[i] >= 0:
                ref += flat[i]
                out += (ref, flat[i + 1], flat[i + 2])
                i += step
    return sorted(fields.items())


def _patched(present, changed: list[int], term: str, new_counts, lengths) -> list[tuple[int, list[int]]]:
    """``present`` with the entries of the `changed` documents replaced by their new counts."""
    gone = set(changed)
    by_field = {f: postings for f, postings in present}
    out = []
    for f in sorted(set(by_field) | {f for r in changed for f, c in enumerate(new_counts[r]) if term in c}):
        old = by_field.get(f, [])
        triples = [(old[i], old[i + 1], old[i + 2]) for i in range(0, len(old), 3) if old[i] not in gone]
        triples += [(r, new_counts[r][f][term], lengths[r][f]) for r in changed if term in new_counts[r][f]]
        if triples:
            triples.sort()
            out.append((f, [x for triple in triples for x in triple]))
    return out


