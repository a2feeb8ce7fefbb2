"""Per-platform results kept between builds: the rule checks of one platform, its view
(views.platform_view), its rows in the platform lists and its pieces of the export files
(exports.PLATFORM_PIECES), so that a rebuild after editing one platform recomputes them for
that platform only.

Why a kept result is the result a clean build computes: everything per-platform code may
read is (a) the platform's own file, (b) the registry without its other platforms — the
`PlatformScope` below, which raises on anything else — and (c) TODAY and the code. The key
of a platform's results hashes exactly these: the sha256 of its file's bytes and its path,
the sha256 of every other source file the loader read (site, divisions, calendar, notices,
policy text: `Registry.digests`, all but data/platforms/), TODAY and the digest of the code
and templates. Checks that compare platforms with each other (one credit code, a notice's
list of platforms) are not per-platform and run in full on every build (rules.CROSS).

A clean build computes the same values through the same scope, so the two agree by
construction; tests/site/test_incremental.py checks it on seeded random edits (problems
and the whole site, byte for byte). Values are JSON text (never code) in a render-cache
memo (hash and shape checked there), read as their bytes: a text that is decoded (a view, the
problems, a list row) and does not decode is recomputed; the texts only hashed or joined
(`Derived.encoded`) are used as the bytes the memo's hash vouches for.
"""

from __future__ import annotations

import hashlib
import json

from sme_registry.parallel import fork_map
from sme_registry.problems import Problem, Severity

NAME = "platform-derived"
PLATFORM_DIR = "data/platforms/"


class PlatformScope:
    """The registry as per-platform code sees it: notices, divisions, calendar and the
    names of notice files, never another platform."""

    __slots__ = ("notices", "notice_files", "divisions", "calendar", "_registry")

    def __init__(self, registry):
        self.notices = registry.notices
        self.notice_files = registry.notice_files
        self.divisions = registry.divisions
        self.calendar = registry.calendar
        self._registry = registry

    def notices_for(self, platform_id: str) -> list:
        return self._registry.notices_for(platform_id)  # built from the notices alone


def shape(value) -> bool:
    """The shape of one memo value: {part: text}, each text its UTF-8 bytes as read (the memo
    is read `lazy`: render_cache._unpack_texts) or a str (RenderCache.load_memo drops others)."""
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, (str, memoryview))
                                           for k, v in value.items())


def _problem_row(p: Problem) -> list:
    return [p.path, p.line, p.col, p.code, p.message, p.severity.value, p.article]


def _problem(row) -> Problem:
    path, line, col, code, message, severity, article = row
    if not (isinstance(path, str) and type(line) is int and type(col) is int and isinstance(code, str)
            and isinstance(message, str) and isinstance(article, str)):
        raise ValueError("not a problem")
    return Problem(path, line, col, code, message, Severity(severity), article)


