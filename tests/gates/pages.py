"""What the build produced: every HTML page, and one representative page per page type.

Page types are derived from the output, not from a fixed list: a page that matches none
of the known patterns (a new template) becomes a type of its own, so the browser gates
cover new pages as soon as the build writes them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup

# Pages the other page kinds link to; listed so the report can say which are still missing.
EXPECTED_TYPES = (
    "home", "platform-list", "platform:valid", "platform:revoked", "notice-index", "notice-type-list",
    "notice:公示:open", "notice:公示:closed", "notice:认定公告", "notice:撤销公告",
    "policy", "attachment-1", "attachment-2", "attachment-3", "downloads", "404",
)
# Built by other parts of the project; once a build writes them they are ordinary pages
# (iterated from the output like every other page), this list only documents them.
NEWER_PAGES = ("stats/index.html", "apply/index.html", "apply/self-check/index.html",
               "expiring/index.html", "search/index.html")

_PLATFORM = re.compile(r"^platforms/[^/]+/index\.html$")
_COUNTY = re.compile(r"^platforms/county/[^/]+/index\.html$")
_NOTICE_LIST = re.compile(r"^notices/[^/]+/index\.html$")
_NOTICE = re.compile(r"^notices/[^/]+\.html$")
_ATTACHMENT = re.compile(r"^policy/(attachment-\d+)\.html$")


def html_pages(site: Path) -> list[str]:
    """Every .html file of the output, as site-relative POSIX paths, sorted."""
    return sorted(p.relative_to(site).as_posix() for p in Path(site).rglob("*.html"))


@lru_cache(maxsize=4096)
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup(site: Path, rel: str) -> BeautifulSoup:
    return _soup(Path(site) / rel)


def page_type(site: Path, rel: str) -> str:
    fixed = {"index.html": "home", "404.html": "404", "platforms/index.html": "platform-list",
             "notices/index.html": "notice-index", "policy/index.html": "policy", "data/index.html": "downloads"}
    if rel in fixed:
        return fixed[rel]
    if _COUNTY.match(rel):
        return "county-list"
    if _PLATFORM.match(rel):
        badge = soup(site, rel).select_one(".status-box .badge")
        status = next((c[len("badge-"):] for c in (badge.get("class") or []) if c.startswith("badge-")), "?") \
            if badge else "?"
        return f"platform:{status}"
    if _NOTICE_LIST.match(rel):
        return "notice-type-list" if soup(site, rel).select(".notice-card") else "notice-type-list:empty"
    if _NOTICE.match(rel):
        doc = soup(site, rel)
        tag = doc.select_one("article.notice .meta .tag")
        kind = f"notice:{tag.get_text(strip=True) if tag else '?'}"
        window = doc.select_one(".publicity-window")
        if window is not None:
            state = next((c[len("window-"):] for c in window.get("class", []) if c.startswith("window-")), "?")
            kind += f":{state}"
        return kind
    attachment = _ATTACHMENT.match(rel)
    if attachment:
        return attachment.group(1)
    return f"page:{rel}"


def representatives(site: Path) -> dict[str, str]:
    """{page type: first page of that type}; the browser gates run on these."""
    chosen: dict[str, str] = {}
    for rel in html_pages(site):
        chosen.setdefault(page_type(site, rel), rel)
    return dict(sorted(chosen.items()))
