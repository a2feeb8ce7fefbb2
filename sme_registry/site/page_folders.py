"""The platform page folders of the site a build replaces, reused by the next build.

A platform's page is `platforms/<id>/index.html`, so a large site has a folder per platform,
and making them was the largest part of a rebuild that changes nothing: at 10,000 platforms,
0.4-1.1 s of about 5 s, on file systems where making a folder costs 5-15 times as much as
linking a file (and deleting the old site's folders as much again, in the background).

So when a new site is swapped in, the folder of platform pages of the site it replaces is not
deleted with the rest of it: `keep` moves it into the render cache's folder (`SPARE`). The next
build's platform-page generator moves it into its staging folder with `take`, before any page
is written there, and empties it: every entry whose name is not a platform of this build goes,
and everything inside the others but a page (`PAGE`) that other names share (a hard link of a
cache entry, as every page of a site built with a cache is). `take` returns each such page's
(device, inode), and the generator keeps it only where it is the very entry this build would
link there (RenderCache.fetch with `present`, after the entry is verified); any other it
removes before the page is written. So nothing of the old site is published but the bytes
of a verified entry, which linking it again would publish too: the kept folders and pages
save two file-system calls per page. Links and special files go without being followed (and
the walk of the finished site, site_tree, still refuses any that appear).

The spare lives in the cache's folder so that removing the cache, as a clean build does,
removes it too; without a usable cache there is none.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

SPARE = "spare-platform-folders"  # its name in the render cache's folder (RenderCache.prune keeps it)
PAGE = "index.html"  # a platform's page, the only file of its folder


def keep(folder: Path, cache_dir: Path | None) -> None:
    """Keep `folder` (the platform pages' folder of the site just swapped out, which is about
    to be deleted with it) as the next build's spare. A spare still there (not taken: no
    cache in that build) is moved out first, into that site, to be deleted with it."""
    if cache_dir is None or not _real_folder(folder):
        return
    spare = cache_dir / SPARE
    try:
        if os.path.lexists(spare):
            os.rename(spare, tempfile.mkdtemp(prefix=".unused-spare-", dir=folder.parent) + "/spare")
        os.rename(folder, spare)
    except OSError:  # the cache's folder went away, another device: the folder is deleted with its site
        pass


def take(cache_dir: Path | None, folder: Path, names: set[str]) -> dict[str, tuple[int, int] | None]:
    """Move the spare to `folder` (where nothing may be yet; its parent is a staging folder)
    and leave in it only the folders named in `names`, each empty but for its `PAGE` when
    other names share that file; returns {folder's path: the (device, inode) of the page
    left in it, or None}, for the caller to keep or remove each page (see above) and make no
    folder there. Nothing happens without a spare; if it cannot be emptied it is deleted, and
    if even that fails the build fails (OSError) rather than publish any of it.

    Deleting a file that is only linked here (a page no cache entry shares any more, after
    an edit that changed every page) frees its data, which costs far more than unlinking a
    name: such files, and the folders of platforms no longer listed, are moved out beside
    the staging folder and deleted by a detached `rm` (a killed build's are leftovers of
    that staging folder, which the next build deletes)."""
    if cache_dir is None or os.path.lexists(folder) or not _real_folder(cache_dir / SPARE):
        return {}
    try:
        os.rename(cache_dir / SPARE, folder)
    except OSError:
        return {}
    unused = _Unused(folder.parent)
    kept: dict[str, tuple[int, int] | None] = {}
    try:
        for entry in list(os.scandir(folder)):
            if entry.name in names and entry.is_dir(follow_symlinks=False):
                page = None
                for inner in list(os.scandir(entry.path)):
                    found = inner.stat(follow_symlinks=False) if inner.is_file(follow_symlinks=False) else None
                    if found is None or found.st_nlink < 2:
                        unused.move(inner.path)
                    elif inner.name == PAGE:
                        page = (found.st_dev, found.st_ino)  # kept or removed by the caller
                    else:
                        os.unlink(inner.path)  # its bytes stay: the cache (or a site) has them
                kept[entry.path] = page
            else:
                unused.move(entry.path)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        if os.path.lexists(folder):
            raise
        return {}
    finally:
        unused.remove()
    return kept


class _Unused:
    """A folder beside `staging` for what the spare held and this build does not reuse, made
    when first needed and deleted in the background."""

    def __init__(self, staging: Path):
        self.staging, self.folder, self.count = staging, None, 0

    def move(self, path: str) -> None:
        if self.folder is None:
            self.folder = tempfile.mkdtemp(prefix=f"{self.staging.name}-unused-", dir=self.staging.parent)
        self.count += 1
        os.rename(path, os.path.join(self.folder, str(self.count)))

    def remove(self) -> None:
        if self.folder is not None:
            remove_in_background(Path(self.folder))


def remove_in_background(path: Path) -> None:
    """Delete the folder `path` by a detached `rm`, so that its many files do not hold up the
    build (it is no longer part of any site; a leftover is deleted by the next build)."""
    subprocess.Popen(["rm", "-rf", "--", str(path)], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
