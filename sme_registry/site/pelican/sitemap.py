"""sitemap.xml and robots.txt, written after every page exists."""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape


def write_sitemap(pelican_object) -> None:
    base = pelican_object.settings["SME_CONTEXT"].context.public_url
    out = Path(pelican_object.output_path)
    cut = len(os.path.join(out, ""))  # the walk's paths all start with the output folder's
    pages = sorted(os.path.join(folder, name)[cut:].replace(os.sep, "/")
                   for folder, _, names in os.walk(out) for name in names
                   if name.endswith(".html") and name != "404.html")
    urls = [p[: -len("index.html")] if p.endswith("index.html") else p for p in pages]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(base + '/' + u)}</loc></url>" for u in urls]
    lines.append("</urlset>")
    (out / "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n", encoding="utf-8")
