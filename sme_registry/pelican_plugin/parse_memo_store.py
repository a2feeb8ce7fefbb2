"""Keeps the loader's parse memo (loader.ParseMemo) between builds as JSON in the render
cache, so a rebuild re-parses only the YAML files that changed.

A memo entry is keyed by a digest of the file's name and text, and holds what the strict
YAML parser returned for it: plain data, value and key positions, problems. Only entries
that JSON carries exactly are saved (mapping keys must be strings, as in the registry's
files); every loaded entry is checked field by field and dropped (the file is parsed again)
when anything is off. Nothing read can run code: it is JSON, checked by content hash in
the cache and by shape here.
"""

from __future__ import annotations

import dataclasses

from sme_registry.loader import ParseMemo
from sme_registry.problems import Problem, Severity

NAME = "parsed-yaml"
_PROBLEM_FIELDS = tuple(f.name for f in dataclasses.fields(Problem))


def _exact(value) -> bool:
    """True when JSON gives `value` back unchanged (no int keys, tuples or other types)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _exact(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_exact(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def _encode(entry) -> list | None:
    data, positions, key_positions, problems = entry
    if not _exact(data):
        return None
    flat = [None if table is None else [[*path, line, col] for path, (line, col) in table.items()]
            for table in (positions, key_positions)]
    return [data, *flat, [[getattr(p, name) for name in _PROBLEM_FIELDS] for p in problems]]


def _position_table(rows) -> dict | None:
    if rows is None:
        return None
    table = {}
    for row in rows:
        *path, line, col = row
        if not all(type(part) in (str, int) for part in path) or type(line) is not int or type(col) is not int:
            raise ValueError("bad position")
        table[tuple(path)] = (line, col)
    return table


def _problem(row) -> Problem:
    values = dict(zip(_PROBLEM_FIELDS, row, strict=True))
    if not all(type(values[k]) is int for k in ("line", "col")) or not all(
            isinstance(values[k], str) for k in _PROBLEM_FIELDS if k not in ("line", "col")):
        raise ValueError("bad problem")
    values["severity"] = Severity(values["severity"])
    return Problem(**values)


def _decode(value):
    try:
        data, positions, key_positions, problems = value
        if (positions is None) != (key_positions is None) or not isinstance(problems, list):
            raise ValueError("inconsistent entry")
        return data, _position_table(positions), _position_table(key_positions), tuple(map(_problem, problems))
    except (TypeError, ValueError):
        return None


def load(cache) -> tuple[ParseMemo, dict]:
    """The memo for this build, and the JSON form of its entries (to save them unchanged)."""
    raw = cache.load_memo(NAME) or {}
    memo, kept = ParseMemo(), {}
    for key, value in raw.items():
        entry = _decode(value)
        if entry is not None:
            memo[key], kept[key] = entry, value
    return memo, kept


def save(cache, memo: ParseMemo, loaded: dict) -> None:
    """Keep the entries this build used; new ones are encoded, those JSON cannot carry skipped."""
    out = {}
    for key in memo.used:
        if key in loaded:
            out[key] = loaded[key]
        elif key in memo and (encoded := _encode(memo[key])) is not None:
            out[key] = encoded
    cache.save_memo(NAME, out)
