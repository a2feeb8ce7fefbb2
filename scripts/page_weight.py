#!/usr/bin/env python3
"""Page weight of a built site: HTML + CSS + JS bytes (raw and gzip) per page type.

    python scripts/page_weight.py output            # table
    python scripts/page_weight.py output --json     # machine-readable

A page's weight is its HTML plus every stylesheet (<link rel=stylesheet>) and script
(<script src>) it loads, each gzipped on its own as a web server would send it. Data
fetched later by scripts (the search index, JSON exports) is not counted. For a page type
with several pages (platform pages, notices) the heaviest page is reported.
"""

from __future__ import annotations

import argparse
import gzip
import json
import posixpath
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TYPES = (
    (re.compile(r"^platforms/[^/]+/index\.html$"), "platforms/<id>/index.html"),
    (re.compile(r"^notices/[^/]+/index\.html$"), "notices/<类型>/index.html"),
    (re.compile(r"^notices/(?!index\.html$)[^/]+\.html$"), "notices/<公告>.html"),
    (re.compile(r"^policy/attachment-\d+\.html$"), "policy/attachment-<n>.html"),
)


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").lower().split() and a.get("href"):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])


def page_type(rel: str) -> str:
    for pattern, name in _TYPES:
        if pattern.match(rel):
            return name
    return rel


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weight(site: Path, rel: str) -> dict:
    html = (site / rel).read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    files = {rel: html}
    for url in parser.assets:
        parts = urlsplit(url)
        if parts.scheme or url.startswith("/"):
            continue  # not part of this site; the link gate reports it
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
        if (site / target).is_file():
            files[target] = (site / target).read_bytes()
    return {
        "page": rel,
        "files": sorted(files),
        "raw": sum(len(b) for b in files.values()),
        "gzip": sum(_gzip_size(b) for b in files.values()),
    }


def weights_by_type(site: Path) -> dict[str, dict]:
    site = Path(site)
    result: dict[str, dict] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        weight = page_weight(site, rel)
        kind = page_type(rel)
        weight["pages"] = result.get(kind, {}).get("pages", 0) + 1
        if kind not in result or weight["gzip"] > result[kind]["gzip"]:
            result[kind] = weight
        else:
            result[kind]["pages"] = weight["pages"]
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="每类页面的 HTML+CSS+JS 体积（原始与 gzip）")
    parser.add_argument("output", type=Path, help="生成的网站目录")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    args = parser.parse_args(argv)
    if not (args.output / "index.html").is_file():
        print(f"{args.output} 不是生成的网站（没有 index.html）", file=sys.stderr)
        return 2
    weights = weights_by_type(args.output)
    if args.json:
        print(json.dumps(weights, ensure_ascii=False, indent=2))
        return 0
    print(f"{'页面类型':<34}{'页数':>6}{'原始 KB':>10}{'gzip KB':>10}  最重的页面")
    for kind, w in weights.items():
        print(f"{kind:<36}{w['pages']:>6}{w['raw'] / 1024:>10.1f}{w['gzip'] / 1024:>10.1f}  {w['page']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
