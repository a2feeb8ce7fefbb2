"""A rebuild that reuses cached pages equals a clean build byte for byte, whatever
happened to the cache or to the output in between."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
from pathlib import Path

import pytest

from sme_registry.context import cache_dir_for
from sme_registry.site.build import build_site
from sme_registry.site.output_guard import ENGINE_ROOT
from sme_registry.site.pelican.render_cache import RenderCache
from tests.conftest import EXAMPLE_TODAY
from tests.site.test_build import _copy_registry, _tree_digest

pytestmark = pytest.mark.slow  # whole builds / subprocesses: left out of make test-fast


def test_rebuild_after_an_edit_equals_a_clean_build(tmp_path):
    src = _copy_registry(tmp_path / "src")
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    cache = cache_dir_for(out.resolve())
    assert {p.name for p in cache.glob("*/*")}, "the first build filled the cache"
    pages = {p: p.stat().st_ino for p in (out / "platforms").glob("*/index.html")}

    target = src / "data/platforms/lc-2023-001.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("description: ", "description: 已更新。", 1), encoding="utf-8")
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    written = sorted(p.parent.name for p, inode in pages.items() if p.stat().st_ino != inode)
    assert written == ["lc-2023-001"], "unchanged pages came from the cache (linked, not written)"

    clean = tmp_path / "clean"
    shutil.rmtree(cache_dir_for(clean.resolve()), ignore_errors=True)
    assert build_site(src, clean, EXAMPLE_TODAY) == 0
    assert _tree_digest(out) == _tree_digest(clean)
    assert "已更新。" in (out / "platforms/lc-2023-001/index.html").read_text(encoding="utf-8")
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(cache_dir_for(clean.resolve()), ignore_errors=True)


def test_keys_change_with_any_input(tmp_path):
    cache = RenderCache(tmp_path / "c")
    assert cache.key("p", {"a": 1}) == cache.key("p", {"a": 1})
    assert cache.key("p", {"a": 1}) != cache.key("p", {"a": 2})
    assert RenderCache(None).fetch("x", tmp_path / "t") is False


def _built_pair(tmp_path):
    """A registry copy, its build (which filled the cache) and the cache folder."""
    src = _copy_registry(tmp_path / "src")
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    return src, out, cache_dir_for(out)


def _clean_build(src, tmp_path):
    clean = tmp_path / "clean"
    assert build_site(src, clean, EXAMPLE_TODAY) == 0
    shutil.rmtree(cache_dir_for(clean))
    return _tree_digest(clean)


def _entries(cache):
    return sorted(p for p in cache.glob("??/*") if p.is_file())


def _age(cache, seconds: int = 60) -> None:
    """Make every entry look written `seconds` ago, as after a build some time back: only
    entries older than two seconds have their stat recorded (render_cache.py)."""
    for path in _entries(cache):
        then = path.stat().st_mtime_ns - seconds * 10**9
        os.utime(path, ns=(then, then))


def _stat_memo(cache) -> dict:
    (memo,) = cache.glob("memo-entry-stats-*.json")
    return json.loads(memo.read_bytes())


def test_a_published_file_edited_in_place_is_never_served_again(tmp_path):
    """Published files share their bytes with the cache (hard links): an edit of one in place
    reaches its entry, whose stat then differs from the one recorded, so it is hashed again,
    no longer matches its name and is rebuilt, not served."""
    src, out, cache = _built_pair(tmp_path)
    _age(cache)
    assert build_site(src, out, EXAMPLE_TODAY) == 0  # the second build is served from the cache
    assert len(_stat_memo(cache)) >= len(_entries(cache)) - 5, "the entries' stats are recorded"
    entries = {(p.stat().st_dev, p.stat().st_ino) for p in _entries(cache)}
    page = out / "platforms/lc-2023-001/index.html"
    assert (page.stat().st_dev, page.stat().st_ino) in entries, "a hit is linked, not copied"
    for edited in (page, out / "search/manifest.json"):
        with open(edited, "r+b") as handle:  # in place, through the link
            handle.write(b"<!-- tampered -->")
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert "tampered" not in page.read_text(encoding="utf-8")
    assert _tree_digest(out) == _clean_build(src, tmp_path)
    for path in _entries(cache):  # and the cache is sound again
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[1]


def test_recorded_entries_are_not_read_again(tmp_path, monkeypatch):
    """A rebuild hashes only the entries whose stat is not the recorded one."""
    from sme_registry.site.pelican import render_cache

    src, out, cache = _built_pair(tmp_path)
    _age(cache)
    assert build_site(src, out, EXAMPLE_TODAY) == 0  # hashes every entry, then records them
    entries = {p.name.split(".")[1] for p in _entries(cache)}
    hashed = []
    real_sha = render_cache._sha

    def counting_sha(data):
        digest = real_sha(data)
        hashed.append(digest)
        return digest

    monkeypatch.setattr(render_cache, "_sha", counting_sha)
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    # The entries linked into the site (most of them) are taken on their recorded stat; the
    # others are read for their bytes (listings, name lists), and hashed as they are read.
    linked = {p.name.split(".")[1] for p in _entries(cache) if p.stat().st_nlink > 1}
    assert len(linked) > len(entries) * 3 / 4
    reread = linked & set(hashed)
    assert not reread, f"{len(reread)} of {len(linked)} linked entries hashed again"
    assert _tree_digest(out) == _clean_build(src, tmp_path)
    # An entry made younger than the record (a write in place keeps the inode) is hashed again.
    page = out / "platforms/lc-2023-001/index.html"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1))
    hashed.clear()
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert hashlib.sha256(page.read_bytes()).hexdigest() in hashed


def test_corrupt_entries_are_rebuilt_not_served(tmp_path):
    src, out, cache = _built_pair(tmp_path)
    entries = _entries(cache)
    assert len(entries) > 30
    for path in entries:  # same names, other bytes: a flipped bit, a truncation, a replacement
        data = path.read_bytes()
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]) if len(data) % 3 == 0 else data[: len(data) // 2]
                         if len(data) % 3 == 1 else b"<html>planted</html>")
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert "planted" not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert _tree_digest(out) == _clean_build(src, tmp_path)
    for path in _entries(cache):  # what is left in the cache is sound again
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[1]


def test_stray_and_foreign_things_in_the_cache_are_ignored_and_removed(tmp_path):
    src, out, cache = _built_pair(tmp_path)
    entry = _entries(cache)[0]
    key = entry.name.split(".")[0]
    planted = {
        cache / "stray.txt": "file",
        cache / "stray-folder": "dir",
        cache / "zz": "dir",  # a two-letter folder that holds no entries
        cache / "ab" / ("a" * 64): "dir",  # a folder named like an entry
        cache / "memo-parsed-yaml-0123456789abcdef.pickle": "pickle",  # the old code-loading format
        cache / f"memo-search-terms-{'0' * 16}.{'0' * 64}.json": "badhash",
        entry.parent / f".tmp-1-{key}.{'0' * 64}": "file",  # a half-written entry of a killed build
        entry.parent / f"{key}.{'1' * 64}": "link",  # a link named like a second entry for the same key
    }
    for path, kind in planted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "dir":
            (path / "inner").mkdir(parents=True)
        elif kind == "link":
            path.symlink_to(src / "data/site.yaml")
        elif kind == "pickle":
            path.write_bytes(pickle.dumps({"x": 1}))
        else:
            path.write_text("{}", encoding="utf-8")
    (cache / "ab").mkdir(exist_ok=True)
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert _tree_digest(out) == _clean_build(src, tmp_path)
    for path in planted:
        assert not os.path.lexists(path), f"{path.name} should have been removed"
    assert (src / "data/site.yaml").is_file(), "removing a planted link never touches its target"


def test_a_damaged_memo_is_ignored_and_a_pickle_never_loaded(tmp_path):
    src, out, cache = _built_pair(tmp_path)
    kinds = {re.sub(r"(-[0-9a-f])?-[0-9a-f]{16}\..*", "", p.name) for p in cache.glob("memo-*")}
    assert kinds == {"memo-entry-stats", "memo-platform-derived", "memo-platform-loads", "memo-search-terms",
                     "memo-search-last"}
    memos = sorted(cache.glob("memo-search-terms-*"))  # one per first hex digit of the documents' digests
    assert 1 < len(memos) <= 16 and len({p.name.split(".")[0] for p in memos}) == len(memos)
    memo = json.loads(memos[0].read_bytes())
    assert memo and all(isinstance(v, list) for v in memo.values())
    # A memo with a matching hash but a wrong shape (and one that would run code if unpickled).
    bad = json.dumps({k: [{"term": "many"}] for k in memo}, sort_keys=True).encode()
    memos[0].unlink()
    name = memos[0].name.rsplit(".", 2)[0]
    (cache / f"{name}.{hashlib.sha256(bad).hexdigest()}.json").write_bytes(bad)
    target = src / "data/platforms/lc-2023-001.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("description: ", "description: 改过。", 1),
                      encoding="utf-8")
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert _tree_digest(out) == _clean_build(src, tmp_path)
    source = (ENGINE_ROOT / "sme_registry/site/pelican/render_cache.py").read_text(encoding="utf-8")
    assert "pickle" not in source and "marshal" not in source


class _RunsCode:
    """Unpickling this creates a file: proof that a cached pickle was loaded."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_planted_pickles_under_the_old_memo_names_are_never_loaded(tmp_path):
    src, out, cache = _built_pair(tmp_path)
    salt = RenderCache(cache).salt[:16]
    marker = tmp_path / "code-ran"
    planted = [cache / f"memo-{name}-{salt}.pickle" for name in ("parsed-yaml", "search-terms")]
    for path in planted:
        path.write_bytes(pickle.dumps({"k": _RunsCode(marker)}))
    target = src / "data/platforms/lc-2023-001.yaml"  # an edit: the search index is rebuilt from the memo
    target.write_text(target.read_text(encoding="utf-8").replace("description: ", "description: 又改。", 1),
                      encoding="utf-8")
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert not marker.exists()
    assert not any(p.exists() for p in planted)
    pickle.loads(pickle.dumps(_RunsCode(marker)))
    assert marker.exists(), "the payload would have run had the build unpickled it"


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path, capsys):
    src = _copy_registry(tmp_path / "src")
    elsewhere = tmp_path / "precious"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "output"
    cache_dir_for(out).symlink_to(elsewhere)
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert "本次不使用缓存" in capsys.readouterr().err
    assert [p.name for p in elsewhere.iterdir()] == ["keep.txt"]
    assert _tree_digest(out) == _clean_build(src, tmp_path)