class Derived:
    """Per-platform results of the previous build (`entries`) and of this one (`kept`). A
    result is text, held as read from the memo (its UTF-8 bytes, decoded only where a caller
    needs the text: `texts`, `value`) or as computed; `encoded` gives callers that only hash
    or join them the bytes, so most kept texts are never decoded."""

    def __init__(self, salt: str, entries: dict | None = None):
        self.salt = salt
        self._entries = entries or {}
        self.kept: dict[str, dict[str, str | bytes | memoryview]] = {}
        self._keys: dict[str, str] = {}  # platform id -> key, for this registry
        self.hits = 0

    def bind(self, registry, today) -> None:
        """Compute every platform's key for this registry and day."""
        scope = hashlib.sha256(f"{self.salt}\0{today.isoformat()}\0".encode())
        for display in sorted(registry.digests):
            if not display.startswith(PLATFORM_DIR):
                scope.update(f"{display}\0{registry.digests[display]}\0".encode("utf-8", "surrogatepass"))
        base = scope.hexdigest()
        self._keys = {pid: hashlib.sha256(f"{base}\0{p.path}\0{registry.digests[p.path]}".encode(
            "utf-8", "surrogatepass")).hexdigest() for pid, p in registry.platforms.items()}

    def key(self, platform_id: str) -> str:
        return self._keys[platform_id]

    def _get(self, platform_id: str, part: str):
        """The previous build's text `part` of a platform, as read (None when there is none);
        kept for the next build."""
        key = self._keys[platform_id]
        entry = self._entries.get(key)
        text = None if entry is None else entry.get(part)
        if text is not None:
            kept = self.kept.get(key)
            if kept is None:
                kept = self.kept[key] = {}
            kept[part] = text
        return text

    def _text(self, platform_id: str, part: str) -> str | None:
        """`_get` decoded; None also for bytes that are not UTF-8 (the caller computes it)."""
        text = self._get(platform_id, part)
        if text is None or isinstance(text, str):
            return text
        try:
            return str(text, "utf-8")
        except UnicodeDecodeError:
            return None

    def _put(self, platform_id: str, part: str, text: str | bytes) -> None:
        self.kept.setdefault(self._keys[platform_id], {})[part] = text

    def value(self, platform_id: str, part: str, compute):
        """The JSON value `part` of a platform: kept, or computed by `compute()` and kept."""
        text = self._text(platform_id, part)
        if text is not None:
            try:
                found = json.loads(text)
                self.hits += 1
                return found
            except ValueError:
                pass
        value = compute()
        self._put(platform_id, part, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        return value

    def values(self, ids: list[str], part: str, compute) -> dict:
        """`value` of many platforms, `compute(id)` giving one: the ones not kept are computed
        on both cores (a clean build computes them all), the same values either way."""
        todo = [pid for pid in ids if self._entries.get(self._keys[pid], {}).get(part) is None]
        fresh = dict(zip(todo, fork_map(compute, todo), strict=True))
        return {pid: self.value(pid, part, lambda pid=pid: fresh.pop(pid) if pid in fresh else compute(pid))
                for pid in ids}

    def problems(self, ids: list[str], compute) -> dict[str, list[Problem]]:
        """Each platform's problems, `compute(id)` giving one platform's (see `values`)."""
        def rows(pid):
            return [_problem_row(p) for p in compute(pid)]

        found = {}
        for pid, kept in self.values(ids, "problems", rows).items():
            try:
                found[pid] = [_problem(row) for row in kept]
            except (ValueError, TypeError):  # a kept value of the wrong shape: recompute it
                fresh = rows(pid)
                self._put(pid, "problems", json.dumps(fresh, ensure_ascii=False, separators=(",", ":")))
                found[pid] = [_problem(row) for row in fresh]
        return found

    def texts(self, platforms: list[dict], part: str, compute) -> list[str]:
        """The kept text `part` (e.g. a list row's HTML) of many platforms (views, each with
        its "id"), in their order; `compute(platform)` makes one that is not kept."""
        return self._each(platforms, part, self._text, compute)

    def encoded(self, platforms: list[dict], part: str, compute) -> list[bytes | memoryview]:
        """`texts` as UTF-8 bytes (a kept one as read, never decoded), for callers that only
        hash or join them (texts_digest, the export files)."""
        return self._each(platforms, part, self._bytes, lambda platform: compute(platform).encode("utf-8"))

    def _bytes(self, platform_id: str, part: str) -> bytes | memoryview | None:
        text = self._get(platform_id, part)
        return text.encode("utf-8") if isinstance(text, str) else text

    def _each(self, platforms: list[dict], part: str, read, compute) -> list:
        """`read(id, part)` of each platform in order, or `compute(platform)` (kept) where it is None."""
        out = []
        for platform in platforms:
            text = read(platform["id"], part)
            if text is None:
                text = compute(platform)
                self._put(platform["id"], part, text)
            else:
                self.hits += 1
            out.append(text)
        return out

    @property
    def previous(self) -> dict:
        return self._entries
