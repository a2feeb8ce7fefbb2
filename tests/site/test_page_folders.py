"""The platform page folders of the replaced site are reused by the next build, emptied:
whatever the spare holds, the published site is exactly a clean build's."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest

from sme_registry.context import cache_dir_for
from sme_registry.site import page_folders
from sme_registry.site.build import build_site
from tests.conftest import EXAMPLE_TODAY
from tests.site.test_build import _copy_registry

pytestmark = pytest.mark.slow  # whole builds: left out of make test-fast


def _listing(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (links not followed): a folder, a file's sha256, or its kind."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            mode = os.lstat(path).st_mode
            key = path.relative_to(folder).as_posix()
            if stat.S_ISREG(mode):
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "folder" if stat.S_ISDIR(mode) else f"other {stat.S_IFMT(mode):o}"
    return found


def _clean_listing(src: Path, tmp_path: Path) -> dict[str, str]:
    clean = tmp_path / "clean" / "site"
    assert build_site(src, clean, EXAMPLE_TODAY) == 0
    return _listing(clean)


def test_a_rebuild_reuses_the_folders_of_the_site_it_replaced(tmp_path):
    src = _copy_registry(tmp_path / "src")
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    first = (out / "platforms/lc-2020-001").stat().st_ino
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    spare = cache_dir_for(out.resolve()) / page_folders.SPARE
    assert (spare / "lc-2020-001").is_dir(), "the replaced site's page folders are kept"
    assert (spare / "lc-2020-001").stat().st_ino == first
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert (out / "platforms/lc-2020-001").stat().st_ino == first, "the folder was reused, not made again"
    assert _listing(out) == _clean_listing(src, tmp_path)


def test_whatever_the_spare_holds_only_empty_folders_of_listed_platforms_are_reused(tmp_path):
    src = _copy_registry(tmp_path / "src")
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    spare = cache_dir_for(out.resolve()) / page_folders.SPARE
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("机器上的秘密", encoding="utf-8")
    (outside / "index.html").write_text("不该发布", encoding="utf-8")
    before = _listing(outside)

    kept = spare / "lc-2020-001"
    (kept / "stale.html").write_text("旧站点的文件", encoding="utf-8")
    (kept / "sub").mkdir()
    (kept / "sub/page.html").write_text("旧", encoding="utf-8")
    (kept / "link.html").symlink_to(outside / "secret.txt")
    os.mkfifo(kept / "pipe")
    (spare / "lc-2099-001").mkdir()  # not a platform of this registry
    (spare / "lc-2099-001/index.html").write_text("已删除的平台", encoding="utf-8")
    shutil.rmtree(spare / "lc-2020-002")
    (spare / "lc-2020-002").symlink_to(outside, target_is_directory=True)
    (spare / "index.html").write_text("旧列表", encoding="utf-8")
    # pages that other names share but that are not this build's entry for that page: one
    # linked to a file outside, of a platform edited since (its page is written anew: written
    # through the link, it would change that file), one linked to another platform's page (a
    # sound cache entry, of another key)
    os.unlink(spare / "lc-2020-003/index.html")
    os.link(outside / "index.html", spare / "lc-2020-003/index.html")
    edited = src / "data/platforms/lc-2020-003.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("创业导师库。", "创业导师库（已更新）。", 1),
                      encoding="utf-8")
    os.unlink(spare / "lc-2020-004/index.html")
    os.link(spare / "lc-2020-005/index.html", spare / "lc-2020-004/index.html")
    shutil.rmtree(spare / "county")
    (spare / "county").write_text("不是目录", encoding="utf-8")

    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert _listing(out) == _clean_listing(src, tmp_path)
    assert _listing(outside) == before, "nothing was followed out of the spare"
    published = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert "机器上的秘密".encode() not in published and "旧站点的文件".encode() not in published
    assert "不该发布".encode() not in published


def test_a_spare_that_is_a_link_is_not_followed(tmp_path):
    src = _copy_registry(tmp_path / "src")
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    outside = tmp_path / "outside"
    (outside / "lc-2020-001").mkdir(parents=True)
    (outside / "lc-2020-001/index.html").write_text("外面的页面", encoding="utf-8")
    before = _listing(outside)
    spare = cache_dir_for(out.resolve()) / page_folders.SPARE
    shutil.rmtree(spare, ignore_errors=True)
    spare.symlink_to(outside, target_is_directory=True)

    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert _listing(out) == _clean_listing(src, tmp_path)
    assert _listing(outside) == before


def _spare_layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A cache folder with a spare of two page folders, one page only linked there and one
    that another name shares, and an empty staging folder beside where the site would be."""
    cache, staging, other = tmp_path / ".site.cache", tmp_path / ".site.building-x", tmp_path / "other"
    for folder in (cache / page_folders.SPARE / "a", cache / page_folders.SPARE / "b", staging, other):
        folder.mkdir(parents=True)
    (cache / page_folders.SPARE / "a/index.html").write_text("只在这里", encoding="utf-8")
    (other / "b.html").write_text("另一处也有", encoding="utf-8")
    os.link(other / "b.html", cache / page_folders.SPARE / "b/index.html")
    return cache, staging, other


def test_take_leaves_empty_folders_and_keeps_bytes_another_name_shares(tmp_path):
    cache, staging, other = _spare_layout(tmp_path)
    kept = page_folders.take(cache, staging / "platforms", {"a", "b"})
    shared = staging / "platforms/b/index.html"  # left for the build to keep or remove
    assert _listing(staging) == {"platforms": "folder", "platforms/a": "folder", "platforms/b": "folder",
                                 "platforms/b/index.html": hashlib.sha256("另一处也有".encode()).hexdigest()}
    found = shared.stat()
    assert kept == {str(staging / "platforms/a"): None, str(staging / "platforms/b"): (found.st_dev, found.st_ino)}
    assert not (cache / page_folders.SPARE).exists()
    assert (other / "b.html").read_text(encoding="utf-8") == "另一处也有"


def test_take_does_nothing_without_a_cache_or_where_pages_were_already_written(tmp_path):
    cache, staging, _ = _spare_layout(tmp_path)
    assert page_folders.take(None, staging / "platforms", {"a"}) == {}
    (staging / "platforms").mkdir()
    assert page_folders.take(cache, staging / "platforms", {"a"}) == {}
    assert _listing(staging) == {"platforms": "folder"}
    assert (cache / page_folders.SPARE / "a/index.html").is_file()


def test_a_spare_that_cannot_be_emptied_is_deleted_not_published(tmp_path, monkeypatch):
    cache, staging, _ = _spare_layout(tmp_path)

    def refuse(self, path):
        raise PermissionError(13, "refused", path)

    monkeypatch.setattr(page_folders._Unused, "move", refuse)
    assert page_folders.take(cache, staging / "platforms", {"a", "b"}) == {}
    assert _listing(staging) == {}


def test_keep_moves_an_unused_spare_out_with_the_old_site(tmp_path):
    cache, _, _ = _spare_layout(tmp_path)
    old = tmp_path / ".site.old-y"
    (old / "platforms/c").mkdir(parents=True)
    page_folders.keep(old / "platforms", cache)
    assert sorted(p.name for p in (cache / page_folders.SPARE).iterdir()) == ["c"]
    assert [p.name for p in old.iterdir()][0].startswith(".unused-spare-"), "deleted with the old site"
    (old / "platforms/d").mkdir(parents=True)
    page_folders.keep(old / "platforms", None)  # no cache: nothing kept, deleted with the old site
    assert (old / "platforms/d").is_dir()
