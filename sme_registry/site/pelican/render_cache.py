"""A content-addressed cache of rendered files, for fast rebuilds after a small edit.

Each entry's key hashes everything the file is made from: the page's own data, the
site-wide values its templates read, and a digest of the templates and of this package's
code. An entry is stored as `<key[:2]>/<key>.<sha256 of its bytes>`; before use its bytes
are hashed again, and an entry that does not match, or anything else found in the
folder (stray files and folders, links, half-written files), is ignored and rebuilt, then
removed at the end of the build.

Files are shared with the output by hard links rather than copied: storing a freshly rendered
file links it into the cache, and a hit links the entry into the new output (the callers
that pass `link`; the others get the bytes written). Creating a file costs far more than
linking one on the file systems this runs on, and a large site has tens of thousands. So
an edit of a published file in place does reach its entry; it is caught the same way as
any damage: the entry's bytes no longer hash to its name, and it is rebuilt, never served.
A rebuild stays byte-identical to a clean build (tests/site/test_render_cache.py checks
it).

Re-reading every entry to hash it would cost a rebuild as much as writing it. So, as git does
for its index, a build records each entry's (device, inode, size, mtime) (a memo, below), and
the next build hashes only the entries whose stat differs: writing a file changes its mtime,
replacing it changes its inode. An entry taken on its recorded stat is recorded with that
stat again; the others are looked at just before the site is swapped in. An entry whose mtime is
less than two seconds older than the record is not recorded (a write in the same clock tick
would leave the mtime as it was); it is hashed next time. What this does not catch is a
deliberate edit that puts the old mtime back; someone who can do that on the build machine
can as well write a fresh entry under its right name, so the hash never guarded against it.
Entries not used by a build are removed at its end, so the cache holds one build's worth of
files.

Dictionaries kept between builds (memos) are JSON, checked the same way and by a
caller-given shape test: nothing read from the cache can run code. The cache is an
optimisation only: when its folder cannot be used the build goes on without it.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sme_registry
from sme_registry.resources import engine_path
from sme_registry.site.output_guard import reason
from sme_registry.site.page_folders import SPARE

PACKAGE_DIR = Path(sme_registry.__file__).resolve().parent
_HEX64 = "[0-9a-f]{64}"
_SHARD = re.compile(r"^[0-9a-f]{2}$")
_ENTRY = re.compile(rf"^({_HEX64})\.({_HEX64})$")
_MEMO = re.compile(rf"^memo-([a-z0-9-]+)-([0-9a-f]{{16}})\.({_HEX64})\.(json|texts)$")
_STATS_MEMO = "entry-stats"
MEMO_SHARDS = "0123456789abcdef"  # a sharded memo's shards: the first hex digit of its keys
_RACY_NS = 2_000_000_000  # an entry younger than this when recorded is hashed next time


@functools.cache
def code_digest() -> str:
    """Digest of the templates, the settings file, the package's code and the versions of the
    installed libraries (an upgrade of Pelican, Jinja or pypinyin can change the output)."""
    h = hashlib.sha256()
    libraries = sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()})
    h.update("\n".join(libraries).encode() + b"\0")
    theme, settings = engine_path("theme"), engine_path("pelicanconf.py")
    files = [*((theme, p) for p in sorted((theme / "templates").rglob("*"))),
             *((PACKAGE_DIR, p) for p in sorted(PACKAGE_DIR.rglob("*.py"))), (settings.parent, settings)]
    for base, path in files:
        if path.is_file():
            h.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def templates_digest(folders) -> str:
    """Digest of the deployer's template folders (THEME_TEMPLATES_OVERRIDES): they change what
    every page looks like, so a cached page made with other overrides must not be reused."""
    h = hashlib.sha256()
    for folder in map(Path, folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def texts_digest(texts) -> str:
    """One sha256 of many texts in their order (each ended by a NUL, which no source text
    holds): what a key names in place of the texts themselves. A text may be given as its
    UTF-8 bytes (a memo's, Derived.encoded): the same digest as the text."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
        digest.update(b"\0")
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside `path`, then rename: a killed build never leaves a half-written entry
    under an entry's name (a leftover temporary name is a stray, removed by prune)."""
    scratch = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    scratch.write_bytes(data)
    os.replace(scratch, path)


def _link(source: Path, target: Path) -> bool:
    """Hard-link `source` at `target` (replacing what is there); False where the file system
    cannot (another device, no hard links, too many links): the caller writes instead."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:  # only then look at what is there (a build links thousands of files)
        try:
            _unlink_if_present(target)
            os.link(source, target, follow_symlinks=False)
        except OSError:
            return False
    except OSError:
        return False
    return True


def _link_new(source: Path, path: Path) -> bool:
    """Hard-link the finished file `source` at `path` where nothing is yet (most stores): one
    call, and as atomic as a rename (a link names a whole file). False when something is
    there or the file system cannot link: the caller links beside it and renames."""
    try:
        os.link(source, path, follow_symlinks=False)
    except OSError:
        return False
    return True


def _unlink_if_present(path: Path) -> None:
    """Remove a file or link at `path`, so that a write starts a new file instead of going
    through a hard link into another folder."""
    if os.path.lexists(path) and not (path.is_dir() and not path.is_symlink()):
        path.unlink()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class RenderCache:
    def __init__(self, directory: str | Path | None):
        """A cache in `directory` (which must exist), or a cache that never hits (None)."""
        self.directory = Path(directory) if directory else None
        self.salt = code_digest() if self.directory else ""
        self.used: set[str] = set()
        self.used_memos: set[str] = set()
        # key -> (file, expected sha256); the file as a str, not a Path: a large site's cache
        # holds tens of thousands, scanned twice in a build
        self._entries: dict[str, tuple[str, str]] = {}
        self._stats: dict[str, list[int]] = {}  # entry file name -> its stat when last recorded
        self._folders: set[str] = set()  # output folders fetch() has made in this build
        self._seen: dict[str, list[int]] = {}  # entry file name -> its stat, for record()
        self._stat_done: set[str] = set()  # keys whose entry is in _seen
        if self.directory:
            self._guard(self._scan)
            self._stats = self.load_memo(_STATS_MEMO, _stat_shape) or {}

    @classmethod
    def open(cls, directory: Path) -> RenderCache:
        """The cache in `directory`, created if missing; a cache that never hits (with a
        message) when the folder cannot be used: a file or a link in its place, no write access."""
        try:
            if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
                raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(directory))
            directory.mkdir(parents=True, exist_ok=True)
            if not os.access(directory, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, "not writable", str(directory))
        except OSError as exc:
            _warn(directory, exc)
            return cls(None)
        return cls(directory)

    # -- failures never break a build: the cache switches itself off ---------------------

    def _guard(self, action: Callable, *args, default=None):
        if not self.directory:
            return default
        try:
            return action(*args)
        except OSError as exc:
            _warn(self.directory, exc)
            self.directory = None
            return default

    def _scan(self) -> None:
        for sub in os.scandir(self.directory):
            if not (_SHARD.match(sub.name) and sub.is_dir(follow_symlinks=False)):
                continue
            for entry in os.scandir(sub.path):
                match = _ENTRY.match(entry.name)
                if match and match[1][:2] == sub.name and entry.is_file(follow_symlinks=False):
                    self._entries[match[1]] = (entry.path, match[2])

    # -- rendered files ----------------------------------------------------------------

    def key(self, *parts) -> str:
        blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256((self.salt + blob).encode("utf-8")).hexdigest()

    @staticmethod
    def subkey(key: str, name: str) -> str:
        """The key of file `name` among several made from the same inputs (`key`)."""
        return hashlib.sha256(f"{key}/{name}".encode()).hexdigest()

    def _verified(self, key: str, need_data: bool = True) -> tuple[bytes | None, str] | None:
        """The entry under `key` if sound: its bytes (None when not `need_data` and its stat
        is the one recorded after the last build, see above) and its file."""
        found = self._entries.get(key)
        if found is None:
            return None
        path, expected = found
        name = os.path.basename(path)
        recorded = self._stats.get(name)
        if not need_data and recorded is not None and recorded == _stat_of(path):
            # recorded as it was verified, not as it may be by the end of the build
            self._seen[name] = recorded
            self._stat_done.add(key)
            return None, path
        data = Path(path).read_bytes()
        if _sha(data) != expected:  # corrupt or edited: rebuild it
            del self._entries[key]
            Path(path).unlink(missing_ok=True)
            return None
        return data, path

    def read(self, key: str) -> bytes | None:
        """The cached bytes for `key`; None when there is no sound entry."""
        found = self._guard(self._verified, key)
        if found is None:
            return None
        self.used.add(key)
        return found[0]

    def fetch(self, key: str, target: Path, link: bool = False, present: tuple[int, int] | None = None) -> bool:
        """Put the cached bytes for `key` at `target`; False when there is no sound entry.
        `link`: the caller writes nothing else to `target` in this build, so the entry may be
        hard-linked there (a later write would go through the link into the entry).
        `present`: the (device, inode) of the file at `target`, left there when it is this
        entry's file (verified as any other: on its recorded stat, which holds both)."""
        found = self._guard(self._verified, key, not link)
        if found is None:
            return False
        data, path = found
        if present is not None and data is None and tuple(self._seen[os.path.basename(path)][:2]) == present:
            self.used.add(key)
            return True
        folder = os.path.dirname(target)  # str operations: this runs once per page
        if folder not in self._folders:
            try:
                os.mkdir(folder)  # one page per folder: most are new leaves of a made folder
            except FileExistsError:  # (a folder kept from the last site: page_folders)
                pass
            except OSError:
                os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        if not (link and _link(path, target)):
            _unlink_if_present(target)
            target.write_bytes(Path(path).read_bytes() if data is None else data)
        self.used.add(key)
        return True

    def folders_exist(self, folders) -> None:
        """Output folders that are there already (page_folders.take kept them): `fetch`
        makes none there."""
        self._folders.update(folders)

    def put(self, key: str, data: bytes) -> None:
        """Keep `data` under `key` (for bytes that are not also a file of the site)."""
        self._guard(self._store, key, None, data)

    def store(self, key: str, source: Path, data: bytes | None = None, digest: str | None = None) -> None:
        """Keep the rendered file `source` (whose bytes are `data`, when the caller has them,
        and their sha256 `digest`, when it has that too) under `key`: linked when the file
        system allows, else copied. Nothing may write to `source` after this (it would reach
        the entry)."""
        self._guard(self._store, key, source, data, digest)

    def _store(self, key: str, source: Path | None, data: bytes | None, digest: str | None = None) -> None:
        """`store`, or with no `source` (`put`) the bytes written as a new file."""
        data = source.read_bytes() if data is None else data
        digest = _sha(data) if digest is None else digest
        path = self.directory / key[:2] / f"{key}.{digest}"
        if _remove_unless_dir(path.parent):
            # exist_ok: the forked search child stores entries too, and may make it first
            path.parent.mkdir(exist_ok=True)
        if source is None or not _link_new(source, path):
            scratch = path.with_name(f".tmp-{os.getpid()}-{path.name}")
            _unlink_if_present(scratch)
            if source is not None and _link(source, scratch):
                os.replace(scratch, path)
            else:
                _write_atomically(path, data)
        self._entries[key] = (os.fspath(path), digest)
        self.used.add(key)

    def record(self) -> None:
        """Note the stat of every entry this build used (see above); call it before the
        site is swapped in, while no one else knows the files' folder."""
        self._guard(self._record)

    def record_so_far(self) -> None:
        """Stat the entries used so far, so that `record` stats only those used since (the
        build calls this while a child is still writing its part)."""
        self._guard(self._stat_used)

    def _stat_used(self) -> None:
        now = time.time_ns()
        for key in self.used - self._stat_done:
            found = self._entries.get(key)
            seen = _stat_of(found[0]) if found else None
            if seen is not None and seen[3] < now - _RACY_NS:  # a racy one is looked at again
                self._seen[os.path.basename(found[0])] = seen
                self._stat_done.add(key)

    def _record(self) -> None:
        self._stat_used()
        self.save_memo(_STATS_MEMO, self._seen)  # save_memo writes the keys in order

    def rescan(self) -> None:
        """Take in the entries another process (a forked child) stored since the last scan."""
        self._guard(self._scan)

    def claim(self, *keys: str) -> None:
        """Keep these entries at the next prune (for entries another process writes)."""
        self.used.update(keys)

    def prune(self) -> None:
        """Remove entries this build did not use and everything that is not an entry."""
        self._guard(self._prune)

    def _prune(self) -> None:
        # The kinds come from the directory listings (no stat per entry), as in _scan.
        with os.scandir(self.directory) as items:
            for item in items:
                memo = _MEMO.match(item.name)
                if (memo and memo[1] in self.used_memos and memo[2] == self.salt[:16]
                        and item.is_file(follow_symlinks=False)):
                    continue
                if _SHARD.match(item.name) and item.is_dir(follow_symlinks=False) and self._prune_shard(item):
                    continue
                if item.name == SPARE and item.is_dir(follow_symlinks=False):  # the next build's (page_folders)
                    continue
                _remove(Path(item.path))

    def _prune_shard(self, shard: os.DirEntry) -> bool:
        """Remove what in one shard folder is not an entry this build used; True if any is."""
        kept = False
        with os.scandir(shard.path) as entries:
            for entry in entries:
                match = _ENTRY.match(entry.name)
                if match and match[1] in self.used and match[1][:2] == shard.name and entry.is_file(follow_symlinks=False):
                    kept = True
                else:
                    _remove(Path(entry.path))
        return kept

    # -- memos: JSON dictionaries kept between builds ------------------------------------

    def _memo_files(self, name: str) -> list[Path]:
        return [p for p in self.directory.glob(f"memo-{name}-*") if (m := _MEMO.match(p.name)) and m[1] == name]

    @classmethod
    def read_memo(cls, directory: Path | None, name: str, valid: Callable[[object], bool], lazy: bool = False) -> dict:
        """Memo `name` of the cache in `directory`, read without opening the cache (no scan,
        nothing created or removed), for use before the build takes its lock; {} when there
        is none or it cannot be read. Memos are replaced by rename, so a read sees a whole one.
        `lazy`: a packed memo's texts are left as memoryviews of their UTF-8 bytes in the file
        (_unpack_texts), for the reader to decode the ones it uses."""
        if directory is None or directory.is_symlink() or not directory.is_dir():
            return {}
        reader = cls.__new__(cls)
        reader.directory, reader.salt, reader.used_memos = directory, code_digest(), set()
        try:
            return reader._load_memo(name, valid, lazy)
        except OSError:
            return {}

    # Memos of per-document results are kept in shards by the first hex digit of their keys,
    # so a rebuild after a small edit rewrites one or two shards rather than everything.

    @classmethod
    def read_sharded_memo(cls, directory: Path | None, name: str, valid: Callable[[object], bool],
                          lazy: bool = False) -> dict:
        """`read_memo` of a memo saved by `save_sharded_memo` (keys: hex digests)."""
        return cls._join_shards(lambda shard: cls.read_memo(directory, shard, valid, lazy), name)

    def load_sharded_memo(self, name: str, valid: Callable[[object], bool]) -> dict | None:
        """`load_memo` of a memo saved by `save_sharded_memo` (None without a cache)."""
        if not self.directory:
            return None
        return self._join_shards(lambda shard: self.load_memo(shard, valid) or {}, name)

    @classmethod
    def _join_shards(cls, read: Callable[[str], dict], name: str) -> dict:
        found: dict = {}
        for shard, memo in zip(MEMO_SHARDS, cls.sharded_names(name), strict=True):
            found.update((k, v) for k, v in read(memo).items() if k[:1] == shard)
        return found

    def save_sharded_memo(self, name: str, previous: dict, kept: dict) -> None:
        """Save `kept` in shards, writing only those that differ from `previous` (the memo as
        it was read); the others are kept as they are."""
        now, before = _by_shard(kept), _by_shard(previous)
        for shard, memo in zip(MEMO_SHARDS, self.sharded_names(name), strict=True):
            if now[shard] != before[shard]:
                self.save_memo(memo, now[shard])
            else:
                self.claim_memo(memo)

    @staticmethod
    def sharded_names(name: str) -> list[str]:
        """The memo names the shards of sharded memo `name` are saved under."""
        return [f"{name}-{shard}" for shard in MEMO_SHARDS]

    def claim_memo(self, name: str) -> None:
        """Keep memo `name` at the next prune (for a memo another process writes)."""
        self.used_memos.add(name)

    def load_memo(self, name: str, valid: Callable[[object], bool] = lambda value: True) -> dict | None:
        """The memo saved by a build of this code, keeping only the values `valid` accepts;
        {} when there is none or it is damaged; None without a cache."""
        if not self.directory:
            return None
        return self._guard(self._load_memo, name, valid, default={})

    def _load_memo(self, name: str, valid, lazy: bool = False) -> dict:
        self.used_memos.add(name)
        for path in self._memo_files(name):
            match = _MEMO.match(path.name)
            if match[2] != self.salt[:16] or not _plain_file(path):
                continue
            data = path.read_bytes()
            if _sha(data) != match[3]:
                continue
            try:
                memo = _unpack_texts(data, lazy) if match[4] == "texts" else json.loads(data)
            except ValueError:
                continue
            if isinstance(memo, dict):
                return {k: v for k, v in memo.items() if valid(v)}
        return {}

    def save_memo(self, name: str, memo: dict, keep: set | None = None) -> None:
        self._guard(self._save_memo, name, memo, keep)

    def _save_memo(self, name: str, memo: dict, keep: set | None) -> None:
        if keep is not None:
            memo = {k: v for k, v in memo.items() if k in keep}
        texts = _texts_only(memo)
        try:
            if texts:
                data = _pack_texts(memo)
            else:
                # Keys in order, values as they are: sorting every inner dict too (the term
                # counts of 10,000 documents) was a third of the time of the dump.
                data = json.dumps(dict(sorted(memo.items())), ensure_ascii=False,
                                  separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError):  # a value JSON cannot hold (e.g. a lone surrogate): keep no memo
            return
        path = self.directory / f"memo-{name}-{self.salt[:16]}.{_sha(data)}.{'texts' if texts else 'json'}"
        self.used_memos.add(name)
        if not (_plain_file(path) and path.read_bytes() == data):
            _write_atomically(path, data)
        for other in self._memo_files(name):
            if other != path:
                other.unlink(missing_ok=True)


def _by_shard(memo: dict) -> dict[str, dict]:
    """The entries of `memo` in shards (MEMO_SHARDS, by first digit; a key of no shard is in none)."""
    shards: dict[str, dict] = {shard: {} for shard in MEMO_SHARDS}
    for key, value in memo.items():
        shard = shards.get(key[:1])
        if shard is not None:
            shard[key] = value
    return shards


class LazyShardedMemo:
    """A memo saved by `RenderCache.save_sharded_memo`, each shard read when a key of it is
    first looked up: a rebuild that needs the entries of a few documents reads two or three
    of the 16 shards instead of all of them."""

    def __init__(self, cache: RenderCache, name: str, valid: Callable[[object], bool]):
        self.cache, self.name, self.valid = cache, name, valid
        self.shards: dict[str, dict] = {}  # shard digit -> its entries now
        self.loaded: dict[str, dict] = {}  # shard digit -> its entries as read

    def _shard(self, key: str) -> dict:
        digit = key[:1]
        found = self.shards.get(digit)
        if found is None:
            if digit not in MEMO_SHARDS or not digit:
                raise KeyError(key)
            memo = self.cache.load_memo(f"{self.name}-{digit}", self.valid) or {}
            found = self.shards[digit] = {k: v for k, v in memo.items() if k[:1] == digit}
            self.loaded[digit] = dict(found)
        return found

    def get(self, key: str, default=None):
        return self._shard(key).get(key, default)

    def __getitem__(self, key: str):
        return self._shard(key)[key]

    def __setitem__(self, key: str, value) -> None:
        self._shard(key)[key] = value

    def save(self, keep: set[str]) -> None:
        """Save the shards that were read, with only the entries whose keys are in `keep`,
        where that changes them. A shard not read stays as it is: it holds the keys of the
        documents the last save kept, which the caller vouches are unchanged."""
        for digit, shard in self.shards.items():
            now = {k: v for k, v in shard.items() if k in keep}
            if now != self.loaded[digit]:
                self.cache.save_memo(f"{self.name}-{digit}", now)


# Memos whose values are all texts, or {name: text} (the load and derived memos: a platform's
# parse, views, rows and pieces as JSON text, about 95 MB at 10,000 platforms) are kept
# "packed": a JSON header of keys and byte lengths, then the texts' UTF-8 bytes one after the
# other. Held as JSON strings instead, every quote inside was escaped, and json.loads spent
# about a second unescaping them on every build. A text may be held as its UTF-8 bytes
# (bytes, or a memoryview of a memo read `lazy`): saved as they are, never decoded to be
# encoded again.

_TEXT = (str, bytes, memoryview)


def _texts_only(memo: dict) -> bool:
    return bool(memo) and all(
        isinstance(v, _TEXT) or (isinstance(v, dict) and all(isinstance(t, _TEXT) for t in v.values()))
        for v in memo.values())


def _utf8(text) -> bytes | memoryview:
    return text.encode("utf-8") if isinstance(text, str) else text


def _pack_texts(memo: dict) -> bytes:
    header: list = []
    chunks: list = []
    for key in sorted(memo):
        value = memo[key]
        if not isinstance(value, dict):
            chunks.append(_utf8(value))
            header.append([key, len(chunks[-1])])
            continue
        parts = []
        for part in sorted(value):
            chunks.append(_utf8(value[part]))
            parts.append([part, len(chunks[-1])])
        header.append([key, parts])
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%d\n" % len(head) + head + b"".join(chunks)


def _unpack_texts(data: bytes, lazy: bool = False) -> dict:
    """`_pack_texts` undone; ValueError for anything that is not exactly such a file. `lazy`:
    each text is a memoryview of its bytes in `data`, neither decoded nor checked to be UTF-8
    (the file's hash is checked, in _load_memo; a reader that decodes a text takes bytes that
    do not decode for no text). At 10,000 platforms a build reads 86 MB of texts and uses most
    of them only as bytes (hashed, joined). It also spares copying memory: taking a reference
    to an object made before the build forks its children writes to a memory page shared
    with them, which the kernel then copies, and 80,000 decoded texts fill 21,000 pages."""
    line, _, rest = data.partition(b"\n")
    if not line.isdigit() or len(line) > 12:
        raise ValueError("not a packed memo")
    size = int(line)
    header, blob = json.loads(rest[:size]), memoryview(rest)[size:]
    if not isinstance(header, list):
        raise ValueError("not a packed memo")
    memo: dict = {}
    at = 0

    def text(n) -> str:
        nonlocal at
        if type(n) is not int or n < 0 or at + n > len(blob):
            raise ValueError("not a packed memo")
        at += n
        return blob[at - n : at] if lazy else str(blob[at - n : at], "utf-8")

    for item in header:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise ValueError("not a packed memo")
        key, value = item
        if isinstance(value, list):
            if not all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in value):
                raise ValueError("not a packed memo")
            memo[key] = {part: text(n) for part, n in value}
        else:
            memo[key] = text(value)
    if at != len(blob):
        raise ValueError("not a packed memo")
    return memo


def _stat_of(path: str | Path) -> list[int] | None:
    """(device, inode, size, mtime in ns) of a regular file; None for anything else."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns] if stat.S_ISREG(st.st_mode) else None


def _stat_shape(value) -> bool:
    return isinstance(value, list) and len(value) == 4 and all(type(v) is int for v in value)


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _remove_unless_dir(path: Path) -> bool:
    """True when `path` must be created: missing, or something other than a real folder
    (which is removed first)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return True
    if stat.S_ISDIR(mode):  # (also when another process of the build has just made it)
        return False
    _remove(path)
    return True


def _warn(directory: Path, exc: OSError) -> None:
    print(f"提示：渲染缓存 {directory} 无法使用（{reason(exc)}），本次不使用缓存，生成结果不受影响。"
          "可删除该目录后重试以恢复快速重新生成。", file=sys.stderr)
