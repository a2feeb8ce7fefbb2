"""Refuses an output folder that a build could not safely replace.

A build deletes the previous output folder and puts a new one in its place, so the
folder must not overlap anything the build reads or the repository holds. Paths are
compared after resolving symlinks: `output -> data` is the data folder.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sme_registry.resources import CHECKOUT

ENGINE_ROOT = CHECKOUT
# Folders of a registry (SRC) that the build reads; an output may not overlap them at all.
SOURCE_FOLDERS = ("data", "content")
# Folders and files of the engine (templates, code, settings, schemas, history).
ENGINE_ENTRIES = ("theme", "sme_registry", "schema", "pelicanconf.py", ".git", "tests", "scripts", "docs")
# A folder holding these is a site an earlier build wrote, so replacing it loses nothing.
BUILT_MARKERS = ("index.html", "sitemap.xml")


_REASONS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "文件系统只读",
    errno.ENOENT: "路径不存在，且无法在那里创建", errno.EEXIST: "路径上已有同名的文件挡住了目录",
    errno.ENOTDIR: "路径上已有同名的文件挡住了目录", errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满", errno.EISDIR: "路径上是目录而不是文件",
}


def reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese."""
    return _REASONS.get(exc.errno, f"系统错误 {exc.errno}" if exc.errno else "无法访问")


class OutputRefused(Exception):
    """The output folder overlaps the source; the message is for the user (Chinese)."""


def real(path: Path | str) -> Path:
    return Path(os.path.realpath(path))


def _overlap(a: Path, b: Path) -> str | None:
    if a == b:
        return "就是"
    if b in a.parents:
        return "位于"
    if a in b.parents:
        return "包含了"
    return None


def check_output(src: Path, output: Path) -> None:
    """Raise OutputRefused when `output` (resolved) may not be replaced by a build of `src`."""
    out, src_real = real(output), real(src)
    # No overlap at all: what the build reads, and the engine's own files.
    protected = [(real(src / name), f"名录的 {name}/ 目录") for name in SOURCE_FOLDERS]
    protected += [(real(ENGINE_ROOT / name), f"程序的 {name}") for name in ENGINE_ENTRIES
                  if os.path.lexists(ENGINE_ROOT / name)]
    for folder, label in protected:
        how = _overlap(out, folder)
        if how:
            raise OutputRefused(f"输出目录 {out} {how}{label}（{folder}）")
    # The roots themselves and everything above them: an output inside is fine (output/).
    roots = [(src_real, "名录目录（--src）"), (ENGINE_ROOT, "程序所在的仓库"), (Path("/"), "根目录 /")]
    try:
        home = Path.home()
    except (KeyError, RuntimeError):  # no home folder known for this user
        home = None
    if home and str(home) not in ("", "/"):
        roots.append((real(home), "用户主目录"))
    for root, label in roots:
        if out == root or out in root.parents:
            how = "就是" if out == root else "包含了"
            raise OutputRefused(f"输出目录 {out} {how}{label}（{root}）")
    if os.path.lexists(out) and not out.is_dir():
        raise OutputRefused(f"输出路径 {out} 已存在且不是目录")
    if out.is_dir() and any(out.iterdir()) and not all((out / m).is_file() for m in BUILT_MARKERS):
        raise OutputRefused(f"输出目录 {out} 不是空目录，也不像本工具生成的网站（缺少 "
                            + "、".join(BUILT_MARKERS) + "），为免误删其中的文件，拒绝覆盖")
