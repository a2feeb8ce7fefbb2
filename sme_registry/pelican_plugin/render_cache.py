"""A content-addressed cache of rendered files, for fast rebuilds after a small edit.

Each entry's key hashes everything the file is made from: the page's own data, the
site-wide values its templates read, and a digest of the templates and of this package's
code. A hit copies bytes that a render of the same inputs produced, so a rebuild stays
byte-identical to a clean build (tests/pelican_plugin checks it). Entries not used by a
build are removed at its end, so the cache holds one build's worth of files.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path

import sme_registry
from sme_registry.resources import engine_path

PACKAGE_DIR = Path(sme_registry.__file__).resolve().parent


def code_digest() -> str:
    """Digest of the templates, the settings file and the package's code."""
    h = hashlib.sha256()
    theme, settings = engine_path("theme"), engine_path("pelicanconf.py")
    files = [*((theme, p) for p in sorted((theme / "templates").rglob("*"))),
             *((PACKAGE_DIR, p) for p in sorted(PACKAGE_DIR.rglob("*.py"))), (settings.parent, settings)]
    for base, path in files:
        if path.is_file():
            h.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where possible (entries are written once and never changed in place,
    so sharing the inode with the output is safe), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class RenderCache:
    def __init__(self, directory: str | Path | None):
        self.directory = Path(directory) if directory else None
        self.salt = code_digest() if self.directory else ""
        self.used: set[str] = set()
        self._loaded: dict[str, frozenset] = {}
        if self.directory:
            self.directory.mkdir(parents=True, exist_ok=True)

    def key(self, *parts) -> str:
        blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256((self.salt + blob).encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def fetch(self, key: str, target: Path) -> bool:
        """Copy the cached file for `key` to `target`; False when there is none."""
        if not self.directory:
            return False
        cached = self._path(key)
        if not cached.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(cached, target)
        self.used.add(key)
        return True

    def store(self, key: str, source: Path) -> None:
        if not self.directory:
            return
        cached = self._path(key)
        cached.parent.mkdir(parents=True, exist_ok=True)
        if not cached.exists():
            _link_or_copy(source, cached)
        self.used.add(key)

    def prune(self) -> None:
        """Forget entries this build did not use."""
        if not self.directory:
            return
        for path in [*self.directory.glob("*/*"), *self.directory.glob("memo-*")]:
            if path.name not in self.used:
                path.unlink()

    def claim(self, *keys: str) -> None:
        """Keep these entries at the next prune (for entries another process writes)."""
        self.used.update(keys)

    def memo_file(self, name: str) -> Path:
        return (self.directory or Path(".")) / f"memo-{name}-{self.salt[:16]}.pickle"

    def load_memo(self, name: str) -> dict | None:
        """A dictionary kept between builds (valid for this code digest), or None without a cache."""
        if not self.directory:
            return None
        path = self.memo_file(name)
        try:
            memo = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            memo = {}
        self._loaded[name] = frozenset(memo)
        return memo

    def save_memo(self, name: str, memo: dict, keep: set | None = None) -> None:
        if not self.directory:
            return
        if keep is not None:
            memo = {k: v for k, v in memo.items() if k in keep}
        path = self.memo_file(name)
        self.used.add(path.name)
        if self._loaded.get(name) == frozenset(memo) and path.exists():
            return  # same keys, same values (an entry is a pure function of its key)
        path.write_bytes(pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL))
