"""One walk of the finished site, before it is swapped in: its pages, for sitemap.xml and
robots.txt, and anything in it that is not a regular file or a folder.

What a published site may hold is regular files in folders: a link or a device in the
rendered tree (never written by this code) is refused rather than published. The walk comes
after every part of the site is written (the forked children's too), so one walk serves both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape


class SiteTree(NamedTuple):
    pages: list[str]  # the .html files but the 404.html pages, as paths from the root ("a/index.html")
    not_plain: list[str]  # entries that are neither a regular file nor a folder, sorted


def walk(root: Path) -> SiteTree:
    pages, found, folders = [], [], [""]
    while folders:
        relative = folders.pop()
        with os.scandir(os.path.join(root, relative)) as entries:
            for entry in entries:  # the kinds come from the directory listing: no stat per file
                name = relative + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append(name + "/")
                elif not entry.is_file(follow_symlinks=False):
                    found.append(name)
                elif entry.name.endswith(".html") and entry.name != "404.html":
                    pages.append(name)
    return SiteTree(sorted(pages), sorted(found))


def write_sitemap(root: Path, pages: list[str], base: str) -> None:
    """sitemap.xml of `pages` (a folder's index.html as the folder's URL) and robots.txt,
    with the site's public address `base`."""
    urls = [p[: -len("index.html")] if p.endswith("index.html") else p for p in pages]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(base + '/' + u)}</loc></url>" for u in urls]
    lines.append("</urlset>")
    (root / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n", encoding="utf-8")
