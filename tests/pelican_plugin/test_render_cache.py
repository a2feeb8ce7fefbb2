"""A rebuild that reuses cached pages equals a clean build byte for byte."""

from __future__ import annotations

import shutil

from sme_registry.build import build_site
from sme_registry.context import cache_dir_for
from sme_registry.pelican_plugin.render_cache import RenderCache
from tests.build.test_build import _copy_registry, _tree_digest
from tests.conftest import EXAMPLE_TODAY


def test_rebuild_after_an_edit_equals_a_clean_build(tmp_path):
    src = _copy_registry(tmp_path / "src")
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    cache = cache_dir_for(out.resolve())
    cached_pages = {p.name for p in cache.glob("*/*")}
    assert cached_pages, "the first build filled the cache"

    target = src / "data/platforms/lc-2023-001.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("description: ", "description: 已更新。", 1), encoding="utf-8")
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    reused = cached_pages & {p.name for p in cache.glob("*/*")}
    assert len(reused) >= len(cached_pages) - 3, "unchanged pages came from the cache"

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
