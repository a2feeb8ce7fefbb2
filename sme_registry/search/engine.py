"""Reference implementation of the search client's query logic, in Python.

``theme/static/js/search.js`` does the same in the browser (``planQuery``,
``evaluate``, ``search``); the tests use this module to check what the index
can find, and ``tests/search/test_engine_parity.py`` compares both.

Query semantics
---------------
* The query is tokenised with :func:`tokenize_query` (bigrams for Han runs of
  two or more characters, the character for a single one, Latin/digit words).
* Every token is REQUIRED (AND). A token is matched as an exact term in any
  field; a Latin word of two or more letters also matches, by substring, the
  pinyin (``py``, only from the start of a syllable: ``tang`` and ``gaotang`` find 高唐,
  ``aot`` does not) and initials (``ini``) terms (initials of four or more letters
  may also skip one letter: ``lcgx`` finds 聊城市冠县); a letter/digit word of four or
  more characters also matches credit codes (``code``) by substring. These
  alternatives are OR-ed within the token.
* If the query has two or more adjacent Latin words (``gao tang``), the same
  query with those words joined (``gaotang``) is evaluated too, and the results
  are merged (higher score wins).
* Ranking: exact name (title) match, then name starts with the query, then name
  contains the query (all compared after :func:`clean`), then lunr score, then
  document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lunr.index import Index
from lunr.query import QueryPresence

from .index_builder import expand_index
from .pinyin_terms import syllable_match
from .tokenizer import MAX_WORD_CHARS, clean, tokenize_query

SCAN_FIELDS = ("py", "ini", "code")
_LETTERS = re.compile(r"[a-z]+")
_ALNUM = re.compile(r"[0-9a-z]+")


@dataclass
class LoadedIndex:
    index: Index
    rows: list[dict[str, Any]]
    title_key: str
    scan: dict[str, list[str]] = field(default_factory=dict)


def _rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    keys = table["keys"]
    return [dict(zip(keys, row, strict=True)) for row in table["rows"]]


def _scan_terms(compact: dict[str, Any]) -> dict[str, list[str]]:
    names = [name for name, _ in compact["fields"]]
    wanted = {names.index(f): f for f in SCAN_FIELDS if f in names}
    out: dict[str, list[str]] = {f: [] for f in wanted.values()}
    for term, flat in zip(compact["terms"], compact["postings"], strict=True):
        for x in flat:
            if x < 0 and (-x - 1) in wanted:
                out[wanted[-x - 1]].append(term)
    return out


def load_bundle(index_json: dict[str, Any], docs_json: dict[str, Any]) -> dict[str, LoadedIndex]:
    """Load ``index.json`` and ``docs.json`` (already parsed) as the client does."""
    out = {}
    for kind, title_key in (("platforms", "name"), ("notices", "title")):
        compact = index_json[kind]
        out[kind] = LoadedIndex(
            index=Index.load(expand_index(compact)),
            rows=_rows(docs_json[kind]),
            title_key=title_key,
            scan=_scan_terms(compact),
        )
    return out


def plan_query(query: str) -> list[list[str]]:
    """Token lists to evaluate for ``query``: the tokens, and the Latin-joined variant."""
    tokens = tokenize_query(query)
    if not tokens:
        return []
    joined: list[str] = []
    latin_run: list[str] = []
    for tok in [*tokens, None]:
        if tok is not None and _LETTERS.fullmatch(tok):
            latin_run.append(tok)
            continue
        if latin_run:
            joined.append("".join(latin_run)[:MAX_WORD_CHARS])
            latin_run = []
        if tok is not None:
            joined.append(tok)
    variants = [tokens]
    if joined != tokens:
        variants.append(joined)
    return variants


# The shortest initials word that may skip a letter (search-engine.js INITIALS_SKIP_MIN). Not
# three: a 3-letter word such as ``lcs`` already matches thousands of names as it is, and its two
# skips (``l?cs``, ``lc?s``) only add names that do not have it, at the cost of two more buckets
# of the most common initials (at 10,000 platforms 263 KB before the first result instead of 107).
INITIALS_SKIP_MIN = 4


def initials_match(token: str, term: str) -> bool:
    """``token`` occurs in ``term``, or (INITIALS_SKIP_MIN+ letters) occurs with one letter skipped.

    The skip lets ``lcgx`` find 聊城市冠县 (``lcsgx``): people leave out 市/县/区.
    """
    if token in term:
        return True
    if len(token) < INITIALS_SKIP_MIN:
        return False
    for k in range(1, len(token)):
        head, tail = token[:k], token[k:]
        start = term.find(head)
        while start >= 0:
            at = start + len(head) + 1
            if term.startswith(tail, at):
                return True
            start = term.find(head, start + 1)
    return False


# How a query word matches a term of each scanned field.
_MATCH = {"py": syllable_match, "ini": initials_match, "code": lambda token, term: token in term}


def alternatives(loaded: LoadedIndex, token: str) -> list[tuple[str, str]]:
    """``(term, field)`` pairs that may stand for ``token`` besides the exact term."""
    out: list[tuple[str, str]] = []
    scans: list[str] = []
    if len(token) >= 2 and _LETTERS.fullmatch(token):
        scans += ["py", "ini"]
    if len(token) >= 4 and _ALNUM.fullmatch(token):
        scans.append("code")
    for f in scans:
        for term in loaded.scan.get(f, ()):
            if term == token:
                continue  # the exact term is queried anyway
            if _MATCH[f](token, term):
                out.append((term, f))
    return out


def evaluate(loaded: LoadedIndex, tokens: list[str]) -> dict[str, float]:
    """ref -> score for documents matching every token."""
    index = loaded.index
    simple: list[str] = []
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for tok in tokens:
        alts = alternatives(loaded, tok)
        if alts:
            groups.append((tok, alts))
        else:
            simple.append(tok)
    result: dict[str, float] | None = None

    def merge(matches: list[dict[str, Any]]) -> dict[str, float]:
        found = {m["ref"]: m["score"] for m in matches}
        if result is None:
            return found
        return {ref: result[ref] + found[ref] for ref in result if ref in found}

    if simple:

        def required(q: Any) -> None:
            for tok in simple:
                q.term(tok, use_pipeline=False, presence=QueryPresence.REQUIRED)

        result = merge(index.query(callback=required))
    for tok, alts in groups:
        if result is not None and not result:
            break

        def optional(q: Any, tok: str = tok, alts: list[tuple[str, str]] = alts) -> None:
            q.term(tok, use_pipeline=False)
            for term, f in alts:
                q.term(term, use_pipeline=False, fields=[f])

        result = merge(index.query(callback=optional))
    return result or {}


def name_class(query_clean: str, title: str | None) -> int:
    t = clean(title)
    if not query_clean or not t:
        return 0
    if t == query_clean:
        return 3
    if t.startswith(query_clean):
        return 2
    if query_clean in t:
        return 1
    return 0


def search(bundle: dict[str, LoadedIndex], query: str) -> dict[str, list[tuple[int, float]]]:
    """Ranked ``(row number, score)`` lists for ``platforms`` and ``notices``."""
    variants = plan_query(query)
    q_clean = clean(query[: 1000])
    out: dict[str, list[tuple[int, float]]] = {}
    for kind, loaded in bundle.items():
        scores: dict[str, float] = {}
        for tokens in variants:
            for ref, score in evaluate(loaded, tokens).items():
                if ref not in scores or score > scores[ref]:
                    scores[ref] = score
        ranked = sorted(
            scores.items(),
            key=lambda rs: (
                -name_class(q_clean, loaded.rows[int(rs[0])][loaded.title_key]),
                -rs[1],
                int(rs[0]),
            ),
        )
        out[kind] = [(int(ref), score) for ref, score in ranked]
    return out
