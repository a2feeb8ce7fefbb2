"""Incremental validation and rebuilds equal clean ones, for seeded random edits of a
synthetic registry: what a build keeps between builds (load_memo.py, derived.py, the render
cache) never changes a problem or a byte of the site."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from scripts.synth import write_registry
from sme_registry.context import cache_dir_for, make_context
from sme_registry.derive.derived import Derived
from sme_registry.load.load_memo import LoadMemo
from sme_registry.site.build import build
from sme_registry.site.pelican.render_cache import _pack_texts, _unpack_texts, code_digest
from sme_registry.validate.report import validate
from tests.site.test_build import _tree_digest

pytestmark = pytest.mark.slow  # whole builds: left out of make test-fast

TODAY = dt.date(2026, 11, 25)


def _platform_edits(text: str, rng: random.Random, ids: list[str]) -> str:
    """One edit of a platform file: wording, a county, services, a date, a reference, a
    credit code, a slip — some leave the file valid, some make it (or the registry) invalid."""
    edits = [
        lambda t: t.replace("等服务。", f"等服务（第{rng.randint(1, 99)}次更新）。", 1),
        lambda t: re.sub(r"(?m)^name: (.*)$", lambda m: f"name: {m[1]}（新）", t, count=1),
        lambda t: re.sub(r"(?m)^county: .*$", f"county: {rng.choice(['东阿县', '冠县', '临清市', '不存在县'])}", t,
                         count=1),
        lambda t: re.sub(r"(?m)^services: \[[^\]]*\]", "services: [技术服务]", t, count=1),
        lambda t: re.sub(r"certified_on: (\d{4})-12-(\d\d)", lambda m: f"certified_on: {m[1]}-11-{m[2]}", t,
                         count=1),
        lambda t: re.sub(r"publicity: (\d{4})-gongshi", r"publicity: \1-gongshii", t, count=1),
        lambda t: re.sub(r'credit_code: "(.{17}).', lambda m: f'credit_code: "{m[1]}0', t, count=1),
        lambda t: re.sub(r'credit_code: ".*"', f'credit_code: "{_code_of(rng.choice(ids))}"', t, count=1),
        lambda t: re.sub(r"(?m)^annual_reports:\n(  - .*\n)", "annual_reports:\n", t, count=1),
        lambda t: t.replace("county:", "county：", 1),  # an input-method slip
        lambda t: t + "honors: [市级优秀平台]\n",
    ]
    return rng.choice(edits)(text)


_CODES: dict[str, str] = {}


def _code_of(platform_id: str) -> str:
    return _CODES.get(platform_id, "91371500MA0000001X")


def _edit(src: Path, rng: random.Random) -> str:
    """Apply one random edit to the registry in `src`; returns what was done (for messages)."""
    platforms = sorted((src / "data/platforms").glob("*.yaml"))
    ids = [p.stem for p in platforms]
    for path in platforms:
        found = re.search(r'credit_code: "(.*)"', path.read_text(encoding="utf-8"))
        if found:
            _CODES[path.stem] = found[1]
    kind = rng.choice(["platform", "platform", "platform", "platform", "notice", "remove", "add", "divisions"])
    if kind == "platform":
        path = rng.choice(platforms)
        path.write_text(_platform_edits(path.read_text(encoding="utf-8"), rng, ids), encoding="utf-8")
        return f"edit {path.name}"
    if kind == "remove":
        path = rng.choice(platforms)
        path.unlink()
        return f"remove {path.name}"
    if kind == "add":
        path = rng.choice(platforms)
        new_id = path.stem[:-5] + f"{rng.randint(90000, 99999)}"
        (path.parent / f"{new_id}.yaml").write_text(
            path.read_text(encoding="utf-8").replace(f"id: {path.stem}", f"id: {new_id}"), encoding="utf-8")
        return f"copy {path.name} to {new_id}"
    if kind == "divisions":
        path = src / "data/divisions.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("冠县", "冠 县", 1) if rng.random() < 0.5 else text + "\n", encoding="utf-8")
        return "edit divisions.yaml"
    notices = sorted((src / "content/notices").glob("*.md"))
    path = rng.choice(notices)
    text = path.read_text(encoding="utf-8")
    edited = rng.choice([
        lambda t: re.sub(r"(?m)^title: (.*)$", r"title: \1（更正）", t, count=1),
        lambda t: re.sub(r"(?m)^(platforms: [^,\n]*), [^,\n]*", r"\1", t, count=1),  # drop a listed id
        lambda t: re.sub(r"(?m)^date: (\d{4})-(\d\d)-(\d\d)", r"date: \1-\2-01", t, count=1),
        lambda t: t + "\n补充说明。\n",
    ])(text)
    path.write_text(edited, encoding="utf-8")
    return f"edit {path.name}"


def _texts(report) -> list[str]:
    return [p.text() for p in report.problems]


@pytest.fixture
def registry(tmp_path):
    src = tmp_path / "reg"
    write_registry(120, src, seed=11)
    return src


@pytest.mark.parametrize("seed", range(4))
def test_incremental_validation_reports_what_a_clean_validation_reports(registry, seed):
    """Many edits in a row, each validated with what the previous validation kept."""
    rng = random.Random(seed)
    salt = code_digest()
    loads, derived = LoadMemo(salt), Derived(salt)
    validate(registry, TODAY, loads, derived)
    for step in range(12):
        done = _edit(registry, rng)
        loads, derived = LoadMemo(salt, loads.kept), Derived(salt, derived.kept)
        _, incremental = validate(registry, TODAY, loads, derived)
        _, clean = validate(registry, TODAY)
        assert _texts(incremental) == _texts(clean), f"seed {seed}, step {step}: {done}"
        assert loads.hits > 0, "unchanged platform files are not parsed again"
        if done.startswith(("edit syn", "remove", "copy")):  # other platforms' inputs did not change
            assert derived.hits > 0, "their checks are not run again"


@pytest.mark.parametrize("seed", range(3))
def test_a_rebuild_after_edits_equals_a_clean_build(tmp_path, registry, seed):
    rng = random.Random(100 + seed)
    out = tmp_path / "site"
    first = build(make_context(registry, TODAY, out, environ={}))
    assert first.built, first.summary()
    for step in range(3):
        done = _edit(registry, rng)
        again = build(make_context(registry, TODAY, out, environ={}))
        clean_out = tmp_path / f"clean-{step}"
        clean = build(make_context(registry, TODAY, clean_out, environ={}))
        shutil.rmtree(cache_dir_for(clean_out), ignore_errors=True)
        assert _texts(again.report) == _texts(clean.report), f"seed {seed}, step {step}: {done}"
        assert again.built == clean.built
        if clean.built:
            assert _tree_digest(out) == _tree_digest(clean_out), f"seed {seed}, step {step}: {done}"
            shutil.rmtree(clean_out)


def test_a_rebuild_changes_one_platform_page_and_the_lists(tmp_path, registry):
    """Editing one platform's description re-renders its page; every other platform page
    is the cached one (the bytes equal a clean build's either way)."""
    out = tmp_path / "site"
    assert build(make_context(registry, TODAY, out, environ={})).built
    before = {p: p.read_bytes() for p in (out / "platforms").glob("*/index.html")}
    target = sorted((registry / "data/platforms").glob("*.yaml"))[7]
    target.write_text(target.read_text(encoding="utf-8").replace("等服务。", "等服务（已更新）。", 1),
                      encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    changed = [p.parent.name for p, data in before.items() if (out / p.relative_to(out)).read_bytes() != data]
    assert changed == [target.stem]


def test_unchanged_pages_are_linked_from_the_previous_output_and_edited_ones_replaced(tmp_path, registry):
    out = tmp_path / "site"
    assert build(make_context(registry, TODAY, out, environ={})).built
    pages = sorted((out / "platforms").glob("*/index.html"))
    kept, tampered, edited = pages[3], pages[4], pages[5]
    inode = {p: p.stat().st_ino for p in (kept, tampered, edited)}
    tampered.write_text("被篡改的页面", encoding="utf-8")  # an edit of the published site
    source = registry / "data/platforms" / f"{edited.parent.name}.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("等服务。", "等服务（已更新）。", 1), encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    assert kept.stat().st_ino == inode[kept], "an unchanged page is not written again"
    assert tampered.stat().st_ino != inode[tampered] and "被篡改" not in tampered.read_text(encoding="utf-8")
    assert edited.stat().st_ino != inode[edited] and "已更新" in edited.read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    assert build(make_context(registry, TODAY, clean, environ={})).built
    assert _tree_digest(out) == _tree_digest(clean)


def test_list_pages_are_made_again_only_when_a_row_they_show_changes(tmp_path, registry):
    """The whole list and the county pages are kept between builds under a key of their rows:
    a description (on no row) leaves them as they were, a new name remakes the whole list and
    the platform's county page only; the site equals a clean build's after each edit."""
    out = tmp_path / "site"
    assert build(make_context(registry, TODAY, out, environ={})).built
    lists = [out / "platforms/index.html", *sorted((out / "platforms/county").glob("*/index.html"))]
    assert len(lists) > 3

    def inodes():
        return {p: p.stat().st_ino for p in lists}

    before = inodes()
    source = sorted((registry / "data/platforms").glob("*.yaml"))[9]
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("等服务。", "等服务（已更新）。", 1), encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    assert inodes() == before, "no list page was written again"
    source.write_text(source.read_text(encoding="utf-8").replace("\nname: ", "\nname: 新", 1), encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    county = re.search(r"^county: (.+)$", text, re.M)[1]
    remade = sorted(p.parent.name for p, inode in inodes().items() if inode != before[p])
    shown = [p.parent.name for p in lists[1:] if f">{county}的示范平台</h1>" in p.read_text(encoding="utf-8")]
    assert remade == sorted(["platforms", *shown]) and len(shown) == 1
    assert "新" in (out / "platforms/index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    assert build(make_context(registry, TODAY, clean, environ={})).built
    assert _tree_digest(out) == _tree_digest(clean)


def test_the_stats_files_are_made_again_only_when_a_figure_input_changes(tmp_path, registry):
    """The 统计 page and data/stats.json are kept under a key of what the figures read: a
    description leaves both as they were, a county makes both again, with the new counts;
    the site equals a clean build's."""
    out = tmp_path / "site"
    assert build(make_context(registry, TODAY, out, environ={})).built
    files = [out / "stats/index.html", out / "data/stats.json"]
    before = [p.stat().st_ino for p in files]
    figures = json.loads(files[1].read_text(encoding="utf-8"))
    source = sorted((registry / "data/platforms").glob("*.yaml"))[4]
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("等服务。", "等服务（已更新）。", 1), encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    assert [p.stat().st_ino for p in files] == before, "neither file was written again"
    county = re.search(r"^county: (.+)$", text, re.M)[1]
    other = next(c["county"] for c in figures["by_county"] if c["county"] != county)
    source.write_text(source.read_text(encoding="utf-8").replace(f"county: {county}", f"county: {other}", 1),
                      encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    assert all(p.stat().st_ino != inode for p, inode in zip(files, before, strict=True))
    counts = {c["county"]: c["platforms"] for c in json.loads(files[1].read_text(encoding="utf-8"))["by_county"]}
    was = {c["county"]: c["platforms"] for c in figures["by_county"]}
    assert (counts[county], counts[other]) == (was[county] - 1, was[other] + 1)
    clean = tmp_path / "clean"
    assert build(make_context(registry, TODAY, clean, environ={})).built
    assert _tree_digest(out) == _tree_digest(clean)


def test_pages_made_from_their_values_alone_are_made_again_only_when_those_change(tmp_path, registry):
    """The 网站地图 (every platform's name) and the expiring list (RegistryGenerator.kept_page):
    a description leaves both as they were, a name makes the site map again; the site equals
    a clean build's."""
    out = tmp_path / "site"
    assert build(make_context(registry, TODAY, out, environ={})).built
    site_map, expiring = out / "sitemap/index.html", out / "expiring/index.html"
    before = {p: p.stat().st_ino for p in (site_map, expiring)}
    listed = expiring.read_text(encoding="utf-8")  # a platform the expiring list does not show
    source = next(p for p in sorted((registry / "data/platforms").glob("*.yaml")) if f"/{p.stem}/" not in listed)
    source.write_text(source.read_text(encoding="utf-8").replace("等服务。", "等服务（已更新）。", 1), encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    assert {p: p.stat().st_ino for p in before} == before, "neither page was written again"
    source.write_text(source.read_text(encoding="utf-8").replace("\nname: ", "\nname: 新名", 1), encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    assert site_map.stat().st_ino != before[site_map] and ">新名" in site_map.read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    assert build(make_context(registry, TODAY, clean, environ={})).built
    assert _tree_digest(out) == _tree_digest(clean)


def test_kept_texts_that_are_not_utf8_are_made_again_where_they_are_decoded(tmp_path, registry):
    """The derived memo's texts are read as bytes (render_cache._unpack_texts, lazy); those
    a build decodes (views, problems, list rows) are made again when the bytes are not UTF-8,
    even in a packed memo whose hash matches, so the build neither fails nor differs from a
    clean one (the list pages are made again: their rows' digests change)."""
    out = tmp_path / "site"
    assert build(make_context(registry, TODAY, out, environ={})).built
    cache = cache_dir_for(out)
    damaged = 0
    for path in cache.glob("memo-platform-derived-*.texts"):
        memo = {k: {part: (b"\xff<" if part in ("view", "problems", "row") else text.encode())
                    for part, text in parts.items()} for k, parts in _unpack_texts(path.read_bytes()).items()}
        data = _pack_texts(memo)
        path.unlink()
        (cache / f"{path.name.rsplit('.', 2)[0]}.{hashlib.sha256(data).hexdigest()}.texts").write_bytes(data)
        damaged += len(memo)
    assert damaged == 120
    for _ in range(2):  # the second build reads the memo the first one saved
        again = build(make_context(registry, TODAY, out, environ={}))
        assert again.built, again.log
    clean = tmp_path / "clean"
    assert build(make_context(registry, TODAY, clean, environ={})).built
    assert _tree_digest(out) == _tree_digest(clean)


def test_damaged_memo_entries_are_computed_again(tmp_path, registry):
    """Entries that do not decode, or whose document the schema refuses, are not used."""
    out = tmp_path / "site"
    assert build(make_context(registry, TODAY, out, environ={})).built
    cache = cache_dir_for(out)
    damaged = 0
    for path in cache.glob("memo-platform-*"):
        memo = _unpack_texts(path.read_bytes()) if path.suffix == ".texts" else json.loads(path.read_bytes())
        if "loads" in path.name:
            memo = {k: json.dumps([{"id": 1}, [], []]) if i % 2 else "{" for i, k in enumerate(memo)}
        else:
            memo = {k: {part: ("[" if part in ("view", "problems") else text) for part, text in parts.items()}
                    for k, parts in memo.items()}
        data = json.dumps(memo, sort_keys=True).encode()
        path.unlink()
        (cache / f"{path.name.rsplit('.', 2)[0]}.{hashlib.sha256(data).hexdigest()}.json").write_bytes(data)
        damaged += len(memo)
    assert damaged > 200
    target = sorted((registry / "data/platforms").glob("*.yaml"))[9]
    target.write_text(target.read_text(encoding="utf-8").replace("county:", "county：", 1), encoding="utf-8")
    again = build(make_context(registry, TODAY, out, environ={}))
    assert _texts(again.report) == _texts(validate(registry, TODAY)[1]) and not again.built
    target.write_text(target.read_text(encoding="utf-8").replace("county：", "county:", 1), encoding="utf-8")
    assert build(make_context(registry, TODAY, out, environ={})).built
    clean = tmp_path / "clean"
    assert build(make_context(registry, TODAY, clean, environ={})).built
    assert _tree_digest(out) == _tree_digest(clean)


def test_a_rebuild_in_another_process_reuses_the_search_index(tmp_path, registry):
    """The search index's cache key is the same in every process (string hashing is seeded
    per process: a key made from a set's order would miss on every build)."""
    import os
    import subprocess
    import sys

    out = tmp_path / "site"
    command = [sys.executable, "-m", "sme_registry", "build", "--src", str(registry), "--output", str(out),
               "--today", TODAY.isoformat()]
    root = Path(__file__).resolve().parents[2]
    for seed in ("1", "2"):
        subprocess.run(command, check=True, cwd=root, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        if seed == "1":
            inodes = {p: p.stat().st_ino for p in (out / "search").rglob("*.json")}
    assert len(inodes) > 50
    again = sorted(p.relative_to(out).as_posix() for p, ino in inodes.items() if p.stat().st_ino != ino)
    assert again == [], "the index was built again"


def test_a_rebuild_after_one_edit_patches_the_search_index(tmp_path, registry, monkeypatch):
    """After one edit the index is patched (shard_patch), not built again, and still equals
    a clean build; a search file of the last build damaged in the cache makes it build again."""
    from sme_registry.site.pelican import generators

    out = tmp_path / "site"
    assert build(make_context(registry, TODAY, out, environ={})).built
    platforms = sorted((registry / "data/platforms").glob("*.yaml"))

    def edit(path: Path) -> None:
        path.write_text(path.read_text(encoding="utf-8").replace("等服务", "等服务（已更新）", 1), encoding="utf-8")

    def refuse(*args, **kwargs):
        raise AssertionError("the index was built from scratch")

    edit(platforms[5])
    with monkeypatch.context() as m:
        m.setattr(generators, "build_search_shards", refuse)
        assert build(make_context(registry, TODAY, out, environ={})).built
    clean = tmp_path / "clean"
    assert build(make_context(registry, TODAY, clean, environ={})).built
    assert _tree_digest(out) == _tree_digest(clean)

    # Damage every cached search file: the patch cannot read the last build's shards.
    search_inodes = {p.stat().st_ino for p in (out / "search").rglob("*.json")}
    damaged = 0
    for entry in cache_dir_for(out).glob("*/*"):
        if entry.is_file() and entry.stat().st_ino in search_inodes:
            data = entry.read_bytes()
            entry.unlink()  # a new file: the published site keeps its bytes
            entry.write_bytes(data[:-1] + b" ")
            damaged += 1
    assert damaged > 50
    edit(platforms[9])
    assert build(make_context(registry, TODAY, out, environ={})).built
    shutil.rmtree(clean)
    assert build(make_context(registry, TODAY, clean, environ={})).built
    assert _tree_digest(out) == _tree_digest(clean)