def test_a_memo_json_cannot_hold_is_skipped(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    cache = RenderCache(folder)
    cache.save_memo("search-terms", {"k": ["\ud800"]})
    assert not list(folder.iterdir())
    cache.save_memo("search-terms", {"k": [{"词": 2}]})
    assert RenderCache(folder).load_memo("search-terms") == {"k": [{"词": 2}]}


def test_the_search_files_are_listed_in_one_entry_and_a_hit_equals_a_clean_build(tmp_path):
    from sme_registry.site.pelican.generators import _listing

    src, out, cache = _built_pair(tmp_path)
    search = {p.relative_to(out / "search").as_posix(): p for p in sorted((out / "search").rglob("*"))
              if p.is_file() and p.name != "index.html"}
    opened = RenderCache(cache)
    listings = [k for k in opened._entries if _listing(opened, k) is not None]
    assert len(listings) == 1, "one entry lists the search files"
    listing = _listing(opened, listings[0])
    assert sorted(listing) == sorted(search)
    for name, path in search.items():  # each file is its entry, linked
        entry = Path(opened._entries[listing[name]][0])
        assert entry.stat().st_ino == path.stat().st_ino
    # a rebuild with the same search inputs takes the index from the cache (not built again)
    (out / "search/manifest.json").unlink()
    inode = search["p/f.json"].stat().st_ino
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert (out / "search/p/f.json").stat().st_ino == inode and _tree_digest(out) == _clean_build(src, tmp_path)
    # a listing naming a file outside search/, or not a listing at all, is a miss, never an error
    key = listings[0]
    for bad in (b"", b"[]", b"{}", b'{"../x.json": "' + b"0" * 64 + b'"}', b'{"a.json": "zz"}', b'{"a.json": 5}'):
        entry = Path(opened._entries[key][0])
        entry.unlink()
        forged = entry.with_name(f"{key}.{hashlib.sha256(bad).hexdigest()}")
        forged.write_bytes(bad)
        opened._entries[key] = (str(forged), hashlib.sha256(bad).hexdigest())
        assert _listing(opened, key) is None




def test_an_entry_folder_made_by_the_other_process_meanwhile_is_used(tmp_path, monkeypatch):
    """The search child and the main process store entries at the same time: a shard folder
    the other one makes between the look and the mkdir must not switch the cache off."""
    from sme_registry.site.pelican import render_cache

    folder = tmp_path / "c"
    folder.mkdir()
    cache = RenderCache(folder)
    key = "ab" + "0" * 62
    (folder / "ab").mkdir()  # made "meanwhile": the look below still says it is missing
    monkeypatch.setattr(render_cache, "_remove_unless_dir", lambda path: True)
    cache.put(key, b"data")
    assert cache.directory == folder and RenderCache(folder).read(key) == b"data"


def test_memos_of_texts_are_packed_and_read_back_exactly(tmp_path):
    """Texts (or {name: text}) are kept packed (header of lengths, then the raw bytes): the
    same dict comes back; a packed file cut, padded or with a wrong header is no memo."""
    from sme_registry.site.pelican.render_cache import _pack_texts, _unpack_texts

    folder = tmp_path / "c"
    folder.mkdir()
    memo = {"b" * 64: {"view": '{"名称":"聊城\\"引号\\""}', "rows": "", "csv": "a,b\r\n"}, "a" * 64: {"x": "𠀀"}}
    cache = RenderCache(folder)
    cache.save_memo("platform-derived-a", memo)
    (path,) = folder.glob("memo-platform-derived-a-*")
    assert path.suffix == ".texts" and memo["b" * 64]["view"].encode() in path.read_bytes()  # as it is, not escaped
    assert RenderCache(folder).load_memo("platform-derived-a") == memo
    cache.save_memo("platform-loads-0", {"0" * 64: "文本"})
    assert RenderCache(folder).load_memo("platform-loads-0") == {"0" * 64: "文本"}
    data = _pack_texts(memo)
    assert _unpack_texts(data) == memo
    for bad in (data[:-1], data + b"x", b"x" + data, data.replace(b"[", b"{", 1), b"5\n[1,2]", b"2\n{}"):
        with pytest.raises(ValueError):
            _unpack_texts(bad)
    # damaged on disk (the hash in its name still matches): read as no memo, not an error
    path.unlink()
    bad = data[:-3]
    (folder / f"memo-platform-derived-a-{cache.salt[:16]}.{hashlib.sha256(bad).hexdigest()}.texts").write_bytes(bad)
    assert RenderCache(folder).load_memo("platform-derived-a") == {}


def test_the_code_digest_covers_the_installed_libraries(monkeypatch):
    """A cache made with another version of Pelican, Jinja or pypinyin is not this code's."""
    import importlib.metadata
    from types import SimpleNamespace

    from sme_registry.site.pelican.render_cache import code_digest

    real = importlib.metadata.distributions

    def with_pelican(version):
        return lambda: [SimpleNamespace(metadata={"Name": "pelican"}, version=version),
                        *[d for d in real() if d.metadata["Name"] != "pelican"]]

    monkeypatch.setattr(importlib.metadata, "distributions", with_pelican("4.9.1"))
    one = code_digest.__wrapped__()
    monkeypatch.setattr(importlib.metadata, "distributions", with_pelican("4.10.0"))
    assert code_digest.__wrapped__() != one


def test_an_entry_is_recorded_with_the_stat_it_was_verified_with(tmp_path):
    """A build records an entry it took on its recorded stat with that stat, not with the
    one it has by the end of the build: an entry written to in between (say, through the
    published link while the build runs) is hashed by the next build, and not served."""
    folder = tmp_path / "c"
    folder.mkdir()
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>one</p>")
    first = RenderCache(folder)
    first.store("ab" * 32, page)
    (entry,) = _entries(folder)
    then = entry.stat().st_mtime_ns - 60 * 10**9
    os.utime(entry, ns=(then, then))
    first.record()
    second = RenderCache(folder)
    out = tmp_path / "out" / "page.html"
    out.parent.mkdir()
    assert second.fetch("ab" * 32, out, link=True)
    with open(out, "r+b") as handle:  # in place, through the link, before the build records
        handle.write(b"<p>two</p>")
    os.utime(entry, ns=(then - 10**9, then - 10**9))  # an old mtime again: recordable
    second.record()
    third = RenderCache(folder)
    again = tmp_path / "again.html"
    assert not third.fetch("ab" * 32, again, link=True), "the changed entry was served"
    assert not again.exists()


def test_a_memo_read_lazy_gives_each_text_s_bytes_and_saves_them_unchanged(tmp_path):
    """Read `lazy`, a packed memo's texts are memoryviews of their UTF-8 bytes (decoded by the
    reader when it needs them); saved again as such, mixed with str and bytes, the file is
    the one the same texts as str make, and its digest of texts does not change either."""
    from sme_registry.site.pelican.render_cache import texts_digest

    folder = tmp_path / "c"
    folder.mkdir()
    memo = {"0" * 64: {"view": '{"名称":"聊城"}', "row": "<tr>𠀀</tr>"}, "1" * 64: {"row": ""}}
    RenderCache(folder).save_memo("platform-derived-0", memo)
    (first,) = folder.glob("memo-platform-derived-0-*")
    read = RenderCache.read_memo(folder, "platform-derived-0", lambda value: True, lazy=True)
    assert {k: {p: type(t) for p, t in v.items()} for k, v in read.items()} == {
        k: {p: memoryview for p in v} for k, v in memo.items()}
    assert {k: {p: str(t, "utf-8") for p, t in v.items()} for k, v in read.items()} == memo
    texts = [memo["0" * 64]["view"], memo["0" * 64]["row"]]
    assert texts_digest([read["0" * 64]["view"], bytes(read["0" * 64]["row"])]) == texts_digest(texts)
    mixed = {"0" * 64: {"view": read["0" * 64]["view"], "row": memo["0" * 64]["row"].encode()}, "1" * 64: read["1" * 64]}
    first_bytes = first.read_bytes()
    first.unlink()
    RenderCache(folder).save_memo("platform-derived-0", mixed)
    (second,) = folder.glob("memo-platform-derived-0-*")
    assert second.name == first.name and second.read_bytes() == first_bytes


def test_a_sharded_memo_rewrites_only_the_shards_that_changed(tmp_path):
    """save_sharded_memo keeps each key in the shard of its first digit, writes a shard only
    when its entries differ from the memo as read, and reads back exactly what was kept."""
    folder = tmp_path / "c"
    folder.mkdir()
    memo = {f"{d}{i:063x}": {"view": f"{d}-{i}"} for d in "0a7f" for i in range(3)}
    cache = RenderCache(folder)
    cache.save_sharded_memo("platform-derived", {}, memo)
    files = {p.name for p in folder.glob("memo-platform-derived-*")}
    assert len(files) == 4, "one file per shard that holds entries"
    read = RenderCache.read_sharded_memo(folder, "platform-derived", lambda value: True)
    assert read == memo

    kept = {k: v for k, v in read.items() if not k.startswith("a")}  # shard a emptied,
    kept["7" + "1" * 63] = {"view": "新"}  # shard 7 grown, shards 0 and f as they were
    cache = RenderCache(folder)
    cache.save_sharded_memo("platform-derived", read, kept)
    now = {p.name for p in folder.glob("memo-platform-derived-*")}
    assert {n for n in files & now} == {n for n in files if n.startswith(("memo-platform-derived-0-", "memo-platform-derived-f-"))}
    assert RenderCache.read_sharded_memo(folder, "platform-derived", lambda value: True) == kept
